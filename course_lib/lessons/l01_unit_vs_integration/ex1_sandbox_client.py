"""Hidden tests for exercise 01.1: SandboxPaymentClient(base_url) against the real sandbox.

Every case talks HTTP to a fresh provider sandbox and reads back what the provider recorded, so
a client is judged by what really crossed the boundary: the amount in euros (zero-padded cents,
no float detours), the currency, one charge per call, and a ChargeResult built from the answer.
"""

from __future__ import annotations

import pytest
import requests

from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.models import Order, OrderLine
from course_lib.shop.repositories.memory import InMemoryOrderRepository
from course_lib.shop.usecases.payments import ChargeResult, PaymentService


@pytest.fixture
def sandbox(live_server):
    return live_server(create_sandbox_app())


@pytest.fixture
def client(submission, sandbox):
    return submission(sandbox.url)


def _charges(sandbox) -> list[dict]:
    return requests.get(f"{sandbox.url}/v1/charges", timeout=5).json()


def _last_charge(sandbox) -> dict:
    charges = _charges(sandbox)
    assert charges, "the sandbox received no charge: did charge() POST to base_url + '/v1/charges'?"
    return charges[-1]


def _result(client, amount_cents, source="tok_visa", currency="EUR") -> ChargeResult:
    result = client.charge(amount_cents, currency, source)
    assert isinstance(result, ChargeResult), (
        f"expected a ChargeResult (what PaymentService reads), got {type(result).__name__} "
        f"{result!r}"
    )
    return result


def test_sends_euros(client, sandbox):
    """4575 cents reach the provider as "45.75" euros"""
    client.charge(4575, "EUR", "tok_visa")
    amount = _last_charge(sandbox)["amount"]
    why = ": it expects major units (euros), the shop passes cents" if amount == "4575.00" else ""
    assert amount == "45.75", (
        f"expected the provider to record 45.75 EUR for 4575 cents, got {amount} EUR{why}"
    )


def test_cents_keep_their_zero(client, sandbox):
    """Cents below ten keep their zero: 1205 cents are "12.05", not "12.5" """
    for cents, euros in ((1205, "12.05"), (7, "0.07"), (300, "3.00")):
        client.charge(cents, "EUR", "tok_visa")
        amount = _last_charge(sandbox)["amount"]
        assert amount == euros, (
            f"expected the provider to record {euros} EUR for {cents} cents, got {amount} EUR "
            "(to_major_units pads the cents to two digits)"
        )


def test_approved_result(client, sandbox):
    """An approved charge: approved=True, the cents charged, the provider's id, no reason"""
    result = _result(client, 3150)
    assert result.approved is True, f"expected approved=True for tok_visa, got {result!r}"
    assert result.amount_cents == 3150 and type(result.amount_cents) is int, (
        "expected amount_cents=3150 as an int (convert the provider's '31.50' back to cents), "
        f"got {type(result.amount_cents).__name__} {result.amount_cents!r}"
    )
    charge_id = _last_charge(sandbox)["id"]
    assert result.charge_id == charge_id, (
        f"expected charge_id {charge_id!r} (the id the provider answered), got {result.charge_id!r}"
    )
    assert result.reason is None, f"expected no reason on an approval, got {result.reason!r}"


def test_amount_back_is_exact(client):
    """The amount comes back exact: 19.99 EUR is 1999 cents, not 1998"""
    for cents in (1999, 1005, 29):
        got = _result(client, cents).amount_cents
        why = (
            f". Through floats, {cents / 100} * 100 is {cents / 100 * 100!r} and int() loses a "
            "cent: use from_major_units()"
            if got == cents - 1
            else ""
        )
        assert got == cents, f"expected amount_cents={cents}, got {got!r}{why}"


def test_declined_result(client, sandbox):
    """A declined card is a result (approved=False, reason, id), not an exception"""
    result = _result(client, 2480, source="tok_declined")
    assert result.approved is False, f"expected approved=False for tok_declined, got {result!r}"
    assert result.reason == "card_declined", (
        f"expected reason 'card_declined', got {result.reason!r}"
    )
    assert result.amount_cents == 2480, f"expected amount_cents=2480, got {result.amount_cents!r}"
    charge_id = _last_charge(sandbox)["id"]
    assert result.charge_id == charge_id, (
        f"expected the provider's charge id {charge_id!r} on a decline too, "
        f"got {result.charge_id!r}"
    )


def test_limit_exactly_is_approved(client):
    """Exactly the provider's limit (1000.00 EUR) is approved"""
    result = _result(client, 100_000)
    assert result.approved is True, (
        f"expected 100000 cents (1000.00 EUR, the limit itself) to be approved, got {result!r}"
    )


def test_over_limit_is_declined_with_the_providers_reason(client):
    """One cent over the limit is declined with the provider's reason, amount_over_limit"""
    result = _result(client, 100_001)
    assert result.approved is False, f"expected 1000.01 EUR to be declined, got {result!r}"
    assert result.reason == "amount_over_limit", (
        f"expected the provider's reason 'amount_over_limit', got {result.reason!r}: read the "
        "reason from the answer, don't assume every decline is a declined card"
    )
    assert result.amount_cents == 100_001, (
        f"expected amount_cents=100001, got {result.amount_cents!r}"
    )


def test_currency_passed_through(client, sandbox):
    """The currency you are given is the currency charged (USD stays USD)"""
    client.charge(1000, "USD", "tok_visa")
    currency = _last_charge(sandbox)["currency"]
    assert currency == "USD", f"expected the provider to record USD, got {currency!r}"


def test_one_charge_per_call(client, sandbox):
    """Each charge() makes exactly one charge at the provider, in order"""
    for cents in (100, 200, 300):
        client.charge(cents, "EUR", "tok_visa")
    amounts = [c["amount"] for c in _charges(sandbox)]
    assert amounts == ["1.00", "2.00", "3.00"], (
        f"expected three charges 1.00, 2.00, 3.00 at the provider, got {amounts}: a charge must "
        "be posted once (a second POST charges the card twice)"
    )


def test_service_end_to_end(client, sandbox):
    """PaymentService + your client + sandbox: a 36.20 EUR order is paid and charged 36.20"""
    orders = InMemoryOrderRepository()
    order = orders.add(Order(1, [OrderLine("A1", 2, 1810)]))
    PaymentService(orders, client).pay(order.id, "tok_visa")
    status = orders.get(order.id).status
    assert status == "paid", f"expected the order to be paid, got {status!r}"
    amount = _last_charge(sandbox)["amount"]
    assert amount == "36.20", f"expected the provider to charge 36.20 EUR, got {amount}"
