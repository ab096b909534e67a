"""Lesson 02 (repository pattern): a fake that keeps the contract, a caching decorator on
PostgreSQL, and contract tests that catch product- and order-repository bugs."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l02_repository_pattern.ex3_repository_tests"
_VO = "course_lib.lessons.l02_repository_pattern.ex4_order_repository_tests"
_METHODS = "add(product), get(sku), list(), update(product), remove(sku)"

EXERCISES = [
    CodeExercise(
        id="02.1",
        title="An in-memory fake that keeps the contract",
        hidden="course_lib.lessons.l02_repository_pattern.ex1_fake_repository",
        signature=Signature("class FakeProductRepository()", methods=_METHODS),
        hint="Keep products in a dict keyed by SKU; store a copy (copy.deepcopy) in add() and "
        "update(), hand out copies from get() and list(); sort list() by SKU; raise Duplicate / "
        "NotFound from course_lib.shop.errors like the real repositories.",
    ),
    CodeExercise(
        id="02.2",
        title="A read cache in front of the PostgreSQL repository",
        hidden="course_lib.lessons.l02_repository_pattern.ex2_cached_repository",
        signature=Signature("class CachedProductRepository(inner)", methods=_METHODS),
        hint="Call inner first and touch the cache only when that succeeded; keep copies in a "
        "dict filled by get(), refreshed by update(), dropped by remove(); never cache a miss; "
        "hand out copies from every method.",
        timeout=20.0,
    ),
    TestExercise(
        id="02.3",
        title="Extend the contract suite until it catches the bugs",
        fixture="repo",
        given=("test_missing_product_is_none",),  # the workbook's starter test
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
        given=("test_ids_are_assigned",),  # the workbook's starter test
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
            Variant(
                "add-returns-the-argument",
                "Filling in the id on the caller's order and returning it is as good as a copy.",
                "Keep the Order you pass to add(): its id must still be None afterwards.",
                f"{_VO}:AddReturnsTheArgument",
            ),
        ),
    ),
]
