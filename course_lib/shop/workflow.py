"""The shop's whole order workflow: place an order, pay for it, announce it, cache it.

Why one module wires it: each piece is correct on its own (orders, payments, outbox, cache);
the bugs of a whole workflow live in the seams between them. The rules this module keeps:

- `pay()` runs in ONE transaction that locks the order row (SELECT ... FOR UPDATE), so two
  `pay()` calls for one order never both charge: the second waits, then finds it paid.
- approved -> `paid` and an OrderPlaced event in the outbox, committed together (the relay
  publishes it, the consumer e-mails the confirmation); no event, so no e-mail, otherwise.
- declined -> `payment_failed` and the reserved stock put back, committed together.
- the gateway raising (provider 5xx, refused connection, timeout) -> the same as a decline,
  then `PaymentUnavailable` for the caller (HTTP 503). Why not leave the order `pending`: a
  pending order holds its stock forever and the customer sees no outcome. A timeout leaves the
  provider's side unknown; settling such a charge is reconciliation's job (provider report by
  charge id), never a second charge here.
- the order cache is invalidated AFTER the commit (before it, a reader could cache the old row).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import requests
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from course_lib.shop.cache import order_cache
from course_lib.shop.db import CustomerRow
from course_lib.shop.errors import InvalidInput, NotFound, ShopError
from course_lib.shop.gateways.payments import PaymentProviderError
from course_lib.shop.messaging.outbox import OutboxWriter, utc_now
from course_lib.shop.models import PAID, PAYMENT_FAILED, PENDING, Order
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService
from course_lib.shop.usecases.payments import ChargeResult, PaymentGateway

PAYMENT_ERRORS = (PaymentProviderError, requests.RequestException, TimeoutError, ConnectionError)


class PaymentUnavailable(ShopError):
    """The payment provider failed; the order is `payment_failed` and its stock is back."""


class ShopWorkflow:
    """Orders and payments over injected parts: `sessions` (a sessionmaker), a payment
    `gateway`, a Redis `cache_client` and the outbox `queue` the events go to."""

    def __init__(
        self,
        sessions: sessionmaker,
        gateway: PaymentGateway,
        cache_client,
        *,
        queue: str = "orders",
        clock: Callable[[], datetime] = utc_now,
        currency: str = "EUR",
    ) -> None:
        self.sessions = sessions
        self.gateway = gateway
        self.cache = order_cache(cache_client)
        self.queue = queue
        self.clock = clock
        self.currency = currency

    def customer_id(self, session: Session, email: str, name: str = "") -> int:
        """The customer row for `email` (a verified user's address), created on first use."""
        row = session.scalar(select(CustomerRow).where(CustomerRow.email == email))
        if row is None:
            row = CustomerRow(email=email, name=name or email.partition("@")[0])
            session.add(row)
            session.flush()
        return row.id

    def place_order(self, email: str, items: Mapping[str, int]) -> Order:
        """Reserve stock and store a pending order for `email`: all of it, or nothing."""
        with self.sessions.begin() as session:
            customer_id = self.customer_id(session, email)
            service = OrderService(
                SqlAlchemyProductRepository(session), SqlAlchemyOrderRepository(session)
            )
            return service.place_order(customer_id, items)

    def pay(self, order_id: int, source: str) -> Order:
        """Charge a pending order; see the module docstring for every outcome."""
        with self.sessions.begin() as session:
            orders = SqlAlchemyOrderRepository(session)
            order = self.lock_pending(orders, order_id)
            result, error = self.charge(order, source)
            self.record(session, order, result)
        self.cache.invalidate(order_id)  # after the commit
        if error is not None:  # raised after the commit: the compensation is kept
            raise PaymentUnavailable(f"payment provider failed: {error}") from error
        return self.get_order(order_id)

    def lock_pending(self, orders: SqlAlchemyOrderRepository, order_id: int) -> Order:
        """The order, locked until the commit; NotFound, or InvalidInput unless pending."""
        order = orders.get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status != PENDING:
            raise InvalidInput(f"order {order_id} is {order.status}, not pending")
        return order

    def charge(self, order: Order, source: str) -> tuple[ChargeResult, Exception | None]:
        """The gateway's verdict; a provider error counts as a decline (and is returned)."""
        try:
            return self.gateway.charge(order.total_cents, self.currency, source), None
        except PAYMENT_ERRORS as exc:
            return ChargeResult(False, 0, reason=f"provider error: {exc}"), exc

    def record(self, session: Session, order: Order, result: ChargeResult) -> None:
        """paid + OrderPlaced in the outbox, or payment_failed + stock back: same transaction."""
        orders = SqlAlchemyOrderRepository(session)
        if result.approved:
            orders.set_status(order.id, PAID)
            OutboxWriter(session, self.queue, self.clock)(order)
        else:
            self.restore_stock(session, order)
            orders.set_status(order.id, PAYMENT_FAILED)

    def restore_stock(self, session: Session, order: Order) -> None:
        """Put the order's quantities back on the shelf (rows locked in SKU order)."""
        products = SqlAlchemyProductRepository(session)
        for line in sorted(order.lines, key=lambda line: line.sku):
            product = products.get_for_update(line.sku)
            if product is not None:
                product.stock += line.quantity
                products.update(product)

    def get_order(self, order_id: int) -> Order:
        """The order, through the cache (cache-aside)."""
        order = self.cache.get(order_id, self._load_order)
        if order is None:
            raise NotFound(f"no order {order_id}")
        return order

    def _load_order(self, order_id: object) -> Order | None:
        with self.sessions() as session:
            return SqlAlchemyOrderRepository(session).get(int(order_id))  # type: ignore[arg-type]
