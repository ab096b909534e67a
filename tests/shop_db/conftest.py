"""Fixtures for the lesson 03/04 shop modules: a SQLite file engine and the PostgreSQL one."""

from __future__ import annotations

import pytest

from course_lib.shop import db
from course_lib.shop.sqlite_engine import sqlite_engine


@pytest.fixture
def sqlite_db(tmp_path):
    """An engine on a fresh SQLite file with the shop schema and foreign keys on."""
    engine = sqlite_engine(tmp_path / "shop.sqlite3")
    db.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_session(engine, db_session):
    """The course plugin's SAVEPOINT-isolated session on PostgreSQL, shop schema created."""
    db.create_schema(engine)
    return db_session
