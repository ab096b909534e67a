"""Exercise 10.2: tests for a test data manager on real PostgreSQL — the reference (ShopData) and
five versions with the bugs such helpers really have. Each passes a quick look on SQLite."""

from __future__ import annotations

from sqlalchemy import delete

from course_lib.lessons.l10_test_data.data import ShopData, delete_tracked, unique
from course_lib.shop import db
from course_lib.shop.db import Base, CustomerRow, ProductRow

Reference = ShopData


def provide(impl, request):
    """Fixture `data`: impl over a session of the plugin's SAVEPOINT connection, so its commits
    (and a buggy cleanup) are rolled back with the test."""
    db.create_schema(request.getfixturevalue("engine"))
    session = request.getfixturevalue("db_sessionmaker")()
    yield impl(session)
    session.close()


class ParentsFirst(ShopData):
    """Bug: deletes in the order the rows were made (customers before their orders). SQLite
    without PRAGMA foreign_keys never complains; PostgreSQL raises an IntegrityError."""

    def cleanup(self) -> None:
        for table in Base.metadata.sorted_tables:
            keys = self.created.get(table.name)
            if keys:
                (column,) = table.primary_key.columns
                self.session.execute(delete(table).where(column.in_(keys)))
        self.session.commit()
        self.created = {}


class FixedValues(ShopData):
    """Bug: every customer gets the same e-mail and every product the same SKU: the first call
    works, the second breaks a unique constraint (and two workers collide too)."""

    def customer(self, **fields) -> CustomerRow:
        return super().customer(**({"email": "test.customer@example.test"} | fields))

    def product(self, **fields) -> ProductRow:
        return super().product(**({"sku": "TEST-1"} | fields))


class SkuTooLong(ShopData):
    """Bug: a whole uuid4 in the SKU: 'TEST-' + 32 hex digits is 37 characters; SQLite stores
    it, PostgreSQL refuses it for VARCHAR(32)."""

    def product(self, **fields) -> ProductRow:
        import uuid

        return super().product(**({"sku": f"TEST-{uuid.uuid4().hex}"} | fields))


class ForgetsWhatOrderMade(ShopData):
    """Bug: order() makes a customer and a product when none is given, but only the order and
    its line are tracked: cleanup leaves the customer and the product behind."""

    def order(self, customer=None, product=None, quantity: int = 1):
        before = {table: list(keys) for table, keys in self.created.items()}
        row = super().order(customer, product, quantity)
        for table in ("customers", "products"):  # what order() made itself is not kept
            self.created[table] = before.get(table, [])
        return row


class DeletesEverything(ShopData):
    """Bug: cleanup empties the tables instead of deleting its own rows: another test's (or
    another worker's) data is gone too."""

    def cleanup(self) -> None:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in self.created:
                self.session.execute(delete(table))
        self.session.commit()
        self.created = {}


__all__ = ["delete_tracked", "unique"]
