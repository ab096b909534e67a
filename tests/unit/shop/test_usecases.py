"""Unit tests of the services with in-memory fakes and a hand-written gateway stub."""

from __future__ import annotations

import pytest

from course_lib.shop.errors import InvalidInput, NotFound, OutOfStock
from course_lib.shop.models import Product
from course_lib.shop.repositories.memory import InMemoryOrderRepository, InMemoryProductRepository
from course_lib.shop.usecases.orders import OrderService
from course_lib.shop.usecases.payments import ChargeResult, PaymentService

pytestmark = pytest.mark.unit


class StubGateway:
    """Approves everything except source 'tok_declined'; remembers what it was asked."""

    def __init__(self):
        self.calls = []

    def charge(self, amount_cents, currency, source):
        self.calls.append((amount_cents, currency, source))
        return ChargeResult(source != "tok_declined", amount_cents, "ch_1", None)


@pytest.fixture
def shop():
    products = InMemoryProductRepository()
    products.add(Product("A1", "Mug", 1250, stock=3))
    products.add(Product("B2", "Pen", 199, stock=1))
    return OrderService(products, InMemoryOrderRepository())


def test_place_order_reserves_stock_and_freezes_prices(shop):
    order = shop.place_order(7, {"A1": 2, "B2": 1})
    assert order.id is not None and order.status == "pending"
    assert order.total_cents == 2 * 1250 + 199
    assert shop.products.get("A1").stock == 1


def test_out_of_stock_changes_nothing(shop):
    with pytest.raises(OutOfStock):
        shop.place_order(7, {"A1": 1, "B2": 2})
    assert shop.products.get("A1").stock == 3


@pytest.mark.parametrize("items", [{}, {"A1": 0}])
def test_invalid_orders(shop, items):
    with pytest.raises(InvalidInput):
        shop.place_order(7, items)


def test_unknown_product(shop):
    with pytest.raises(NotFound):
        shop.place_order(7, {"ZZ": 1})


def test_cancel_puts_stock_back(shop):
    order = shop.place_order(7, {"A1": 2})
    shop.cancel(order.id)
    assert shop.products.get("A1").stock == 3
    assert shop.orders.get(order.id).status == "cancelled"
    with pytest.raises(InvalidInput):
        shop.cancel(order.id)


@pytest.mark.parametrize(
    ("source", "status"), [("tok_visa", "paid"), ("tok_declined", "payment_failed")]
)
def test_pay_records_the_outcome(shop, source, status):
    order = shop.place_order(7, {"A1": 1})
    gateway = StubGateway()
    PaymentService(shop.orders, gateway).pay(order.id, source)
    assert gateway.calls == [(1250, "EUR", source)]
    assert shop.orders.get(order.id).status == status


def test_pay_twice_is_refused(shop):
    order = shop.place_order(7, {"A1": 1})
    payments = PaymentService(shop.orders, StubGateway())
    payments.pay(order.id, "tok_visa")
    with pytest.raises(InvalidInput):
        payments.pay(order.id, "tok_visa")
    with pytest.raises(NotFound):
        payments.pay(999, "tok_visa")
