"""Hidden tests for exercise 03.2: seed_shop(session) adds a known data set, flushes, never
commits, and returns it as the shop's dataclasses with the ids the database assigned.

Runs on the check's own SQLite file (kit.shop_sqlite) through a plain Session: a commit there is
real, so "nothing is left after the caller rolls back" proves seed_shop did not commit.
"""

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from course_lib.lessons.kit import shop_sqlite
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.models import Customer, Order, Product

DATA_SET = [("A1", "Mug", 1250, 10), ("B2", "Pen", 199, 0)]
_TABLES = (CustomerRow, ProductRow, OrderRow, OrderLineRow)

__all__ = ["shop_sqlite"]  # a fixture imported for pytest, not an unused name


@pytest.fixture
def session(shop_sqlite):
    """A plain session on the check's file; `session.info["commits"]` counts its commits."""
    with Session(shop_sqlite) as s:
        commits = s.info["commits"] = []

        @event.listens_for(s, "after_commit")
        def _count(session):
            if session.get_nested_transaction() is None:  # a SAVEPOINT released is no commit
                commits.append(session)

        yield s


def _seed(submission, session) -> dict:
    result = submission(session)
    assert isinstance(result, dict), f"expected seed_shop to return a dict, got {result!r}"
    missing = {"customer", "products", "order"} - set(result)
    assert not missing, f"the returned dict has no key(s) {sorted(missing)}"
    return result


def _stored(session, row) -> list[tuple]:
    """What the database holds, read on the session's connection WITHOUT flushing first."""
    columns = {
        CustomerRow: (CustomerRow.email, CustomerRow.name),
        ProductRow: (ProductRow.sku, ProductRow.name, ProductRow.price_cents, ProductRow.stock),
        OrderRow: (OrderRow.id, OrderRow.customer_id),
        OrderLineRow: (OrderLineRow.sku, OrderLineRow.quantity, OrderLineRow.unit_price_cents),
    }[row]
    query = select(*columns).order_by(*columns)
    return [tuple(r) for r in session.connection().execute(query)]


def test_rows_are_flushed(submission, session):
    """It flushes 1 customer, 2 products, 1 order and 1 line into the database"""
    _seed(submission, session)
    pending = sorted(type(obj).__name__ for obj in session.new)
    assert not pending, f"expected everything flushed, {pending} are still pending: call flush()"
    got = {row.__tablename__: len(_stored(session, row)) for row in _TABLES}
    want = {"customers": 1, "products": 2, "orders": 1, "order_lines": 1}
    assert got == want, f"expected {want} rows in the database, found {got}"


def test_the_database_holds_the_data_set(submission, session):
    """The rows hold Ada, A1 'Mug' (1250, stock 10), B2 'Pen' (199, stock 0) and 2 × A1"""
    _seed(submission, session)
    customers = _stored(session, CustomerRow)
    assert customers == [("ada@example.com", "Ada")], f"expected Ada in the table, got {customers}"
    products = _stored(session, ProductRow)
    assert products == DATA_SET, f"expected (sku, name, price, stock) {DATA_SET}, got {products}"
    lines = _stored(session, OrderLineRow)
    assert lines == [("A1", 2, 1250)], f"expected one order line ('A1', 2, 1250), got {lines}"


def test_returns_the_data_set(submission, session):
    """It returns Ada, both products and the order as Customer, Product and Order dataclasses"""
    result = _seed(submission, session)
    customer, products, order = result["customer"], result["products"], result["order"]
    kinds = [type(customer).__name__, *(type(p).__name__ for p in products), type(order).__name__]
    assert (
        isinstance(customer, Customer)
        and all(isinstance(p, Product) for p in products)
        and isinstance(order, Order)
    ), f"expected Customer, Product, Product, Order (course_lib.shop.models), got {kinds}"
    assert (customer.email, customer.name) == ("ada@example.com", "Ada"), (
        f"expected customer Ada <ada@example.com>, got {customer!r}"
    )
    got = sorted((p.sku, p.name, p.price_cents, p.stock) for p in products)
    assert got == DATA_SET, f"expected products {DATA_SET}, got {got}"
    lines = [(ln.sku, ln.quantity, ln.unit_price_cents) for ln in order.lines]
    assert lines == [("A1", 2, 1250)], f"expected one order line ('A1', 2, 1250), got {lines}"


def test_ids_come_from_the_database(submission, session):
    """The ids it returns are the database's, even when they do not start at 1"""
    someone = CustomerRow(email="someone@example.com", name="Someone")
    session.add(someone)
    session.flush()
    session.add(OrderRow(customer_id=someone.id))
    session.flush()
    result = _seed(submission, session)
    ada_id = session.scalar(select(CustomerRow.id).where(CustomerRow.email == "ada@example.com"))
    got = result["customer"].id
    assert got == ada_id, f"expected the returned customer to have Ada's id {ada_id}, got {got}"
    orders = session.execute(select(OrderRow.id).where(OrderRow.customer_id == ada_id)).all()
    want = [row.id for row in orders]
    assert len(want) == 1, (
        f"expected one order belonging to Ada (id {ada_id}), found {len(want)}: use the id the "
        "database assigned (customer.id), not a hard-coded one"
    )
    got = result["order"].id
    assert got == want[0], f"expected the returned order to have its database id {want[0]}, {got=}"
    owner = result["order"].customer_id
    assert owner == ada_id, f"expected the returned order's customer_id to be {ada_id}, got {owner}"


def test_returns_copies_not_rows(submission, session):
    """Changing the returned objects changes nothing in the database"""
    result = _seed(submission, session)
    session.flush()  # whatever seed_shop left pending is not what this case is about
    before = [_stored(session, row) for row in _TABLES]
    result["customer"].name = "Changed"
    for product in result["products"]:
        product.stock = 99
    session.flush()
    after = [_stored(session, row) for row in _TABLES]
    assert after == before, (
        "changing the returned objects changed the database: return the shop's dataclasses "
        "(Customer, Product, Order: e.g. row.to_model()), not the ORM rows of the session"
    )


def test_does_not_commit(submission, session, shop_sqlite):
    """It flushes but leaves the commit to the caller (so a test can roll it back)"""
    _seed(submission, session)
    commits = len(session.info["commits"])
    session.rollback()
    with shop_sqlite.connect() as connection:
        left = connection.execute(select(func.count()).select_from(CustomerRow)).scalar_one()
    assert commits == 0 and left == 0, (
        f"expected nothing left after the caller rolled back, found {left} customer(s): "
        "seed_shop must not call commit(), the caller owns the transaction"
    )
