"""Lesson 04 keeps its promises: the topics are in the notebook, and every SQLite-only variant
of exercise 04.3 really works on SQLite and really fails on PostgreSQL (else it teaches nothing)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l04_real_databases import ex3_catalog_tests as lesson04
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


def test_test_check_has_enough_variants():
    exercise = registry.get("04.3")
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 3


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
