"""Fixtures for the shop's own tests: each backend the repositories run on.

`backend` is parametrized over every implementation; a Backend hands out repositories that
share one store, so a test can write through one and read through a *new* one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session

from course_lib.shop import db
from course_lib.shop.repositories import memory, sqlite
from course_lib.shop.repositories import sqlalchemy as sa_repos
from course_lib.shop.sqlite_engine import sqlite_engine as make_sqlite_engine

BACKENDS = ["memory", "sqlite3", "sqlalchemy-sqlite", "sqlalchemy-postgres"]


@dataclass
class Backend:
    """Factories for repositories over one shared store."""

    name: str
    products: Callable[[], Any]
    orders: Callable[[], Any]
    customers: Callable[[], Any]


@pytest.fixture(scope="session")
def shop_schema(engine):
    """The shop tables on the course's PostgreSQL (created once; tests roll back their rows)."""
    db.create_schema(engine)
    return engine


@pytest.fixture
def shop_session(shop_schema, db_session):
    """A SAVEPOINT-isolated Session on PostgreSQL with the shop tables in place."""
    return db_session


@pytest.fixture
def sqlite_file(tmp_path):
    """A SQLite file with the shop tables created by the sqlite3 module."""
    path = tmp_path / "shop.sqlite3"
    sqlite.create_tables(path)
    return path


@pytest.fixture
def sqlite_engine(tmp_path) -> Iterator[Any]:
    """A SQLAlchemy engine on a SQLite file, foreign keys on, schema from db.py."""
    engine = create_engine(f"sqlite:///{tmp_path / 'orm.sqlite3'}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, issue BEGIN: needed for SAVEPOINTs to work.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    db.create_schema(engine)
    yield engine
    engine.dispose()


def _session_backend(name: str, session: Session) -> Iterator[Backend]:
    """Every factory call opens a NEW session on the same connection: it sees only flushed rows."""
    connection = session.connection()
    opened: list[Session] = []

    def new_session() -> Session:
        opened.append(Session(bind=connection, join_transaction_mode="create_savepoint"))
        return opened[-1]

    yield Backend(
        name,
        products=lambda: sa_repos.SqlAlchemyProductRepository(new_session()),
        orders=lambda: sa_repos.SqlAlchemyOrderRepository(new_session()),
        customers=lambda: sa_repos.SqlAlchemyCustomerRepository(new_session()),
    )
    for extra in reversed(opened):  # savepoints nest: release the newest first
        extra.close()


@pytest.fixture(params=BACKENDS)
def backend(request) -> Iterator[Backend]:
    """One Backend per implementation (PostgreSQL through the course plugin's db_session)."""
    if request.param == "memory":
        stores: dict[str, Any] = {"products": {}}
        orders, customers = memory.InMemoryOrderRepository(), memory.InMemoryCustomerRepository()
        yield Backend(
            "memory",
            products=lambda: memory.InMemoryProductRepository(stores["products"]),
            orders=lambda: orders,
            customers=lambda: customers,
        )
    elif request.param == "sqlite3":
        path = request.getfixturevalue("sqlite_file")
        yield Backend(
            "sqlite3",
            products=lambda: sqlite.SqliteProductRepository(path),
            orders=lambda: sqlite.SqliteOrderRepository(path),
            customers=lambda: sqlite.SqliteCustomerRepository(path),
        )
    elif request.param == "sqlalchemy-sqlite":
        engine = request.getfixturevalue("sqlite_engine")
        with engine.connect() as connection, connection.begin():
            with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
                yield from _session_backend("sqlalchemy-sqlite", session)
    else:
        yield from _session_backend("sqlalchemy-postgres", request.getfixturevalue("shop_session"))


@pytest.fixture
def sqlite_db(tmp_path):
    """An engine on a fresh SQLite file with the shop schema and foreign keys on."""
    engine = make_sqlite_engine(tmp_path / "shop.sqlite3")
    db.create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_session(engine, db_session):
    """The course plugin's SAVEPOINT-isolated session on PostgreSQL, shop schema created."""
    db.create_schema(engine)
    return db_session
