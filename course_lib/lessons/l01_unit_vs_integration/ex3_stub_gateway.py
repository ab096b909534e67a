"""Hidden tests for exercise 01.3: StubGateway(), a top-down stub for the payment gateway.

A stub stands in for a lower layer that is not integrated yet; it must speak the same interface
(charge(...) -> ChargeResult, with the same fields the real client fills) or the layers above are
tested against a fiction. One case holds the stub and the real client side by side.
"""

from __future__ import annotations

import pytest
import requests

from course_lib.shop.api import create_app
from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.gateways.payments import HttpPaymentGateway
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.repositories.memory import InMemoryOrderRepository, InMemoryProductRepository
from course_lib.shop.usecases.payments import ChargeResult, PaymentService


@pytest.fixture
def stub(submission):
    return submission()


def _charge(stub, amount_cents, source, currency="EUR") -> ChargeResult:
    result = stub.charge(amount_cents, currency, source)
    assert isinstance(result, ChargeResult), (
        f"expected a ChargeResult (the interface the service uses), got {type(result).__name__} "
        f"{result!r}"
    )
    return result


def _fields(result: ChargeResult) -> tuple:
    return result.approved, result.amount_cents, result.reason


def test_approves_with_a_charge_result(stub):
    """tok_visa: a ChargeResult, approved=True, the amount echoed, no reason"""
    result = _charge(stub, 4321, "tok_visa")
    assert result.approved is True, f"expected approved=True for tok_visa, got {result!r}"
    assert result.amount_cents == 4321, (
        f"expected amount_cents 4321 echoed back, got {result.amount_cents!r}"
    )
    assert result.reason is None, f"expected reason None on an approval, got {result.reason!r}"


def test_charge_id_is_a_string(stub):
    """Every answer carries a charge id, a non-empty string (declines too)"""
    for source in ("tok_visa", "tok_declined"):
        charge_id = _charge(stub, 500, source).charge_id
        assert isinstance(charge_id, str) and charge_id, (
            f"expected a non-empty string charge_id for {source}, got {charge_id!r}"
        )


def test_declines_tok_declined(stub):
    """Source 'tok_declined' is declined with reason 'card_declined', the amount echoed"""
    result = _charge(stub, 777, "tok_declined")
    assert result.approved is False, f"expected tok_declined to be declined, got {result!r}"
    assert result.reason == "card_declined", (
        f"expected reason 'card_declined', got {result.reason!r}"
    )
    assert result.amount_cents == 777, f"expected amount_cents 777, got {result.amount_cents!r}"


def test_other_sources_are_approved(stub):
    """Any source other than 'tok_declined' is approved (tok_mastercard, tok_amex, ...)"""
    for source in ("tok_mastercard", "tok_amex", "tok_visa_debit"):
        result = _charge(stub, 1000, source)
        assert result.approved is True, (
            f"expected {source} to be approved (only tok_declined is declined), got {result!r}"
        )


def test_records_calls(stub):
    """Every call is recorded in .calls as (amount_cents, currency, source), in order"""
    stub.charge(1250, "EUR", "tok_visa")
    stub.charge(99, "USD", "tok_declined")
    calls = getattr(stub, "calls", None)
    expected = [(1250, "EUR", "tok_visa"), (99, "USD", "tok_declined")]
    assert calls == expected, (
        f"expected .calls to list both charges as tuples in order, {expected}, got {calls!r}"
    )


def test_each_stub_has_its_own_calls(submission):
    """A new stub starts with no calls; two stubs never share their .calls"""
    shared = (
        "if it holds other stubs' calls, the list is shared (a class attribute `calls = []`?): "
        "create it in __init__, self.calls = []"
    )
    first, second = submission(), submission()
    calls = getattr(first, "calls", None)
    assert calls == [], f"expected a new stub's .calls to be [], got {calls!r}; {shared}"
    first.charge(500, "EUR", "tok_visa")
    assert second.calls == [], (
        f"expected the second stub's .calls to stay [], got {second.calls!r}; {shared}"
    )


def test_answers_like_the_real_client(stub, live_server):
    """The stub answers like the real client on the provider's sandbox (same fields, same types)"""
    sandbox = live_server(create_sandbox_app())
    with requests.Session() as http:
        real = HttpPaymentGateway(sandbox.url, http)
        for amount, source in ((2599, "tok_visa"), (2599, "tok_declined")):
            want = _fields(real.charge(amount, "EUR", source))
            got = _fields(_charge(stub, amount, source))
            assert got == want, (
                f"for charge({amount}, 'EUR', {source!r}) the real client says "
                f"(approved, amount_cents, reason) = {want}, your stub says {got}"
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
    assert stub.calls[0][0] == 1000, (
        f"expected the service to charge the order total, 1000 cents, got {stub.calls[0]!r}"
    )


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
