"""Checkout places an order in one transaction; SQLite enforces foreign keys only when told."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_lib.shop import db
from course_lib.shop.checkout import Checkout
from course_lib.shop.db import CustomerRow, OrderRow, ProductRow
from course_lib.shop.sqlite_engine import sqlite_engine

pytestmark = pytest.mark.integration


@pytest.fixture
def seeded(sqlite_db):
    """Customer 'ada' and product A1 (stock 5), committed."""
    with Session(sqlite_db) as session, session.begin():
        session.add(ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5))
        ada = CustomerRow(email="ada@example.com", name="Ada")
        session.add(ada)
        session.flush()
        customer_id = ada.id
    return sqlite_db, customer_id


def _stock(engine) -> int:
    with Session(engine) as session:
        return session.get(ProductRow, "A1").stock


def test_order_and_stock_are_committed_together(seeded):
    engine, customer_id = seeded
    order = Checkout(engine).place_order(customer_id, {"A1": 2})
    with Session(engine) as session:
        assert session.get(OrderRow, order.id).customer_id == customer_id
    assert _stock(engine) == 3
    assert engine.pool.checkedout() == 0


def test_failed_order_rolls_back_the_stock_change(seeded):
    engine, _ = seeded
    with pytest.raises(IntegrityError):
        Checkout(engine).place_order(999, {"A1": 2})
    assert _stock(engine) == 5
    with Session(engine) as session:
        assert session.scalars(select(OrderRow)).all() == []


def test_foreign_keys_are_off_without_the_pragma(tmp_path):
    engine = sqlite_engine(tmp_path / "loose.sqlite3", foreign_keys=False)
    db.create_schema(engine)
    with Session(engine) as session, session.begin():
        session.add(OrderRow(customer_id=999, status="pending"))  # accepted: nobody checks
    with Session(engine) as session:
        assert len(session.scalars(select(OrderRow)).all()) == 1
    engine.dispose()
