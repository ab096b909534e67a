"""Catalogue queries written to run the same on SQLite and PostgreSQL.

Each method avoids a SQLite-ism that PostgreSQL rejects or treats differently: LIKE is
case-sensitive on PostgreSQL (use ILIKE, which SQLAlchemy emulates on SQLite), a bare column
next to an aggregate is an error there, `ifnull()` does not exist (use COALESCE), and a
VARCHAR(n) column really refuses longer strings, so lengths are checked up front.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_lib.shop.db import ProductRow
from course_lib.shop.errors import InvalidInput

MAX_SKU = ProductRow.__table__.c.sku.type.length
MAX_NAME = ProductRow.__table__.c.name.type.length


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class ProductCatalog:
    """Read and add products through `session` (flushes, never commits)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, sku: str, name: str, price_cents: int, stock: int = 0) -> None:
        """Add a product; InvalidInput when the sku or name is longer than its column."""
        if len(sku) > MAX_SKU or len(name) > MAX_NAME:
            raise InvalidInput(f"sku is at most {MAX_SKU} and name at most {MAX_NAME} characters")
        self.session.add(ProductRow(sku=sku, name=name, price_cents=price_cents, stock=stock))
        self.session.flush()

    def search(self, term: str) -> list[str]:
        """SKUs whose name contains `term`, ignoring case, sorted by SKU."""
        pattern = f"%{_escape_like(term)}%"
        query = select(ProductRow.sku).where(ProductRow.name.ilike(pattern, escape="\\"))
        return list(self.session.scalars(query.order_by(ProductRow.sku)))

    def cheapest(self) -> str | None:
        """SKU of the cheapest product (ties: smallest SKU); None when there are none."""
        query = select(ProductRow.sku).order_by(ProductRow.price_cents, ProductRow.sku).limit(1)
        return self.session.scalars(query).first()

    def stock_value(self) -> int:
        """Value of all stock in cents (0 for an empty catalogue)."""
        total = func.coalesce(func.sum(ProductRow.price_cents * ProductRow.stock), 0)
        return int(self.session.scalar(select(total)))
