"""Hidden tests for exercise 09.3: pay_or_compensate(sessions, gateway, order_id, source) owns its
transaction; a provider error is compensated (payment_failed + stock back, COMMITTED) and then
raised as PaymentUnavailable; any other exception writes nothing."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from course_lib.lessons.l09_whole_workflows.harness import (
    APPROVE,
    DECLINE,
    RecordingGateway,
    empty_shop,
)
from course_lib.shop.db import CustomerRow, OrderRow, ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.gateways.payments import PaymentProviderError
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService
from course_lib.shop.workflow import PaymentUnavailable


class RaisingGateway:
    """A gateway whose charge() raises `error`; `.charges` counts the attempts."""

    def __init__(self, error: BaseException) -> None:
        self.error = error
        self.charges: list[int] = []

    def charge(self, amount_cents, currency, source):
        self.charges.append(amount_cents)
        raise self.error


@pytest.fixture
def sessions(engine, db_sessionmaker):
    """Mug 1250 ×5 and Tea 399 ×10 committed (as SAVEPOINTs), one customer."""
    with db_sessionmaker.begin() as session:
        empty_shop(engine, session)
        session.add_all(
            [
                ProductRow(sku="MUG", name="Mug", price_cents=1250, stock=5),
                ProductRow(sku="TEA", name="Tea", price_cents=399, stock=10),
                CustomerRow(id=1, email="ann@example.com", name="Ann"),
            ]
        )
    return db_sessionmaker


def _order(sessions, items) -> int:
    with sessions.begin() as session:
        products = SqlAlchemyProductRepository(session)
        return OrderService(products, SqlAlchemyOrderRepository(session)).place_order(1, items).id


def _state(sessions, order_id) -> tuple[str, dict[str, int]]:
    with sessions() as session:
        status = session.scalar(select(OrderRow.status).where(OrderRow.id == order_id))
        stock = dict(session.execute(select(ProductRow.sku, ProductRow.stock)).tuples().all())
    return status, stock


FULL = {"MUG": 5, "TEA": 10}
TAKEN = {"MUG": 3, "TEA": 7}


@pytest.mark.parametrize(
    "error",
    [
        PaymentProviderError("provider said 503"),
        requests.Timeout("read timed out"),
        requests.ConnectionError("connection refused"),
    ],
    ids=["provider-5xx", "timeout", "connection-refused"],
)
def test_provider_error_is_compensated(submission, sessions, error):
    """A provider error raises PaymentUnavailable; order payment_failed, stock back, committed"""
    order_id = _order(sessions, {"MUG": 2, "TEA": 3})
    with pytest.raises(PaymentUnavailable):
        submission(sessions, RaisingGateway(error), order_id, APPROVE)
    status, stock = _state(sessions, order_id)
    assert status == "payment_failed", (
        f"expected status 'payment_failed' after a {type(error).__name__}, got {status!r} "
        "(raised inside the transaction? it rolls the compensation back)"
    )
    assert stock == FULL, f"expected the stock back to {FULL}, got {stock}"


def test_other_errors_write_nothing(submission, sessions):
    """Any other exception (a bug, not the provider) propagates and writes nothing"""
    order_id = _order(sessions, {"MUG": 2, "TEA": 3})
    with pytest.raises(KeyError):
        submission(sessions, RaisingGateway(KeyError("amount")), order_id, APPROVE)
    status, stock = _state(sessions, order_id)
    assert status == "pending", f"expected the order still 'pending', got {status!r}"
    assert stock == TAKEN, f"expected the stock still reserved {TAKEN}, got {stock}"


def test_approved_is_committed(submission, sessions):
    """An approved payment returns 'paid', committed (a new session sees it)"""
    order_id = _order(sessions, {"MUG": 2, "TEA": 3})
    got = submission(sessions, RecordingGateway(), order_id, APPROVE)
    assert got == "paid", f"expected 'paid', got {got!r}"
    status, stock = _state(sessions, order_id)
    assert (status, stock) == ("paid", TAKEN), f"expected paid and {TAKEN}, got {status!r} {stock}"


def test_declined_is_committed(submission, sessions):
    """A decline returns 'payment_failed' and commits it with the stock back"""
    order_id = _order(sessions, {"MUG": 2, "TEA": 3})
    got = submission(sessions, RecordingGateway(), order_id, DECLINE)
    assert got == "payment_failed", f"expected 'payment_failed', got {got!r}"
    status, stock = _state(sessions, order_id)
    assert (status, stock) == ("payment_failed", FULL), (
        f"expected payment_failed and {FULL}, got {status!r} {stock}"
    )


def test_compensated_order_cannot_be_paid_again(submission, sessions):
    """After a compensated error the order is no longer pending: InvalidInput, no charge"""
    order_id = _order(sessions, {"MUG": 1})
    with pytest.raises(PaymentUnavailable):
        submission(sessions, RaisingGateway(PaymentProviderError("503")), order_id, APPROVE)
    gateway = RecordingGateway()
    try:
        got = submission(sessions, gateway, order_id, APPROVE)
    except InvalidInput:
        got = "InvalidInput"
    assert got == "InvalidInput", (
        f"expected InvalidInput when paying the compensated order again, got {got!r} "
        "(was the compensation committed?)"
    )
    assert gateway.charges == [], f"expected no charge, got {gateway.charges}"
