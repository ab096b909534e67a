"""The two schema definitions (sqlite3 DDL and the SQLAlchemy mapping) must agree, and the
database itself must enforce the constraints the domain relies on."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest
from sqlalchemy import inspect

from course_lib.shop import db
from course_lib.shop.repositories import sqlite

pytestmark = pytest.mark.integration


def _columns(inspector, table):
    return sorted(c["name"] for c in inspector.get_columns(table))


def test_sqlite3_ddl_matches_the_sqlalchemy_mapping(sqlite_file, sqlite_engine):
    from sqlalchemy import create_engine

    ddl_engine = create_engine(f"sqlite:///{sqlite_file}")
    try:
        ddl, orm = inspect(ddl_engine), inspect(sqlite_engine)
        # the sqlite3 repositories keep the catalogue, customers and orders; the mapping also has
        # the tables of later lessons (users, outbox, processed_events), which no DDL repeats
        assert set(ddl.get_table_names()) <= set(orm.get_table_names())
        assert {"customers", "products", "orders", "order_lines"} <= set(ddl.get_table_names())
        for table in ddl.get_table_names():
            assert _columns(ddl, table) == _columns(orm, table), table
    finally:
        ddl_engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO products (sku, name, price_cents, stock) VALUES ('A1', 'x', 100, -1)",
        "INSERT INTO orders (customer_id, status) VALUES (999, 'pending')",
        "INSERT INTO customers (email, name) VALUES ('a@example.com', 'A'), ('a@example.com', 'B')",
    ],
    ids=["stock-check", "foreign-key", "unique-email"],
)
def test_constraints_are_enforced(sqlite_file, statement):
    with closing(sqlite.connect(sqlite_file)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(statement)


def test_drop_schema_removes_every_table(sqlite_engine):
    db.drop_schema(sqlite_engine)
    assert inspect(sqlite_engine).get_table_names() == []
    db.create_schema(sqlite_engine)
    assert set(inspect(sqlite_engine).get_table_names()) == set(db.Base.metadata.tables)
