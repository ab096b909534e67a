"""Lesson 04 keeps its promises: the topics are in the notebook, every SQLite-only variant of
exercise 04.3 really works on SQLite and really fails on PostgreSQL, and every probe of exercise
04.4 looks fine against a running server and fails only where its bug shows (else it teaches
nothing)."""

from __future__ import annotations

import re
import socket
import threading
from contextlib import ExitStack
from pathlib import Path

import nbformat
import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l04_real_databases import ex3_catalog_tests as lesson04
from course_lib.lessons.l04_real_databases import ex4_readiness as probes
from course_lib.lessons.l04_real_databases.ex4_readiness import bounded
from course_lib.lessons.l04_real_databases.limit import Budget, StillWaiting, pause
from course_lib.lessons.l04_real_databases.loopback import StartingServer, closed_port
from course_lib.shop import db
from course_lib.shop.db import ProductRow
from course_lib.shop.sqlite_engine import sqlite_engine

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "04-real-databases.ipynb"


def _text(kind: str | None = None) -> str:
    cells = nbformat.read(LESSON, as_version=4).cells
    return "\n".join(c.source for c in cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize(
    "needle",
    [
        "COURSE_DATABASE_URL",
        "PostgresContainer",
        "@pytest.mark.docker",
        "wait_until",
        "VARCHAR",
        "ilike",
        "MIN(price_cents)",
        "on_conflict_do_update",
        "with_for_update",
        "pool_size",
        "ThreadPoolExecutor",
        "Measure, don't assert",
        "Predict, then run",
        "pg_blocking_pids",
    ],
)
def test_lesson_covers(needle):
    assert needle in _text(), f"lesson 04 no longer shows {needle!r}"


def test_lesson_polls_instead_of_sleeping():
    assert not re.search(r"\btime\.sleep\(|^\s*sleep\(", _text("code"), re.M)


@pytest.mark.parametrize("exercise_id", ["04.3", "04.4"])
def test_test_check_has_enough_variants(exercise_id):
    exercise = registry.get(exercise_id)
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 4


def _exercise_catalog(catalog) -> tuple:
    catalog.add("A1", "Apple Mug", 1250, stock=2)
    catalog.add("B2", "Pen", 199, stock=10)
    return catalog.search("mug"), catalog.cheapest(), catalog.stock_value()


@pytest.fixture
def sqlite_session(tmp_path):
    engine = sqlite_engine(tmp_path / "lite.sqlite3")
    db.create_schema(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.mark.parametrize(
    "variant", ["LikeIsCaseSensitive", "BareColumnAggregate", "IfNull", "NameLengthUnchecked"]
)
def test_sqlite_only_variants_look_fine_on_sqlite(variant, sqlite_session):
    impl = getattr(lesson04, variant)
    assert _exercise_catalog(impl(sqlite_session)) == (["A1"], "B2", 2 * 1250 + 10 * 199)
    if variant == "NameLengthUnchecked":
        impl(sqlite_session).add("L1", "x" * 150, 1)  # no length check, and SQLite does not mind


@pytest.mark.integration
def test_the_same_variants_break_on_postgresql(engine, db_session):
    db.create_schema(engine)
    broken = {}
    for name in ["LikeIsCaseSensitive", "BareColumnAggregate", "IfNull"]:
        nested = db_session.begin_nested()
        try:
            broken[name] = _exercise_catalog(getattr(lesson04, name)(db_session))
        except DBAPIError as exc:
            broken[name] = type(exc.orig).__name__
        nested.rollback()
    assert broken == {
        "LikeIsCaseSensitive": ([], "B2", 2 * 1250 + 10 * 199),
        "BareColumnAggregate": "GroupingError",
        "IfNull": "UndefinedFunction",
    }
    with pytest.raises(DBAPIError, match="too long"):
        lesson04.NameLengthUnchecked(db_session).add("L1", "x" * 150, 1)


def _same_sku_twice(dialect):
    """One multi-row upsert naming D1 twice (what exercise 04.2's "later entry wins" is about)."""
    rows = [
        {"sku": "D1", "name": "first", "price_cents": 100, "stock": 1},
        {"sku": "D1", "name": "later", "price_cents": 200, "stock": 1},
    ]
    statement = dialect.insert(ProductRow).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[ProductRow.sku], set_={"name": statement.excluded.name}
    )


def test_same_sku_twice_in_one_upsert_passes_on_sqlite(sqlite_session):
    sqlite_session.execute(_same_sku_twice(sqlite))
    assert sqlite_session.get(ProductRow, "D1").name == "later"


@pytest.mark.integration
def test_same_sku_twice_in_one_upsert_fails_on_postgresql(engine, db_session):
    db.create_schema(engine)
    with pytest.raises(DBAPIError, match="cannot affect row a second time"):
        db_session.execute(_same_sku_twice(postgresql))


def _relay_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "starting-server"]


def test_closed_port_refuses():
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", closed_port()), timeout=1).close()


def _select_one(url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT 1"))
    finally:
        engine.dispose()


@pytest.mark.integration
def test_starting_server_hangs_up_then_relays(database_url):
    server = StartingServer(database_url, ready_after=2)
    try:
        for _ in range(2):
            with pytest.raises(DBAPIError, match="closed the connection"):
                _select_one(server.url)
        assert _select_one(server.url) == 1
        assert server.attempts == 3
    finally:
        server.close()
    assert _relay_threads() == []


def _outcome(readiness, situation: str):
    """What a probe makes of one situation: "ready" or the exception's name, and the attempts."""
    server = None
    if situation == "up":
        url = readiness.url
    elif situation == "late":
        server = readiness.starting(ready_after=2)
        url = server.url
    elif situation == "hangs up":
        server = readiness.starting(ready_after=None)
        url = server.url
    else:
        url = {"closed": readiness.closed_url, "refused": readiness.unknown_database_url}[situation]
    try:
        readiness.wait_for_database(url, timeout=1 if situation in ("up", "late") else 0.05)
        got = "ready"
    except (Exception, StillWaiting) as exc:  # noqa: BLE001 - the outcome is what we compare
        got = type(exc).__name__
    return (got, server.attempts) if situation == "late" else got


SITUATIONS = ["up", "late", "closed", "hangs up", "refused"]
GOOD = ["ready", ("ready", 3), "TimeoutError", "TimeoutError", "OperationalError"]
PROBES = {  # each bug changes exactly the situations it is about
    "wait_for_database": GOOD,
    "sleeps_then_checks_once": ["ready", ("TimeoutError", 1), *GOOD[2:]],
    "trusts_create_engine": ["ready", ("ready", 0), "ready", "ready", "ready"],
    "never_times_out": [*GOOD[:2], "StillWaiting", "StillWaiting", GOOD[4]],
    "port_is_open": ["ready", ("ready", 1), "TimeoutError", "ready", "ready"],
    "retries_a_refusal": [*GOOD[:4], "TimeoutError"],
}


@pytest.mark.integration
@pytest.mark.parametrize("name", PROBES)
def test_each_probe_fails_only_where_its_bug_shows(name, database_url):
    with ExitStack() as servers:
        readiness = probes.Readiness(bounded(getattr(probes, name)), database_url, servers)
        got = [_outcome(readiness, situation) for situation in SITUATIONS]
    assert dict(zip(SITUATIONS, got, strict=True)) == dict(
        zip(SITUATIONS, PROBES[name], strict=True)
    )
    assert _relay_threads() == []


def test_every_variant_is_in_the_table():
    impls = {v.impl.rsplit(":", 1)[1] for v in registry.get("04.4").variants}
    assert impls | {"wait_for_database"} == set(PROBES)


def test_bounded_stops_a_probe_that_never_gives_up():
    def forever(url, timeout):
        while True:
            pause(0.01)

    with pytest.raises(StillWaiting, match="never gives up"):
        bounded(forever)("postgresql://nowhere", 0.01)
    pause(0)  # outside a bounded call, pausing never raises


def test_a_pause_that_starts_in_time_is_never_stopped():
    with Budget(0.2):
        pause(0.3)  # starts before the deadline and overruns it: a slow CI runner
        with pytest.raises(StillWaiting):
            pause(0)  # starts after it: the probe is still trying
