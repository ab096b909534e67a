"""Lesson 10 (test data, isolation and flaky tests): cleanup in foreign-key order on real
PostgreSQL, tests for a test data manager, one database per xdist worker, and tests for a "due
today" rule under a pinned clock."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_D = "course_lib.lessons.l10_test_data.ex2_data_manager"
_T = "course_lib.lessons.l10_test_data.ex4_due_today"

EXERCISES = [
    CodeExercise(
        id="10.1",
        title="Clean up children before parents",
        hidden="course_lib.lessons.l10_test_data.ex1_cleanup",
        signature=Signature("cleanup(session, created)", returns="nothing"),
        hint="Raise ValueError for a name not in db.Base.metadata.tables; then walk "
        "reversed(db.Base.metadata.sorted_tables) (children first), and for each table in "
        "`created` with keys: session.execute(delete(table).where(pk_column.in_(keys))), where "
        "(pk_column,) = table.primary_key.columns. Commit once at the end.",
        timeout=20.0,
    ),
    TestExercise(
        id="10.2",
        title="Tests for a test data manager",
        fixture="data",
        provide=f"{_D}:provide",
        reference=f"{_D}:Reference",
        hint="Make data through the manager (two of a kind, an order with nothing given), "
        "remember the keys, call data.cleanup(), then count the rows with "
        "data.session.scalar(select(func.count())...): yours gone, others' still there.",
        timeout=15.0,
        variants=(
            Variant(
                "parents-first",
                "Deleting in the order the rows were made is fine: it works on SQLite.",
                "Make an order (it brings a customer, a product and a line) and call "
                "data.cleanup(): on PostgreSQL it must not raise, and the order must be gone.",
                f"{_D}:ParentsFirst",
            ),
            Variant(
                "fixed-values",
                "Test data can use fixed values such as test@example.com: each test makes one.",
                "Make two customers (or two products) in one test: both must be stored, with "
                "different e-mails (SKUs).",
                f"{_D}:FixedValues",
            ),
            Variant(
                "sku-too-long",
                "A whole uuid4 in the SKU is the safest unique value.",
                "Make a product on PostgreSQL and check it is stored: sku is VARCHAR(32).",
                f"{_D}:SkuTooLong",
            ),
            Variant(
                "forgets-what-order-made",
                "Tracking the order is enough; what it needed comes and goes with it.",
                "Call data.order() with no customer or product, keep order.customer_id and the "
                "line's sku, cleanup(), then count those customers and products: 0.",
                f"{_D}:ForgetsWhatOrderMade",
            ),
            Variant(
                "deletes-everything",
                "The test database holds only this test's rows, so cleanup may empty the tables.",
                "Add a customer yourself (data.session.add(...); data.session.commit()), make one "
                "through the manager, cleanup(): yours must still be there.",
                f"{_D}:DeletesEverything",
            ),
        ),
    ),
    CodeExercise(
        id="10.3",
        title="One database per xdist worker",
        hidden="course_lib.lessons.l10_test_data.ex3_worker_database",
        signature=Signature("worker_database_name(worker_id, run_id)", returns="a str"),
        hint="f'test_{digest}_{worker}' with digest = hashlib.sha256(run_id.encode()).hexdigest()"
        "[:16] (hashed, so long run ids never collide and the name stays short) and worker = "
        "worker_id.lower() with every character outside a-z0-9 replaced by '_'.",
        timeout=20.0,
    ),
    TestExercise(
        id="10.4",
        title="Tests for 'due today' with a pinned clock",
        fixture="due_today",
        provide=f"{_T}:provide",
        reference=f"{_T}:Reference",
        hint="Pin the clock with time_machine.move_to(datetime(..., tzinfo=timezone.utc)) near "
        "midnight in Berlin, in summer, and on 29 March 2026 (23-hour day); give due times "
        "just inside and just outside today, and one stored in UTC.",
        timeout=10.0,
        plugins=("time_machine",),
        given=("test_noon_in_winter",),
        variants=(
            Variant(
                "server-date",
                "date.today() is today's date.",
                "Pin the clock at 00:30 Berlin time (22:30 UTC the day before, in summer): the "
                "server in UTC still says yesterday, the shop says today.",
                f"{_T}:server_date",
            ),
            Variant(
                "stored-date",
                "The date of a datetime is the same everywhere.",
                "Store a due time in UTC (22:30 UTC on 1 July) and pin the clock on 2 July in "
                "Berlin: it is due today there.",
                f"{_T}:stored_date",
            ),
            Variant(
                "winter-offset",
                "Berlin is UTC+1.",
                "In summer Berlin is UTC+2: pin the clock at 22:30 UTC in July (00:30 the next "
                "day in Berlin) and give a due time that morning.",
                f"{_T}:winter_offset",
            ),
            Variant(
                "next-24-hours",
                "'Today' is the next 24 hours.",
                "Pin the clock in the evening; a due time tomorrow morning is not today, one "
                "this morning is.",
                f"{_T}:next_24_hours",
            ),
            Variant(
                "day-is-24-hours",
                "Every day has 24 hours.",
                "Pin the clock on 29 March 2026 (clocks go forward in Berlin: a 23-hour day) and "
                "give a due time at 00:30 on 30 March: not today.",
                f"{_T}:day_is_24_hours",
            ),
            Variant(
                "naive-as-local",
                "A datetime without tzinfo is fine: everybody knows which zone is meant.",
                "Give a naive due time (datetime(2026, 1, 15, 16, 0), no tzinfo) and expect "
                "ValueError: pytest.raises(ValueError, match='naive').",
                f"{_T}:naive_as_local",
            ),
        ),
    ),
]
