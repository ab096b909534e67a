"""Hidden tests for exercise 03.2: seed_shop(session) adds a known data set, flushes, never
commits, and returns what it created."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_lib.checks.shape import function_shape
from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.sqlite_engine import sqlite_engine


def shape(submission):
    return function_shape(submission, "seed_shop", ["session"])


@pytest.fixture
def engine(tmp_path):
    """A SQLite file with the shop schema and foreign keys on."""
    eng = sqlite_engine(tmp_path / "seed.sqlite3")
    db.create_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine):
    """A plain session; whatever is not committed is gone when it closes."""
    with Session(engine) as s:
        yield s


def _count(session, row) -> int:
    return session.execute(select(func.count()).select_from(row)).scalar_one()


def _seed(submission, session) -> dict:
    result = submission(session)
    assert isinstance(result, dict), f"expected seed_shop to return a dict, got {result!r}"
    missing = {"customer", "products", "order"} - set(result)
    assert not missing, f"the returned dict has no key(s) {sorted(missing)}"
    return result


def test_rows_are_in_the_database(submission, session):
    """It stores 1 customer, 2 products and 1 order with 1 line"""
    _seed(submission, session)
    got = {
        name: _count(session, row)
        for name, row in [
            ("customers", CustomerRow),
            ("products", ProductRow),
            ("orders", OrderRow),
            ("order lines", OrderLineRow),
        ]
    }
    want = {"customers": 1, "products": 2, "orders": 1, "order lines": 1}
    assert got == want, f"expected {want} in the database, found {got}"


def test_the_data_set(submission, session):
    """Ada, A1 'Mug' (1250 cents, stock 10), B2 'Pen' (199 cents, stock 0), 2 × A1 ordered"""
    result = _seed(submission, session)
    customer = result["customer"]
    assert (customer.email, customer.name) == ("ada@example.com", "Ada"), (
        f"expected customer Ada <ada@example.com>, got {customer!r}"
    )
    products = sorted((p.sku, p.name, p.price_cents, p.stock) for p in result["products"])
    want = [("A1", "Mug", 1250, 10), ("B2", "Pen", 199, 0)]
    assert products == want, f"expected products {want}, got {products}"
    lines = [(ln.sku, ln.quantity, ln.unit_price_cents) for ln in result["order"].lines]
    assert lines == [("A1", 2, 1250)], f"expected one order line ('A1', 2, 1250), got {lines}"


def test_ids_come_from_the_database(submission, session):
    """The order belongs to the seeded customer even when ids do not start at 1"""
    session.add(CustomerRow(email="someone@example.com", name="Someone"))
    session.flush()
    result = _seed(submission, session)
    customer, order = result["customer"], result["order"]
    assert customer.id is not None and order.id is not None, (
        "expected the returned customer and order to carry their database ids"
    )
    stored = session.get(OrderRow, order.id)
    owner = stored.customer_id if stored is not None else None
    assert owner == customer.id, (
        f"expected the order to belong to Ada (id {customer.id}), it belongs to customer {owner}: "
        "use the id the database assigned, not a hard-coded one"
    )


def test_does_not_commit(submission, engine, session):
    """It flushes but leaves the commit to the caller (so a test can roll it back)"""
    _seed(submission, session)
    session.rollback()
    with engine.connect() as connection:
        left = connection.execute(select(func.count()).select_from(CustomerRow)).scalar_one()
    assert left == 0, (
        f"expected nothing left after the caller rolled back, found {left} customer(s): "
        "seed_shop must not call commit()"
    )
