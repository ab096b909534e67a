"""Lesson 04, exercise 04.3: catalogue queries on real PostgreSQL — the portable reference
(course_lib.shop.catalog) and four versions that pass on SQLite but not on PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import delete, select, text

from course_lib.shop import db
from course_lib.shop.catalog import ProductCatalog
from course_lib.shop.db import OrderLineRow, OrderRow, ProductRow

Reference = ProductCatalog


def provide_catalog(impl, request):
    """Fixture `catalog`: impl over the plugin's SAVEPOINT session on PostgreSQL (empty table)."""
    db.create_schema(request.getfixturevalue("engine"))
    session = request.getfixturevalue("db_session")
    for row in (OrderLineRow, OrderRow, ProductRow):  # a shared server may hold old rows;
        session.execute(delete(row))  # this is rolled back with the test
    yield impl(session)


class LikeIsCaseSensitive(ProductCatalog):
    """Bug: LIKE ignores case on SQLite, not on PostgreSQL: 'mug' no longer finds 'Mug'."""

    def search(self, term: str) -> list[str]:
        query = select(ProductRow.sku).where(ProductRow.name.like(f"%{term}%"))
        return list(self.session.scalars(query.order_by(ProductRow.sku)))


class BareColumnAggregate(ProductCatalog):
    """Bug: SQLite returns the row of the MIN for a bare column; PostgreSQL refuses the query."""

    def cheapest(self) -> str | None:
        row = self.session.execute(text("SELECT sku, MIN(price_cents) FROM products")).first()
        return row[0] if row is not None else None


class IfNull(ProductCatalog):
    """Bug: ifnull() exists in SQLite (and MySQL), not in PostgreSQL: use COALESCE."""

    def stock_value(self) -> int:
        total = self.session.execute(
            text("SELECT ifnull(sum(price_cents * stock), 0) FROM products")
        ).scalar()
        return int(total)


class NameLengthUnchecked(ProductCatalog):
    """Bug: relies on the column: SQLite stores any length, PostgreSQL raises a DataError."""

    def add(self, sku: str, name: str, price_cents: int, stock: int = 0) -> None:
        self.session.add(ProductRow(sku=sku, name=name, price_cents=price_cents, stock=stock))
        self.session.flush()
