"""Lesson 03, exercise 03.4: the test-database kit a conftest holds (engine, seeding helper,
cleanup), correct and with five bugs that leave rows behind for the next test, or hide them.

The fixture `shop_db` is the kit on a fresh SQLite file. Its `counts()` is not under test: it
shows what a NEW connection sees, so a learner's test can observe a leak.
"""

from __future__ import annotations

from sqlalchemy import Engine, event, func, select

from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.sqlite_engine import sqlite_engine

# the tables the kit seeds, counts and cleans (later lessons add tables it never touches)
KIT_TABLES = ("customers", "products", "orders", "order_lines")
LOCK_WAIT_MS = 500  # a test that writes from two connections at once fails fast, not after 5 s


def _tables():
    """The kit's tables, parents before children (the order foreign keys need)."""
    return [t for t in db.Base.metadata.sorted_tables if t.name in KIT_TABLES]


def provide_shop_db(impl, request):
    """Fixture `shop_db`: kit class `impl` on a fresh SQLite file, disposed afterwards."""
    kit = impl(request.getfixturevalue("tmp_path") / "kit.sqlite3")
    yield kit
    kit.engine.dispose()


def _throwaway(engine: Engine) -> None:
    """A test database needs no durability: no fsync, the journal in memory (commit, rollback
    and SAVEPOINTs behave the same; ~4x faster per test); lock waits kept short."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
        dbapi_connection.execute("PRAGMA synchronous = OFF")
        dbapi_connection.execute("PRAGMA journal_mode = MEMORY")


class Reference:
    """Correct: foreign keys on; seed() flushes with the ids the database assigns; clean()
    deletes children before parents and commits."""

    def __init__(self, path) -> None:
        self.engine = self.make_engine(path)
        _throwaway(self.engine)
        db.create_schema(self.engine)

    @staticmethod
    def make_engine(path) -> Engine:
        return sqlite_engine(path)

    def seed(self, session) -> dict[str, int]:
        """Ada, A1 and B2, and one order of Ada for 1 x A1: flushed, never committed."""
        ada = CustomerRow(email="ada@example.com", name="Ada")
        session.add_all([ada, *_products()])
        session.flush()
        order = OrderRow(customer_id=ada.id, lines=[_line()])
        session.add(order)
        session.flush()
        return {"customer_id": ada.id, "order_id": order.id}

    def clean(self) -> None:
        """Empty every table (the truncate strategy), whatever the test committed."""
        with self.engine.begin() as connection:
            for table in reversed(_tables()):
                connection.execute(table.delete())

    def counts(self) -> dict[str, int]:
        """Rows per table as a new connection sees them (only what was committed)."""
        with self.engine.connect() as connection:
            return {
                table.name: connection.scalar(select(func.count()).select_from(table))
                for table in _tables()
            }


def _products() -> list[ProductRow]:
    return [
        ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5),
        ProductRow(sku="B2", name="Pen", price_cents=199, stock=1),
    ]


def _line() -> OrderLineRow:
    return OrderLineRow(sku="A1", quantity=1, unit_price_cents=1250)


class SeedCommits(Reference):
    """Bug: seed() commits, so the test's rollback no longer undoes the seed."""

    def seed(self, session):
        ids = Reference.seed(self, session)
        session.commit()
        return ids


class FixedIds(Reference):
    """Bug: the seeded order is written for customer 1, Ada's id only in an empty database."""

    def seed(self, session):
        ada = CustomerRow(email="ada@example.com", name="Ada")
        session.add_all([ada, *_products()])
        session.flush()
        order = OrderRow(customer_id=1, lines=[_line()])
        session.add(order)
        session.flush()
        return {"customer_id": ada.id, "order_id": order.id}


class ParentsFirst(Reference):
    """Bug: clean() deletes customers and products before the orders that point at them."""

    def clean(self):
        with self.engine.begin() as connection:
            for table in _tables():
                connection.execute(table.delete())


class CleanNeverCommits(Reference):
    """Bug: clean() deletes on engine.connect() and never commits: closing rolls it back."""

    def clean(self):
        with self.engine.connect() as connection:
            for table in reversed(_tables()):
                connection.execute(table.delete())


class ForeignKeysOff(Reference):
    """Bug: a plain SQLite engine, without PRAGMA foreign_keys = ON."""

    @staticmethod
    def make_engine(path) -> Engine:
        return sqlite_engine(path, foreign_keys=False)
