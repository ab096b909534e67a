"""Hidden tests for exercise 01.1: SandboxPaymentClient(base_url) against the real sandbox."""

from __future__ import annotations

import pytest
import requests

from course_lib.checks.shape import class_shape
from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.models import Order, OrderLine
from course_lib.shop.repositories.memory import InMemoryOrderRepository
from course_lib.shop.usecases.payments import ChargeResult, PaymentService


def shape(submission):
    return class_shape(
        submission, "SandboxPaymentClient", {"charge": ["amount_cents", "currency", "source"]}
    )


@pytest.fixture
def sandbox(live_server):
    return live_server(create_sandbox_app())


@pytest.fixture
def client(submission, sandbox):
    return submission(sandbox.url)


def _charges(sandbox):
    return requests.get(f"{sandbox.url}/v1/charges", timeout=5).json()


def test_sends_euros(client, sandbox):
    """1250 cents reach the provider as "12.50" euros"""
    client.charge(1250, "EUR", "tok_visa")
    charges = _charges(sandbox)
    assert charges, "the sandbox received no charge: did charge() POST to base_url + '/v1/charges'?"
    assert charges[-1]["amount"] == "12.50", (
        f"the provider recorded {charges[-1]['amount']} EUR for a 12.50 EUR charge: "
        "it expects major units (euros), the shop passes cents"
    )


def test_approved_result(client):
    """An approved charge returns ChargeResult(approved=True, amount_cents=1250, charge_id=...)"""
    result = client.charge(1250, "EUR", "tok_visa")
    assert isinstance(result, ChargeResult), (
        f"expected a ChargeResult (what PaymentService reads), got {type(result).__name__}"
    )
    assert result.approved is True, f"expected approved=True for tok_visa, got {result!r}"
    assert result.amount_cents == 1250, (
        "expected amount_cents=1250 (convert the provider's '12.50' back to cents), "
        f"got {result.amount_cents!r}"
    )
    assert result.charge_id, "expected the provider's charge id in charge_id"


def test_declined_result(client):
    """A declined card is a result (approved=False, reason), not an exception"""
    result = client.charge(1250, "EUR", "tok_declined")
    assert isinstance(result, ChargeResult), f"expected a ChargeResult, got {type(result).__name__}"
    assert result.approved is False, "expected approved=False for tok_declined"
    assert result.reason == "card_declined", (
        f"expected reason 'card_declined', got {result.reason!r}"
    )


def test_service_end_to_end(client, sandbox):
    """PaymentService + your client + sandbox: a 25.00 EUR order is paid and charged 25.00"""
    orders = InMemoryOrderRepository()
    order = orders.add(Order(1, [OrderLine("A1", 2, 1250)]))
    PaymentService(orders, client).pay(order.id, "tok_visa")
    assert orders.get(order.id).status == "paid", "expected the order to be paid"
    assert _charges(sandbox)[-1]["amount"] == "25.00", "expected the provider to charge 25.00 EUR"
