"""Paying for an order through an injected payment gateway.

The service speaks cents (like the rest of the shop); converting to whatever the provider wants
is the gateway client's job. That boundary is exactly where lesson 01's bug lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from course_lib.shop.errors import InvalidInput, NotFound
from course_lib.shop.models import PAID, PAYMENT_FAILED, PENDING
from course_lib.shop.repositories.base import OrderRepository


@dataclass(frozen=True)
class ChargeResult:
    """What a gateway reports back; `amount_cents` is what the provider says it charged."""

    approved: bool
    amount_cents: int
    charge_id: str | None = None
    reason: str | None = None


class PaymentGateway(Protocol):
    """Anything that can charge a card: the HTTP client, a test stub, a fake."""

    def charge(self, amount_cents: int, currency: str, source: str) -> ChargeResult: ...


class PaymentService:
    """Charges pending orders and records the outcome on the order."""

    def __init__(self, orders: OrderRepository, gateway: PaymentGateway, currency: str = "EUR"):
        self.orders = orders
        self.gateway = gateway
        self.currency = currency

    def pay(self, order_id: int, source: str) -> ChargeResult:
        """Charge the order's total; mark it paid or payment_failed.

        The order is read FOR UPDATE (where the repository can lock): two payments of one order
        at the same moment then take turns, and the second finds it paid instead of charging
        again. The lock lasts until the caller's transaction ends."""
        order = self.orders.get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status != PENDING:
            raise InvalidInput(f"order {order_id} is {order.status}, not pending")
        result = self.gateway.charge(order.total_cents, self.currency, source)
        self.orders.set_status(order_id, PAID if result.approved else PAYMENT_FAILED)
        return result
