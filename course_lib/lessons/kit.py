"""Hidden-test fixtures used by several lessons' exercises, written once.

Import a fixture into a hidden-test module (`from course_lib.lessons.kit import shop_sqlite`) and
pytest offers it there under its name. The course plugin (course_lib.testing.plugin) adds
`engine`, `db_session`, `redis_client`, `live_server` and friends.
"""

from __future__ import annotations

import weakref

import pytest

from course_lib.shop import db
from course_lib.shop.db import ProductRow
from course_lib.shop.sqlite_engine import sqlite_engine

_MADE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # engine -> create functions run


def ensure_shop_schema(engine, create=db.create_schema) -> None:
    """create(engine) once per engine (db.create_schema, or a lesson's own that adds tables):
    create_all asks PostgreSQL about every table, and a check runs dozens of tests on one
    session-scoped engine. (A check never drops the shop's tables, so asking again would always
    get the same answer.)"""
    made = _MADE.setdefault(engine, set())
    if create not in made:
        create(engine)
        made.add(create)


@pytest.fixture
def shop_sqlite(tmp_path):
    """A SQLite file with the shop schema and foreign keys on (the check's own, never the
    learner's)."""
    engine = sqlite_engine(tmp_path / "check.sqlite3")
    db.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def shop_pg_session(engine, db_session):
    """The plugin's SAVEPOINT-isolated PostgreSQL session, with the shop schema in place."""
    ensure_shop_schema(engine)
    return db_session


@pytest.fixture
def mug_in_stock(shop_pg_session):
    """shop_pg_session holding product A1 "Mug", 1250 cents, stock 5 (flushed, not committed)."""
    shop_pg_session.add(ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5))
    shop_pg_session.flush()
    return shop_pg_session
