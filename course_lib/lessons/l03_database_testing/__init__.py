"""Lesson 03 (database testing): a SAVEPOINT session fixture, a seeding function, tests that
catch transaction and constraint bugs in a checkout, and tests that catch a test-database kit
leaking rows between tests."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l03_database_testing.ex3_checkout_tests"
_K = "course_lib.lessons.l03_database_testing.ex4_seeding_leak_tests"

EXERCISES = [
    CodeExercise(
        id="03.1",
        title="A session fixture that rolls everything back",
        hidden="course_lib.lessons.l03_database_testing.ex1_savepoint_session",
        signature=Signature(
            "savepoint_session(engine)",
            extra="that yields a Session (a generator, like a pytest yield fixture)",
        ),
        hint="Open a connection, begin() an outer transaction, bind a Session to that connection "
        "with join_transaction_mode='create_savepoint', yield it; in `finally`, close the session, "
        "roll the transaction back and close the connection.",
        timeout=10.0,
    ),
    CodeExercise(
        id="03.2",
        title="Seed the shop for a test",
        hidden="course_lib.lessons.l03_database_testing.ex2_seed_shop",
        signature=Signature(
            "seed_shop(session)",
            returns="a dict with 'customer' (a Customer), 'products' (a list of 2 Product) and "
            "'order' (an Order)",
        ),
        hint="Add through the repositories (they flush, never commit) and use the ids the database "
        "assigned (customer.id), never a hard-coded 1.",
        timeout=10.0,
    ),
    TestExercise(
        id="03.3",
        title="Tests that catch transaction bugs",
        fixture="shop",
        provide=f"{_V}:provide_shop",
        reference=f"{_V}:Reference",
        hint="Read back through shop.new_session(), try an order that must fail, and check what "
        "is left afterwards.",
        timeout=10.0,
        variants=(
            Variant(
                "foreign-keys-off",
                "SQLite checks FOREIGN KEY constraints by default.",
                "Place an order for a customer id that does not exist (e.g. 999) and expect "
                "an IntegrityError.",
                f"{_V}:ForeignKeysOff",
            ),
            Variant(
                "partial-write",
                "Committing each step separately is as good as one transaction.",
                "Make an order fail after stock was taken (unknown customer), then read the "
                "stock back in a new session: it must be unchanged.",
                f"{_V}:PartialWrite",
            ),
            Variant(
                "never-commits",
                "flush() saves the rows; commit() is optional.",
                "Place an order, then read it back through shop.new_session().",
                f"{_V}:NeverCommits",
            ),
            Variant(
                "no-rollback-after-error",
                "A session can be reused after a failed flush without rollback().",
                "After an order that fails, place a valid one: it must still work.",
                f"{_V}:NoRollbackAfterError",
            ),
        ),
    ),
    TestExercise(
        id="03.4",
        title="Tests that catch a test-database kit leaking rows",
        fixture="shop_db",
        provide=f"{_K}:provide_shop_db",
        reference=f"{_K}:Reference",
        hint="Do what a test does — seed, commit or roll back, clean — then look through "
        "shop_db.counts() (a new connection) at what is left; seed when other rows already "
        "exist; try an order for a customer that does not exist.",
        timeout=10.0,
        variants=(
            Variant(
                "seed-commits",
                "A seeding helper should commit, so the code under test sees its rows.",
                "Seed in a session, roll the session back, then expect shop_db.counts() to be "
                "all zeros.",
                f"{_K}:SeedCommits",
            ),
            Variant(
                "fixed-ids",
                "In a fresh test database Ada is always customer 1, so her order can say "
                "customer_id=1.",
                "Store another customer first, then seed: the seeded order must belong to the "
                "customer id seed() returned.",
                f"{_K}:FixedIds",
            ),
            Variant(
                "parents-first",
                "The order of the DELETEs does not matter when every table is emptied.",
                "Seed, COMMIT, call clean(), then expect every count to be 0.",
                f"{_K}:ParentsFirst",
            ),
            Variant(
                "clean-never-commits",
                "A DELETE on engine.connect() is saved as soon as it runs.",
                "Seed, commit, clean(), then read shop_db.counts(): a new connection must see "
                "no rows.",
                f"{_K}:CleanNeverCommits",
            ),
            Variant(
                "foreign-keys-off",
                "SQLite enforces FOREIGN KEY constraints by default.",
                "Add an order for customer 999 through shop_db.engine and expect an "
                "IntegrityError on flush.",
                f"{_K}:ForeignKeysOff",
            ),
        ),
    ),
]
