"""Lesson 10 keeps its promises: the topics are in the notebook; ShopData, the worker database
names and due_today() behave as taught on the real PostgreSQL and under a pinned clock; every
variant of exercises 10.2 and 10.4 really shows its bug where the lesson says (and only there);
a parents-first cleanup passes on SQLite without foreign keys and fails on PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nbformat
import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from course_lib.backends.probes import pg_params
from course_lib.checks import registry
from course_lib.lessons.l10_test_data import ex2_data_manager as managers
from course_lib.lessons.l10_test_data import ex4_due_today as clocks
from course_lib.lessons.l10_test_data.data import ShopData, delete_tracked
from course_lib.lessons.l10_test_data.workers import (
    create_database,
    drop_database,
    worker_database_name,
)
from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OrderRow, ProductRow
from course_lib.shop.deliveries import due_today
from course_lib.shop.sqlite_engine import sqlite_engine

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "10-test-data.ipynb"
BERLIN = ZoneInfo("Europe/Berlin")


def _text() -> str:
    return "\n".join(c.source for c in nbformat.read(LESSON, as_version=4).cells)


@pytest.mark.parametrize(
    "topic",
    [
        "SQLAlchemyModelFactory",
        "reseed_random",
        "uuid.uuid4().hex[:12]",
        "Predict, then run",
        "sorted_tables",
        '"-p", "randomly"',
        "--randomly-seed=",
        '"-n", "2"',
        "worker_id",
        "testrun_uid",
        "PYTEST_XDIST_WORKER",
        "COURSE_DATABASE_URL",
        "time_machine",
        "ZoneInfo",
        "PytestCollectionWarning",
        "Quarantine",
        "scratch_dir",
    ],
)
def test_notebook_teaches(topic):
    assert topic in _text(), f"notebook 10 no longer mentions {topic!r}"


@pytest.fixture
def session(engine, db_sessionmaker):
    db.create_schema(engine)
    session = db_sessionmaker()
    yield session
    session.close()


def _count(session, row, column, keys) -> int:
    return session.scalar(select(func.count()).select_from(row).where(column.in_(keys)))


# --- ShopData and delete_tracked (the reference), on real PostgreSQL ---------------------------


def test_shop_data_makes_unique_rows_and_cleans_up_only_them(session):
    other = CustomerRow(email="lesson10.other@example.test", name="Other")
    session.add(other)
    session.commit()
    other_id = other.id
    data = ShopData(session)
    first, second = data.order(), data.order()
    customers = [first.customer_id, second.customer_id]
    skus = [first.lines[0].sku, second.lines[0].sku]
    orders = [first.id, second.id]
    assert len(set(customers)) == 2 and len(set(skus)) == 2
    assert all(len(sku) <= 32 for sku in skus)
    data.cleanup()
    assert _count(session, CustomerRow, CustomerRow.id, customers) == 0
    assert _count(session, ProductRow, ProductRow.sku, skus) == 0
    assert _count(session, OrderRow, OrderRow.id, orders) == 0
    assert _count(session, CustomerRow, CustomerRow.id, [other_id]) == 1
    assert data.created == {}


def test_delete_tracked_refuses_unknown_tables(session):
    with pytest.raises(ValueError, match="basket"):
        delete_tracked(session, {"basket": [1]})


def test_parents_first_passes_on_sqlite_without_foreign_keys(tmp_path):
    """The variant's story: SQLite without PRAGMA foreign_keys accepts the parents-first order."""
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{tmp_path / 'nofk.sqlite3'}")  # foreign keys off
    db.create_schema(engine)
    with Session(engine) as s:
        data = managers.ParentsFirst(s)
        data.order()
        data.cleanup()
        assert s.scalar(select(func.count()).select_from(OrderRow)) == 0
    engine.dispose()
    fk_engine = sqlite_engine(tmp_path / "fk.sqlite3")  # the course's: foreign keys on
    db.create_schema(fk_engine)
    with Session(fk_engine) as s:
        data = managers.ParentsFirst(s)
        data.order()
        with pytest.raises(IntegrityError):
            data.cleanup()
    fk_engine.dispose()


# --- the variants of 10.2 show their bugs on PostgreSQL ----------------------------------------


def test_parents_first_fails_on_postgres(session):
    data = managers.ParentsFirst(session)
    data.order()
    with pytest.raises(IntegrityError):
        data.cleanup()


def test_fixed_values_fail_on_the_second_row(session):
    data = managers.FixedValues(session)
    data.customer()
    with pytest.raises(IntegrityError):
        data.customer()


def test_sku_too_long_fails_on_postgres(session):
    with pytest.raises(DBAPIError, match="too long"):
        managers.SkuTooLong(session).product()


def test_forgets_what_order_made_leaves_rows(session):
    data = managers.ForgetsWhatOrderMade(session)
    order = data.order()
    customer_id, sku = order.customer_id, order.lines[0].sku
    data.cleanup()
    assert _count(session, CustomerRow, CustomerRow.id, [customer_id]) == 1
    assert _count(session, ProductRow, ProductRow.sku, [sku]) == 1


def test_deletes_everything_deletes_others(session):
    other = CustomerRow(email="lesson10.victim@example.test", name="Victim")
    session.add(other)
    session.commit()
    other_id = other.id
    data = managers.DeletesEverything(session)
    data.customer()
    data.cleanup()
    assert _count(session, CustomerRow, CustomerRow.id, [other_id]) == 0


def test_every_variant_of_10_2_passes_the_happy_path(session):
    """Each buggy manager makes one customer fine: the bugs hide from a one-row test."""
    for variant in registry.get("10.2").variants:
        impl = registry.resolve(variant.impl)
        if variant.id == "sku-too-long":
            continue  # it fails on any product: the column is VARCHAR(32)
        assert impl(session).customer().id is not None


# --- worker databases ---------------------------------------------------------------------------


def test_worker_database_names():
    names = {worker_database_name(w, "r" * 200) for w in ("gw0", "gw1", "gw10", "master")}
    assert len(names) == 4
    assert all(len(n) <= 63 and n.startswith("test_") for n in names)
    assert worker_database_name("gw0", "a") != worker_database_name("gw0", "b")


def test_worker_database_is_created_and_dropped(database_url):
    name = worker_database_name("gw7", "lesson-10-test")
    url = create_database(database_url, name)
    try:
        with psycopg.connect(connect_timeout=5, **pg_params(url)) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        drop_database(database_url, name)
    with psycopg.connect(autocommit=True, connect_timeout=5, **pg_params(database_url)) as conn:
        left = conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (name,))
        assert left.fetchone() == (0,)


def _databases(server_url: str, *names: str) -> set[str]:
    with psycopg.connect(autocommit=True, connect_timeout=5, **pg_params(server_url)) as conn:
        query = "SELECT datname FROM pg_database WHERE datname = ANY(%s)"
        rows = conn.execute(query, (list(names),))
        return {name for (name,) in rows}


def test_a_killed_runs_worker_database_is_reaped_and_a_live_ones_is_not(database_url):
    """A worker killed before its teardown leaves its database; the next course process on this
    host drops it (its owner, recorded in the COMMENT, is gone) and keeps a live worker's."""
    import subprocess
    import sys

    from course_lib.backends.shared_pg import reap_url

    run = f"reap-{time.time_ns()}"
    dead, live = worker_database_name("gw0", run), worker_database_name("gw1", run)
    code = "import sys; from course_lib.lessons.l10_test_data.workers import create_database; "
    code += "create_database(sys.argv[1], sys.argv[2])"
    subprocess.run([sys.executable, "-c", code, database_url, dead], check=True, timeout=60)
    try:
        assert _databases(database_url, dead) == {dead}  # its worker exited without dropping it
        create_database(database_url, live)  # a course process starting on this host reaps
        assert _databases(database_url, dead, live) == {live}
        assert live not in reap_url(database_url)
        assert _databases(database_url, live) == {live}
    finally:
        drop_database(database_url, dead)
        drop_database(database_url, live)


def test_a_role_that_may_not_create_databases_gets_one_sentence(database_url):
    import secrets

    from sqlalchemy.engine import make_url

    from course_lib.backends import ServiceUnavailable

    role = f"course_test_{secrets.token_hex(4)}"
    with psycopg.connect(autocommit=True, connect_timeout=5, **pg_params(database_url)) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN NOCREATEDB')
    try:
        url = make_url(database_url).set(username=role).render_as_string(hide_password=False)
        with pytest.raises(ServiceUnavailable) as refused:
            create_database(url, worker_database_name("gw0", "no-createdb"))
        assert str(refused.value) == (
            f"The role {role} of COURSE_DATABASE_URL may not create databases, and each "
            f"pytest-xdist worker needs its own; run `ALTER ROLE {role} CREATEDB` on that server."
        )
    finally:
        with psycopg.connect(autocommit=True, connect_timeout=5, **pg_params(database_url)) as c:
            c.execute(f'DROP ROLE "{role}"')


# --- due_today and its variants under a pinned clock, the server in UTC ------------------------


@pytest.fixture
def utc_server(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


CASES = {  # name: (now in UTC, due times, what the correct function returns)
    "midnight-summer": (
        datetime(2026, 7, 1, 22, 30, tzinfo=UTC),
        {
            "today": datetime(2026, 7, 2, 8, tzinfo=BERLIN),
            "before": datetime(2026, 7, 1, 12, tzinfo=BERLIN),
        },
        ["today"],
    ),
    "evening": (
        datetime(2026, 7, 2, 18, tzinfo=UTC),
        {
            "utc": datetime(2026, 7, 1, 22, 30, tzinfo=UTC),
            "morning": datetime(2026, 7, 2, 6, tzinfo=BERLIN),
            "tomorrow": datetime(2026, 7, 3, 8, tzinfo=BERLIN),
        },
        ["morning", "utc"],
    ),
    "dst": (
        datetime(2026, 3, 29, 10, tzinfo=UTC),
        {
            "early": datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN),
            "late": datetime(2026, 3, 30, 0, 30, tzinfo=BERLIN),
        },
        ["early"],
    ),
    "noon-winter": (
        datetime(2026, 1, 15, 11, tzinfo=UTC),
        {
            "A": datetime(2026, 1, 15, 16, tzinfo=BERLIN),
            "B": datetime(2026, 1, 16, 9, tzinfo=BERLIN),
        },
        ["A"],
    ),
}
WRONG_IN = {  # variant -> the cases where it is wrong (right in all others)
    "server_date": {"midnight-summer"},
    "stored_date": {"evening"},
    "winter_offset": {"midnight-summer", "evening", "dst"},
    "next_24_hours": {"evening", "dst", "noon-winter"},
    "day_is_24_hours": {"dst"},
    "naive_as_local": set(),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_due_today_reference(case, utc_server, time_machine):
    now, due, expected = CASES[case]
    time_machine.move_to(now)
    assert due_today(due, "Europe/Berlin") == expected


@pytest.mark.parametrize("variant", sorted(WRONG_IN))
def test_due_today_variant_wrong_only_where_taught(variant, utc_server, time_machine):
    impl = getattr(clocks, variant)
    wrong = set()
    for case, (now, due, expected) in CASES.items():
        time_machine.move_to(now)
        if impl(due, "Europe/Berlin") != expected:
            wrong.add(case)
    assert wrong == WRONG_IN[variant]


def test_naive_due_time(utc_server, time_machine):
    time_machine.move_to(datetime(2026, 1, 15, 11, tzinfo=UTC))
    naive = {"n": datetime(2026, 1, 15, 16)}
    with pytest.raises(ValueError, match="naive"):
        due_today(naive, "Europe/Berlin")
    assert clocks.naive_as_local(naive, "Europe/Berlin") == ["n"]  # quietly read as UTC


def test_zoneinfo_destination_switches_local_zone(utc_server, time_machine):
    """What the workbook says: a ZoneInfo destination makes time-machine switch TZ too, so a
    server-date bug hides; a UTC destination does not."""
    due = CASES["midnight-summer"][1]
    time_machine.move_to(datetime(2026, 7, 2, 0, 30, tzinfo=BERLIN))
    assert clocks.server_date(due, "Europe/Berlin") == ["today"]  # hidden
    time_machine.move_to(datetime(2026, 7, 1, 22, 30, tzinfo=UTC))
    assert clocks.server_date(due, "Europe/Berlin") == ["before"]  # shown
