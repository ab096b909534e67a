"""Exercise 08.4: tests for "store the order, publish its event" on real PostgreSQL and a real
broker — the reference (the shop's OutboxWriter + OutboxRelay) and five versions with one
plausible bug each. The fixture `outbox` is an OutboxRig around one of them."""

from __future__ import annotations

import json
import uuid
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import delete, select

from course_lib.lessons.l08_message_queues.rig import read_raw
from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OutboxRow, ProductRow
from course_lib.shop.events import OrderPlaced
from course_lib.shop.messaging.outbox import OutboxRelay, OutboxWriter
from course_lib.shop.messaging.publisher import Publisher
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService


class PaymentDeclined(Exception):
    """Raised by OutboxRig.place_order(..., payment_declined=True) after the order is stored."""


class FlakyPublisher(Publisher):
    """A real publisher that raises ConnectionError while `down` is set."""

    down = False

    def publish_json(self, queue, text, **kwargs) -> None:
        if self.down:
            raise ConnectionError("the broker is unreachable")
        super().publish_json(queue, text, **kwargs)


class OutboxRig:
    """Orders placed through OrderService with the implementation's on_placed hook, in one
    transaction each; its relay; and what arrived on the queue."""

    PaymentDeclined = PaymentDeclined

    def __init__(self, impl, broker, sessions) -> None:
        self._impl, self._broker, self._sessions = impl, broker, sessions
        self.queue = broker.server_name(broker.unique("order-events"))
        self._publisher = FlakyPublisher(broker.connection)
        with sessions() as session, session.begin():
            session.execute(delete(OutboxRow))  # a shared server may hold old rows (rolled back)
            customer = CustomerRow(email=f"ann-{uuid.uuid4().hex[:8]}@example.com", name="Ann")
            session.add(customer)
            for sku in ("A1", "B2"):  # whatever a shared server holds: 1250 cents, 100 in stock
                session.merge(ProductRow(sku=sku, name=sku, price_cents=1250, stock=100))
            session.flush()
            self.customer_id = customer.id

    def place_order(self, items=None, *, payment_declined: bool = False) -> int:
        """Place an order ({sku: quantity}, default {"A1": 2}); its id. With payment_declined,
        PaymentDeclined is raised after the order was stored: the transaction rolls back."""
        with self._sessions() as session, session.begin():
            hook = self._impl.writer(session, self.queue, self._publisher)
            service = OrderService(
                SqlAlchemyProductRepository(session), SqlAlchemyOrderRepository(session), hook
            )
            order = service.place_order(self.customer_id, items or {"A1": 2})
            if payment_declined:
                raise PaymentDeclined(f"payment for order {order.id} declined")
            return order.id

    def relay(self) -> int:
        """Run the relay once: how many events it published."""
        return self._impl.relay(self._sessions, self._publisher).relay()

    @contextmanager
    def broker_down(self):
        """Inside this block every publish raises ConnectionError."""
        self._publisher.down = True
        try:
            yield
        finally:
            self._publisher.down = False

    def published(self) -> list:
        """The message bodies waiting on the queue (dicts; text if not JSON), taken off it."""
        bodies = []
        for body, _headers in read_raw(self._broker.connection, self.queue):
            try:
                bodies.append(json.loads(body))
            except ValueError:
                bodies.append(body.decode() if isinstance(body, bytes) else body)
        return bodies

    def pending(self) -> int:
        """Outbox rows not yet marked as sent."""
        with self._sessions() as session:
            rows = session.scalars(select(OutboxRow.id).where(OutboxRow.sent_at.is_(None)))
            return len(rows.all())


def provide_outbox(impl, request):
    """Fixture `outbox`: an OutboxRig around `impl` (unique queue, SAVEPOINT database)."""
    db.create_schema(request.getfixturevalue("engine"))
    yield OutboxRig(
        impl(), request.getfixturevalue("broker"), request.getfixturevalue("db_sessionmaker")
    )


class Reference:
    """The shop's outbox: the row in the order's transaction, a relay that marks rows sent."""

    def writer(self, session, queue, publisher):
        return OutboxWriter(session, queue)

    def relay(self, sessions, publisher):
        return OutboxRelay(sessions, publisher)


class _Nothing:
    def relay(self) -> int:
        return 0


class PublishesBeforeCommit(Reference):
    """Bug: publishes from inside the transaction; a rolled-back order has announced itself."""

    def writer(self, session, queue, publisher):
        def publish_now(order):
            customer = session.get(CustomerRow, order.customer_id)
            event = OrderPlaced.for_order(order, customer.email, OutboxWriter(session, "").clock())
            publisher.publish_event(queue, event)

        return publish_now

    def relay(self, sessions, publisher):
        return _Nothing()


class _EurosRelay(OutboxRelay):
    def _relay_one(self) -> bool:
        with self.sessions() as session, session.begin():
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.sent_at.is_(None)).order_by(OutboxRow.id)
            ).first()
            if row is None:
                return False
            body = json.loads(row.body)
            for line in body["lines"]:  # "nicer" money: euros as Decimal
                line["unit_price"] = Decimal(line.pop("unit_price_cents")) / 100
            body["total"] = Decimal(body.pop("total_cents")) / 100
            producer = self.publisher.connection.Producer()
            if getattr(self.publisher, "down", False):
                raise ConnectionError("the broker is unreachable")
            producer.publish(body, routing_key=row.queue, serializer="json")  # kombu's JSON
            row.sent_at = self.clock()
            return True


class EurosAsDecimal(Reference):
    """Bug: money as Decimal euros through kombu's serializer: {"__type__": "decimal", ...}."""

    def relay(self, sessions, publisher):
        return _EurosRelay(sessions, publisher)


class _MarksFirst(OutboxRelay):
    def _relay_one(self) -> bool:
        with self.sessions() as session, session.begin():
            row = session.scalars(
                select(OutboxRow).where(OutboxRow.sent_at.is_(None)).order_by(OutboxRow.id)
            ).first()
            if row is None:
                return False
            row.sent_at = self.clock()
            queue, body, event_id = row.queue, row.body, row.event_id
        self.publisher.publish_json(queue, body, message_id=event_id)  # after the commit
        return True


class MarksSentBeforePublishing(Reference):
    """Bug: marks the row sent and commits, then publishes; a failed publish loses the event."""

    def relay(self, sessions, publisher):
        return _MarksFirst(sessions, publisher)


class _NeverMarks(OutboxRelay):
    def relay(self, limit: int = 100) -> int:
        with self.sessions() as session:
            rows = session.scalars(
                select(OutboxRow).where(OutboxRow.sent_at.is_(None)).order_by(OutboxRow.id)
            ).all()
            for row in rows:
                self.publisher.publish_json(row.queue, row.body, message_id=row.event_id)
            return len(rows)


class NeverMarksSent(Reference):
    """Bug: publishes every pending row and never marks it sent: each run publishes it again."""

    def relay(self, sessions, publisher):
        return _NeverMarks(sessions, publisher)


class _NewestFirst(OutboxRelay):
    def relay(self, limit: int = 100) -> int:
        with self.sessions() as session, session.begin():
            rows = session.scalars(
                select(OutboxRow)
                .where(OutboxRow.sent_at.is_(None))
                .order_by(OutboxRow.created_at.desc(), OutboxRow.id.desc())
            ).all()
            for row in rows:
                self.publisher.publish_json(row.queue, row.body, message_id=row.event_id)
                row.sent_at = self.clock()
            return len(rows)


class NewestFirst(Reference):
    """Bug: the relay takes the newest rows first; consumers see order 2 before order 1."""

    def relay(self, sessions, publisher):
        return _NewestFirst(sessions, publisher)
