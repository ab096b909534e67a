"""Stock and catalogue writes that stay correct when many sessions run at once.

Read-modify-write in Python (`p.stock -= 1`) loses updates under concurrency; the database can
do the arithmetic and the check atomically in ONE statement. Likewise "SELECT, then INSERT if
missing" races; `INSERT ... ON CONFLICT DO UPDATE` (PostgreSQL and SQLite) does not.
The functions never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from course_lib.shop.db import ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.models import Product


def reserve(session: Session, sku: str, quantity: int) -> bool:
    """Take `quantity` units of `sku` if that many are in stock; True when it did. A quantity
    below 1 takes nothing (False): `stock - (-3)` would add stock."""
    if quantity < 1:
        return False
    result = session.execute(
        update(ProductRow)
        .where(ProductRow.sku == sku, ProductRow.stock >= quantity)
        .values(stock=ProductRow.stock - quantity)
    )
    return result.rowcount == 1


def restock(session: Session, sku: str, quantity: int) -> None:
    """Add `quantity` units: `stock = stock + n` is computed by the database, not in Python.
    InvalidInput for a quantity below 1 (a negative restock would take stock away)."""
    if quantity < 1:
        raise InvalidInput(f"restock quantity must be at least 1, got {quantity}")
    session.execute(
        update(ProductRow).where(ProductRow.sku == sku).values(stock=ProductRow.stock + quantity)
    )


def upsert_products(session: Session, products: Iterable[Product]) -> None:
    """Insert new products, update name and price of existing ones; existing stock is kept.

    A SKU named twice keeps its last entry: PostgreSQL refuses to update one row twice in one
    INSERT ... ON CONFLICT ("cannot affect row a second time").
    """
    latest = {p.sku: p for p in products}
    rows = [
        {"sku": p.sku, "name": p.name, "price_cents": p.price_cents, "stock": p.stock}
        for p in latest.values()
    ]
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(ProductRow).values(rows)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[ProductRow.sku],
            set_={"name": statement.excluded.name, "price_cents": statement.excluded.price_cents},
        )
    )
