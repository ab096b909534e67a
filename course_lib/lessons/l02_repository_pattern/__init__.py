"""Lesson 02 (repository pattern): a fake that keeps the contract, a caching decorator on
PostgreSQL, and contract tests that catch product- and order-repository bugs."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant

_V = "course_lib.lessons.l02_repository_pattern.ex3_repository_tests"
_VO = "course_lib.lessons.l02_repository_pattern.ex4_order_repository_tests"

EXERCISES = [
    CodeExercise(
        id="02.1",
        title="An in-memory fake that keeps the contract",
        hidden="course_lib.lessons.l02_repository_pattern.ex1_fake_repository",
        expects="a class FakeProductRepository() with add, get, list, update and remove",
        hint="Store copies (copy.deepcopy) in a dict keyed by SKU; sort by SKU in list(); "
        "raise Duplicate / NotFound like the real repositories.",
        answer="FakeProductRepository",
    ),
    CodeExercise(
        id="02.2",
        title="A read cache in front of the PostgreSQL repository",
        hidden="course_lib.lessons.l02_repository_pattern.ex2_cached_repository",
        expects="a class CachedProductRepository(inner) with add, get, list, update and remove",
        hint="Keep a dict of copies; fill it on get(), refresh it on update(), drop the SKU on "
        "remove(); never cache a miss; hand out copies.",
        answer="CachedProductRepository",
        timeout=20.0,
    ),
    TestExercise(
        id="02.3",
        title="Extend the contract suite until it catches the bugs",
        fixture="repo",
        provide=f"{_V}:provide_repo",
        reference=f"{_V}:Reference",
        hint="One test per promise in the contract: copies, order, duplicates, missing keys.",
        variants=(
            Variant(
                "add-never-commits",
                "execute() stores the row; committing is optional.",
                "Add a product, then get() it: the repository reads through a new connection.",
                f"{_V}:AddNeverCommits",
            ),
            Variant(
                "get-shares-cached-object",
                "Returning the stored object is harmless; nobody will change it.",
                "Change a field of what get() returned, then get() again.",
                f"{_V}:GetSharesCachedObject",
            ),
            Variant(
                "list-unordered",
                "Rows come back in a sensible order without ORDER BY.",
                "Add SKUs out of alphabetical order, then compare list() to the sorted SKUs.",
                f"{_V}:ListUnordered",
            ),
            Variant(
                "add-overwrites-duplicate",
                "add() may quietly replace an existing product (an upsert).",
                "Add the same SKU twice: pytest.raises(Duplicate), and the first one survives.",
                f"{_V}:AddOverwritesDuplicate",
            ),
            Variant(
                "update-missing-is-silent",
                "An UPDATE that matches no row is an error the database reports.",
                "update() a SKU that was never added: pytest.raises(NotFound).",
                f"{_V}:UpdateMissingIsSilent",
            ),
        ),
    ),
    TestExercise(
        id="02.4",
        title="Contract tests for the order repository on SQLite",
        fixture="orders",
        provide=f"{_VO}:provide_orders",
        reference=f"{_VO}:Reference",
        hint="Read back what you stored through get() and list_for_customer(), and try orders the "
        "database must refuse.",
        variants=(
            Variant(
                "foreign-keys-off",
                "SQLite enforces REFERENCES clauses like any other database.",
                "Order an unknown product or customer: expect sqlite3.IntegrityError.",
                f"{_VO}:ForeignKeysOff",
            ),
            Variant(
                "lines-in-a-second-transaction",
                "Writing the order and its lines in two transactions is just as safe.",
                "After an add() that fails on a bad line, the customer must have no orders.",
                f"{_VO}:LinesInASecondTransaction",
            ),
            Variant(
                "lines-not-loaded",
                "Reading the orders row is enough; the lines will come along.",
                "Compare get(order.id).lines with the lines you stored.",
                f"{_VO}:LinesNotLoaded",
            ),
            Variant(
                "list-ignores-customer",
                "list_for_customer() only ever sees one customer's orders in tests.",
                "Store orders for two customers, then list one of them.",
                f"{_VO}:ListIgnoresCustomer",
            ),
        ),
    ),
]
