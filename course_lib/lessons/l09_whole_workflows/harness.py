"""What the lesson's checks build a shop from: a recording payment gateway and a harness that
drives a workflow and reads every layer back (database rows, outbox events, the order cache)."""

from __future__ import annotations

import json

from sqlalchemy import delete, select

from course_lib.shop import db
from course_lib.shop.db import (
    CustomerRow,
    OrderLineRow,
    OrderRow,
    OutboxRow,
    ProcessedEventRow,
    ProductRow,
)
from course_lib.shop.gateways.payments import PaymentProviderError
from course_lib.shop.usecases.payments import ChargeResult

APPROVE, DECLINE, FAIL = "tok_visa", "tok_declined", "tok_provider_error"


class RecordingGateway:
    """A payment gateway: `tok_visa` is approved, `tok_declined` declined, `tok_provider_error`
    raises PaymentProviderError (a 5xx); `.charges` lists every amount it was asked for."""

    def __init__(self) -> None:
        self.charges: list[int] = []

    def charge(self, amount_cents: int, currency: str, source: str) -> ChargeResult:
        self.charges.append(amount_cents)
        if source == FAIL:
            raise PaymentProviderError("provider said 503: try again later")
        if source == DECLINE:
            return ChargeResult(False, amount_cents, reason="card_declined")
        return ChargeResult(True, amount_cents, charge_id=f"ch_{len(self.charges)}")


def empty_shop(engine, session) -> None:
    """Schema in place and no rows (a shared server may hold old ones; rolled back later)."""
    db.create_schema(engine)
    for row in (OutboxRow, ProcessedEventRow, OrderLineRow, OrderRow, CustomerRow, ProductRow):
        session.execute(delete(row))
    session.flush()


class ShopHarness:
    """`shop.place_order(...)`, `shop.pay(...)`, `shop.get_order(...)` call the workflow; the
    rest reads each layer back: `stock(sku)`, `status(order_id)`, `events()`, `charges`."""

    def __init__(self, workflow, sessions, gateway: RecordingGateway) -> None:
        self.workflow = workflow
        self.sessions = sessions
        self.gateway = gateway

    def add_product(self, sku: str, price_cents: int, stock: int) -> None:
        with self.sessions.begin() as session:
            session.add(ProductRow(sku=sku, name=sku, price_cents=price_cents, stock=stock))

    def place_order(self, items: dict[str, int], email: str = "ann@example.com"):
        return self.workflow.place_order(email, items)

    def pay(self, order_id: int, source: str = APPROVE):
        return self.workflow.pay(order_id, source)

    def get_order(self, order_id: int):
        return self.workflow.get_order(order_id)

    @property
    def charges(self) -> list[int]:
        return list(self.gateway.charges)

    def stock(self, sku: str) -> int:
        with self.sessions() as session:
            return session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))

    def status(self, order_id: int) -> str:
        with self.sessions() as session:
            return session.scalar(select(OrderRow.status).where(OrderRow.id == order_id))

    def events(self) -> list[dict]:
        """The OrderPlaced events waiting in the outbox, oldest first."""
        with self.sessions() as session:
            bodies = session.scalars(select(OutboxRow.body).order_by(OutboxRow.id)).all()
        return [json.loads(body) for body in bodies]
