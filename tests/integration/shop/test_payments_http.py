"""Integration: the payment client against the provider's sandbox over real HTTP.

This is the test that catches unit mismatches (cents vs euros) that mocked unit tests cannot.
"""

from __future__ import annotations

import pytest
import requests

from course_lib.shop.api import create_app
from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.gateways.payments import HttpPaymentGateway, PaymentProviderError
from course_lib.shop.models import Product
from course_lib.shop.repositories.memory import InMemoryProductRepository

pytestmark = pytest.mark.integration


@pytest.fixture
def sandbox(live_server):
    """The payment provider's sandbox on a real socket."""
    return live_server(create_sandbox_app())


@pytest.fixture
def gateway(sandbox):
    with requests.Session() as session:
        yield HttpPaymentGateway(sandbox.url, session=session)


def test_charge_sends_major_units(gateway, sandbox):
    result = gateway.charge(1250, "EUR", "tok_visa")
    assert result.approved and result.amount_cents == 1250 and result.charge_id == "ch_1"
    charges = requests.get(f"{sandbox.url}/v1/charges", timeout=5).json()
    assert charges == [{"id": "ch_1", "amount": "12.50", "currency": "EUR", "status": "succeeded"}]


@pytest.mark.parametrize(
    ("cents", "source", "reason"),
    [(1250, "tok_declined", "card_declined"), (100_001, "tok_visa", "amount_over_limit")],
)
def test_declines_are_results_not_errors(gateway, cents, source, reason):
    result = gateway.charge(cents, "EUR", source)
    assert not result.approved and result.reason == reason and result.amount_cents == cents


def test_malformed_request_is_an_error(sandbox):
    with pytest.raises(PaymentProviderError):
        HttpPaymentGateway(sandbox.url + "/nowhere").charge(100, "EUR", "tok_visa")


def test_paying_through_the_api_over_http(live_server, sandbox):
    """Two real servers: the shop's API and the provider's sandbox, talking over HTTP."""
    products = InMemoryProductRepository()
    products.add(Product("A1", "Mug", 1250, stock=2))
    with requests.Session() as http:
        shop = live_server(
            create_app(products=products, gateway=HttpPaymentGateway(sandbox.url, http))
        )
        order = http.post(
            f"{shop.url}/orders", json={"customer_id": 1, "items": {"A1": 2}}, timeout=5
        )
        paid = http.post(
            f"{shop.url}/orders/{order.json()['id']}/pay", json={"source": "tok_visa"}, timeout=5
        )
        assert paid.status_code == 200
        assert http.get(f"{sandbox.url}/v1/charges", timeout=5).json()[0]["amount"] == "25.00"
