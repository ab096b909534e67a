"""Hidden tests for exercise 09.1: pay_order(session, gateway, order_id, source) charges a pending
order in the caller's transaction; approved -> paid, declined -> payment_failed AND stock back."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from course_lib.lessons.l09_whole_workflows.harness import (
    APPROVE,
    DECLINE,
    RecordingGateway,
    empty_shop,
)
from course_lib.shop.db import CustomerRow, OrderRow, ProductRow
from course_lib.shop.errors import InvalidInput, NotFound
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService


@pytest.fixture
def session(engine, db_session):
    """Mug 1250 ×5, Tea 399 ×10, Pen 150 ×7 and one customer; nothing committed for real."""
    empty_shop(engine, db_session)
    db_session.add_all(
        [
            ProductRow(sku="MUG", name="Mug", price_cents=1250, stock=5),
            ProductRow(sku="TEA", name="Tea", price_cents=399, stock=10),
            ProductRow(sku="PEN", name="Pen", price_cents=150, stock=7),
            CustomerRow(id=1, email="ann@example.com", name="Ann"),
        ]
    )
    db_session.flush()
    return db_session


def _order(session, items) -> int:
    service = OrderService(SqlAlchemyProductRepository(session), SqlAlchemyOrderRepository(session))
    return service.place_order(1, items).id


def _stock(session) -> dict[str, int]:
    session.expire_all()
    return dict(session.execute(select(ProductRow.sku, ProductRow.stock)).tuples().all())


def _status(session, order_id) -> str:
    session.expire_all()
    return session.scalar(select(OrderRow.status).where(OrderRow.id == order_id))


def _pay(submission, session, gateway, order_id, source):
    commits: list[object] = []
    listener = commits.append
    event.listen(session, "after_commit", listener)
    try:
        return submission(session, gateway, order_id, source)
    finally:
        event.remove(session, "after_commit", listener)
        assert not commits, "pay_order() committed: the caller owns the transaction, never commit"


def test_approved_order_is_paid(submission, session):
    """An approved payment marks the order paid and keeps the stock taken"""
    order_id = _order(session, {"MUG": 2, "TEA": 3})
    gateway = RecordingGateway()
    got = _pay(submission, session, gateway, order_id, APPROVE)
    assert got == "paid", f"expected pay_order(...) to return 'paid', got {got!r}"
    status = _status(session, order_id)
    assert status == "paid", f"expected the order row's status 'paid', got {status!r}"
    stock = _stock(session)
    assert stock == {"MUG": 3, "TEA": 7, "PEN": 7}, f"expected stock MUG 3, TEA 7, got {stock}"


def test_charges_the_order_total_once(submission, session):
    """The gateway is asked once, for the order's total in cents (2 x 1250 + 3 x 399 = 3697)"""
    order_id = _order(session, {"MUG": 2, "TEA": 3})
    gateway = RecordingGateway()
    _pay(submission, session, gateway, order_id, APPROVE)
    assert gateway.charges == [3697], f"expected one charge of 3697 cents, got {gateway.charges}"


def test_declined_order_is_payment_failed(submission, session):
    """A declined payment marks the order payment_failed"""
    order_id = _order(session, {"MUG": 1})
    got = _pay(submission, session, RecordingGateway(), order_id, DECLINE)
    assert got == "payment_failed", f"expected 'payment_failed', got {got!r}"
    status = _status(session, order_id)
    assert status == "payment_failed", f"expected status 'payment_failed', got {status!r}"


def test_decline_restores_every_line(submission, session):
    """A decline puts back every line's quantity (two products), and touches no other product"""
    order_id = _order(session, {"MUG": 2, "TEA": 3})
    _pay(submission, session, RecordingGateway(), order_id, DECLINE)
    stock = _stock(session)
    expected = {"MUG": 5, "TEA": 10, "PEN": 7}
    assert stock == expected, f"expected stock back to {expected}, got {stock}"


def test_paid_order_is_not_charged_again(submission, session):
    """Paying an order that is no longer pending raises InvalidInput and charges nothing"""
    order_id = _order(session, {"PEN": 1})
    _pay(submission, session, RecordingGateway(), order_id, APPROVE)
    gateway = RecordingGateway()
    with pytest.raises(InvalidInput):
        _pay(submission, session, gateway, order_id, APPROVE)
    assert gateway.charges == [], f"expected no second charge, got charges {gateway.charges}"


def test_failed_order_is_not_restored_twice(submission, session):
    """Paying a payment_failed order again raises InvalidInput: its stock is not put back twice"""
    order_id = _order(session, {"PEN": 2})
    _pay(submission, session, RecordingGateway(), order_id, DECLINE)
    with pytest.raises(InvalidInput):
        _pay(submission, session, RecordingGateway(), order_id, DECLINE)
    stock = _stock(session)["PEN"]
    assert stock == 7, f"expected PEN stock 7 (restored once), got {stock}"


def test_unknown_order(submission, session):
    """An unknown order id raises NotFound and charges nothing"""
    gateway = RecordingGateway()
    with pytest.raises(NotFound):
        _pay(submission, session, gateway, 987654, APPROVE)
    assert gateway.charges == [], f"expected no charge, got {gateway.charges}"
