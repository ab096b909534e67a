"""Lesson 04 (real databases): atomic reservations and ON CONFLICT upserts that survive two
sessions at once, tests that catch queries which only work on SQLite, and tests for a readiness
probe that polls instead of sleeping."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_V = "course_lib.lessons.l04_real_databases.ex3_catalog_tests"
_R = "course_lib.lessons.l04_real_databases.ex4_readiness"

EXERCISES = [
    CodeExercise(
        id="04.1",
        title="Reserve stock without losing updates",
        hidden="course_lib.lessons.l04_real_databases.ex1_reserve",
        signature=Signature("reserve(session, sku, quantity)", returns="True or False"),
        hint="Return False for a quantity below 1; then one statement: update(ProductRow)"
        ".where(sku matches, stock >= quantity).values(stock=ProductRow.stock - quantity); it "
        "succeeded when result.rowcount == 1. Do not commit: the caller owns the transaction.",
        timeout=20.0,
    ),
    CodeExercise(
        id="04.2",
        title="Upsert products with ON CONFLICT",
        hidden="course_lib.lessons.l04_real_databases.ex2_upsert_products",
        signature=Signature("upsert_products(session, products)", returns="nothing"),
        hint="Keep the last product per SKU ({p.sku: p for p in products}); skip an empty feed; "
        "from sqlalchemy.dialects.postgresql import insert; statement = insert(ProductRow)"
        ".values([...]); statement.on_conflict_do_update(index_elements=[ProductRow.sku], "
        "set_={'name': statement.excluded.name, ...}). Do not commit.",
        timeout=20.0,
    ),
    TestExercise(
        id="04.3",
        title="Tests that catch SQLite-only queries",
        fixture="catalog",
        provide=f"{_V}:provide_catalog",
        reference=f"{_V}:Reference",
        hint="Call every method of the catalogue at least once, with data that differs in case "
        "and one name that is too long.",
        timeout=15.0,
        variants=(
            Variant(
                "like-is-case-sensitive",
                "LIKE ignores case everywhere, as it does in SQLite.",
                "Add 'Apple Mug', then search for 'mug' (lower case).",
                f"{_V}:LikeIsCaseSensitive",
            ),
            Variant(
                "bare-column-aggregate",
                "SELECT sku, MIN(price_cents) returns the sku of the cheapest row.",
                "Call cheapest() with a few products stored.",
                f"{_V}:BareColumnAggregate",
            ),
            Variant(
                "ifnull",
                "ifnull() is standard SQL.",
                "Call stock_value(), e.g. on an empty catalogue (expect 0).",
                f"{_V}:IfNull",
            ),
            Variant(
                "name-length-unchecked",
                "The database keeps whatever string you give it.",
                "Add a product whose name is longer than 100 characters and expect "
                "InvalidInput (from course_lib.shop.errors).",
                f"{_V}:NameLengthUnchecked",
            ),
        ),
    ),
    TestExercise(
        id="04.4",
        title="Tests for a database readiness probe",
        fixture="readiness",
        provide=f"{_R}:provide_readiness",
        reference=f"{_R}:wait_for_database",
        hint="Point the probe at every kind of 'not ready': a closed port, a port that hangs "
        "up (readiness.starting), a server that refuses the login; and at one that gets ready "
        "after a few attempts. Assert on what it returns or raises and on server.attempts.",
        timeout=10.0,
        variants=(
            Variant(
                "sleeps-then-checks-once",
                "A fixed sleep is long enough for the server to start, so one check after it "
                "will do.",
                "server = readiness.starting(ready_after=2) hangs up twice, then answers: the "
                "probe must keep trying and return (server.attempts == 3).",
                f"{_R}:sleeps_then_checks_once",
            ),
            Variant(
                "trusts-create-engine",
                "create_engine() connects, so once it succeeds the server is up.",
                "Point it at readiness.closed_url, where nothing listens, with a small timeout: "
                "it must raise TimeoutError, not return.",
                f"{_R}:trusts_create_engine",
            ),
            Variant(
                "never-times-out",
                "The server always comes up in the end, so the loop needs no deadline.",
                "A server that never starts (readiness.closed_url) must end in TimeoutError "
                "after `timeout` seconds: use pytest.raises(TimeoutError) with timeout=0.05.",
                f"{_R}:never_times_out",
            ),
            Variant(
                "port-is-open",
                "An open TCP port means PostgreSQL is ready.",
                "readiness.starting(ready_after=None) accepts TCP connections but never runs a "
                "query (like a container's port proxy during start-up): expect TimeoutError.",
                f"{_R}:port_is_open",
            ),
            Variant(
                "retries-a-refusal",
                "Every OperationalError means 'not up yet', so retry until the timeout.",
                "readiness.unknown_database_url reaches a server that answers 'database does "
                "not exist': expect sqlalchemy.exc.OperationalError at once (match='does not "
                "exist'), not a TimeoutError that hides the reason.",
                f"{_R}:retries_a_refusal",
            ),
        ),
    ),
]
