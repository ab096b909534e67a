"""Atomic stock changes and upserts, on SQLite and on real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from course_lib.shop.db import ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.inventory import reserve, restock, upsert_products
from course_lib.shop.models import Product

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request):
    """A session on each database; PostgreSQL through the course plugin (SAVEPOINT isolation)."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_session")
        return
    with Session(request.getfixturevalue("sqlite_db")) as s:
        yield s


def _add(session, sku="A1", stock=3):
    session.add(ProductRow(sku=sku, name="Mug", price_cents=1250, stock=stock))
    session.flush()


def test_reserve_takes_stock_only_when_enough(session):
    _add(session, stock=3)
    assert reserve(session, "A1", 2) is True
    assert reserve(session, "A1", 2) is False
    assert reserve(session, "NOPE", 1) is False
    session.expire_all()
    assert session.get(ProductRow, "A1").stock == 1


@pytest.mark.parametrize("quantity", [0, -3])
def test_reserve_refuses_a_quantity_below_one(session, quantity):
    _add(session, stock=3)
    assert reserve(session, "A1", quantity) is False
    session.expire_all()
    assert session.get(ProductRow, "A1").stock == 3


@pytest.mark.parametrize("quantity", [0, -5])
def test_restock_refuses_a_quantity_below_one(session, quantity):
    _add(session, stock=3)
    with pytest.raises(InvalidInput, match="at least 1"):
        restock(session, "A1", quantity)
    session.expire_all()
    assert session.get(ProductRow, "A1").stock == 3


def test_restock_adds_in_the_database(session):
    _add(session, stock=3)
    restock(session, "A1", 4)
    session.expire_all()
    assert session.get(ProductRow, "A1").stock == 7


def test_upsert_inserts_new_and_updates_existing_keeping_stock(session):
    _add(session, stock=3)
    feed = [Product("A1", "Big mug", 1500, stock=0), Product("B2", "Pen", 199, stock=9)]
    upsert_products(session, feed)
    upsert_products(session, [])
    session.expire_all()
    a1, b2 = session.get(ProductRow, "A1"), session.get(ProductRow, "B2")
    assert (a1.name, a1.price_cents, a1.stock) == ("Big mug", 1500, 3)
    assert (b2.name, b2.price_cents, b2.stock) == ("Pen", 199, 9)


def test_catalog_queries_are_portable(session):
    from course_lib.shop.catalog import ProductCatalog
    from course_lib.shop.errors import InvalidInput

    catalog = ProductCatalog(session)
    assert (catalog.cheapest(), catalog.stock_value(), catalog.search("mug")) == (None, 0, [])
    catalog.add("A1", "Apple Mug", 1250, stock=2)
    catalog.add("B2", "100% mug", 199, stock=1)
    catalog.add("C3", "Pen", 199)
    assert catalog.search("MUG") == ["A1", "B2"]
    assert catalog.search("%") == ["B2"]
    assert catalog.cheapest() == "B2"
    assert catalog.stock_value() == 2 * 1250 + 199
    with pytest.raises(InvalidInput):
        catalog.add("D4", "x" * 101, 1)
