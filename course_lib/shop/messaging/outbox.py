"""The transactional outbox: the order and its event are committed together, published later.

Publishing straight from the use case goes wrong both ways: publish before the commit and a
rolled-back order has announced itself; publish after it and a crash in between loses the event.
Instead OutboxWriter adds an OutboxRow in the order's own transaction (both or neither), and
OutboxRelay publishes pending rows in the order they were written, marking each one sent. A
relay that dies after publishing and before marking publishes that row again: consumers
deduplicate by event id (at-least-once, never lost).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_lib.shop.db import CustomerRow, OutboxRow
from course_lib.shop.errors import NotFound
from course_lib.shop.events import OrderPlaced
from course_lib.shop.messaging.publisher import Publisher
from course_lib.shop.models import Order


def utc_now() -> datetime:
    return datetime.now(UTC)


def add_to_outbox(session: Session, queue: str, event: OrderPlaced) -> None:
    """Write `event` to the outbox in the caller's transaction (flushed, never committed)."""
    body = json.dumps(event.to_message(), allow_nan=False)
    session.add(
        OutboxRow(event_id=event.event_id, queue=queue, body=body, created_at=event.placed_at)
    )
    session.flush()


class OutboxWriter:
    """The `on_placed` hook for OrderService: `OrderService(..., on_placed=OutboxWriter(...))`."""

    def __init__(
        self, session: Session, queue: str, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.session = session
        self.queue = queue
        self.clock = clock

    def __call__(self, order: Order) -> None:
        customer = self.session.get(CustomerRow, order.customer_id)
        if customer is None:
            raise NotFound(f"no customer {order.customer_id}")
        event = OrderPlaced.for_order(order, customer.email, self.clock())
        add_to_outbox(self.session, self.queue, event)


class OutboxRelay:
    """Publishes pending outbox rows, oldest first, one transaction per row."""

    def __init__(
        self,
        sessions: Callable[[], Session],
        publisher: Publisher,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.sessions = sessions
        self.publisher = publisher
        self.clock = clock

    def relay(self, limit: int = 100) -> int:
        """Publish up to `limit` pending rows; the number published. A failed publish raises
        and leaves that row (and the ones after it) pending for the next run."""
        published = 0
        while published < limit and self._relay_one():
            published += 1
        return published

    def pending(self) -> int:
        """How many rows wait to be published."""
        with self.sessions() as session:
            return len(
                session.scalars(select(OutboxRow.id).where(OutboxRow.sent_at.is_(None))).all()
            )

    def _relay_one(self) -> bool:
        with self.sessions() as session, session.begin():
            row = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.sent_at.is_(None))
                .order_by(OutboxRow.id)
                .limit(1)
                .with_for_update(skip_locked=True)  # two relays never take the same row
            ).first()
            if row is None:
                return False
            self.publisher.publish_json(row.queue, row.body, message_id=row.event_id)
            row.sent_at = self.clock()  # committed when the block ends
            return True
