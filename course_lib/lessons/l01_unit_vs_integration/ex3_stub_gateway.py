"""Hidden tests for exercise 01.3: StubGateway(), a top-down stub for the payment gateway.

A stub stands in for a lower layer that is not integrated yet; it must speak the same interface
(charge(...) -> ChargeResult) or the layers above are tested against a fiction.
"""

from __future__ import annotations

import pytest

from course_lib.checks.shape import class_shape
from course_lib.shop.api import create_app
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.repositories.memory import InMemoryOrderRepository, InMemoryProductRepository
from course_lib.shop.usecases.payments import ChargeResult, PaymentService


def shape(submission):
    return class_shape(
        submission, "StubGateway", {"charge": ["amount_cents", "currency", "source"]}
    )


@pytest.fixture
def stub(submission):
    return submission()


def test_returns_a_charge_result(stub):
    """charge() returns a ChargeResult, not a dict"""
    result = stub.charge(1250, "EUR", "tok_visa")
    assert isinstance(result, ChargeResult), (
        f"expected a ChargeResult (the interface the service uses), got {type(result).__name__}"
    )
    assert result.approved is True, "expected tok_visa to be approved"
    assert result.amount_cents == 1250, (
        f"expected amount_cents 1250 echoed back, got {result.amount_cents!r}"
    )


def test_declines_tok_declined(stub):
    """Source 'tok_declined' is declined with reason 'card_declined'"""
    result = stub.charge(1250, "EUR", "tok_declined")
    assert isinstance(result, ChargeResult), f"expected a ChargeResult, got {type(result).__name__}"
    assert result.approved is False, "expected tok_declined to be declined (approved False)"
    assert result.reason == "card_declined", (
        f"expected reason 'card_declined', got {result.reason!r}"
    )


def test_records_calls(stub):
    """Every call is recorded in .calls as (amount_cents, currency, source)"""
    stub.charge(1250, "EUR", "tok_visa")
    stub.charge(99, "EUR", "tok_declined")
    calls = getattr(stub, "calls", None)
    assert calls == [(1250, "EUR", "tok_visa"), (99, "EUR", "tok_declined")], (
        f"expected .calls to list both charges as tuples in order, got {calls!r}"
    )


def test_drives_the_payment_service(stub):
    """PaymentService marks orders paid / payment_failed with your stub"""
    orders = InMemoryOrderRepository()
    good = orders.add(Order(1, [OrderLine("A1", 2, 500)]))
    bad = orders.add(Order(1, [OrderLine("A1", 1, 500)]))
    payments = PaymentService(orders, stub)
    payments.pay(good.id, "tok_visa")
    payments.pay(bad.id, "tok_declined")
    assert orders.get(good.id).status == "paid", "expected the tok_visa order to be paid"
    assert orders.get(bad.id).status == "payment_failed", "expected the tok_declined order to fail"
    assert stub.calls[0][0] == 1000, "expected the service to charge the order total, 1000 cents"


def test_drives_the_api(stub):
    """Top-down: the HTTP API pays an order through your stub (200, then 402 for a decline)"""
    products = InMemoryProductRepository()
    products.add(Product("A1", "Mug", 500, stock=5))
    client = create_app({"TESTING": True}, products=products, gateway=stub).test_client()
    first = client.post("/orders", json={"customer_id": 1, "items": {"A1": 1}}).get_json()
    second = client.post("/orders", json={"customer_id": 1, "items": {"A1": 1}}).get_json()
    ok = client.post(f"/orders/{first['id']}/pay", json={"source": "tok_visa"})
    declined = client.post(f"/orders/{second['id']}/pay", json={"source": "tok_declined"})
    assert (ok.status_code, declined.status_code) == (200, 402), (
        "expected 200 then 402 from POST /orders/<id>/pay, "
        f"got {ok.status_code}, {declined.status_code}"
    )
