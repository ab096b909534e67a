"""What the capstone's checks build a shop from: a recording refund provider, a mailbox and a
harness over ReturnService that drives the API and reads every layer back."""

from __future__ import annotations

import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select

from course_lib.backends import connect_broker, queue_name
from course_lib.lessons.kit import ensure_shop_schema
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.gateways.payments import PaymentProviderError
from course_lib.shop.models import PAID
from course_lib.shop.returns import ReturnRow, create_returns_schema, credit_note_name
from course_lib.shop.returns_api import create_returns_app
from course_lib.testing.broker import Broker

NOW = datetime(2026, 3, 29, 23, 30, tzinfo=UTC)  # late evening: a local date may differ


class RecordingRefunds:
    """A refund provider: `.refunds` lists (order_id, amount_cents); after `.fail()` every
    refund raises PaymentProviderError (a 5xx) until `.recover()`."""

    def __init__(self) -> None:
        self.refunds: list[tuple[int, int]] = []
        self.failing = False

    def fail(self) -> None:
        self.failing = True

    def recover(self) -> None:
        self.failing = False

    def refund(self, order_id: int, amount_cents: int, currency: str) -> str:
        if self.failing:
            raise PaymentProviderError("provider said 503: try again later")
        self.refunds.append((order_id, amount_cents))
        return f"re_{uuid.uuid4().hex[:12]}"


class Mailbox:
    """An EmailSender that keeps what it sends: `.sent` is a list of (to, subject, body)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


def unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:10]}"


class ReturnsShop:
    """`shop.client` is the API (a Flask test client); `paid_order()` makes a paid order;
    `stock`, `status`, `get_order` (through the cache), `refunds`, `events()` (the queue),
    `deliver(event)` + `mails` (the mailer), `credit_note(id)` (the file) read each layer back;
    `now` is the pinned clock."""

    now = NOW

    def __init__(
        self,
        impl,
        sessions,
        redis_client,
        broker,
        credit_dir: Path,
        queue: str = "",
        apps: dict | None = None,
    ) -> None:
        self.sessions = sessions
        self.broker = broker
        self.queue = queue or broker.unique("refunds")
        self.gateway = RecordingRefunds()
        self.mailbox = Mailbox()
        self.credit_dir = credit_dir
        self.service = impl(
            sessions,
            self.gateway,
            redis_client,
            lambda event: broker.publish(event, self.queue),
            credit_dir,
            clock=lambda: NOW,
        )
        self.client = _app(impl, self.service, apps).test_client()

    def paid_order(self, quantity: int = 2, price_cents: int = 1250, stock: int = 5) -> int:
        """A paid order of `quantity` of a new product (its sku: `shop.sku_of(order_id)`)."""
        sku = unique("R-")
        with self.sessions.begin() as session:  # plain INSERTs: a check makes a hundred of these
            customer_id = session.scalar(
                insert(CustomerRow)
                .values(email=unique("c-") + "@example.com", name="Zoë")
                .returning(CustomerRow.id)
            )
            session.execute(
                insert(ProductRow).values(sku=sku, name="Mug", price_cents=price_cents, stock=stock)
            )
            order_id = session.scalar(
                insert(OrderRow).values(customer_id=customer_id, status=PAID).returning(OrderRow.id)
            )
            session.execute(
                insert(OrderLineRow).values(
                    order_id=order_id, sku=sku, quantity=quantity, unit_price_cents=price_cents
                )
            )
            return order_id

    def sku_of(self, order_id: int) -> str:
        with self.sessions() as session:
            return session.scalar(select(OrderLineRow.sku).where(OrderLineRow.order_id == order_id))

    def email_of(self, order_id: int) -> str:
        with self.sessions() as session:
            query = select(CustomerRow.email).join(OrderRow).where(OrderRow.id == order_id)
            return session.scalar(query)

    def stock(self, sku: str) -> int:
        with self.sessions() as session:
            return session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))

    def status(self, order_id: int) -> str:
        with self.sessions() as session:
            return session.scalar(select(OrderRow.status).where(OrderRow.id == order_id))

    def get_order(self, order_id: int):
        """The order as a reader sees it: through the Redis cache (cache-aside)."""
        return self.service.cache.get(order_id, self._load)

    def _load(self, order_id):
        from course_lib.shop.repositories.sqlalchemy import SqlAlchemyOrderRepository

        with self.sessions() as session:
            return SqlAlchemyOrderRepository(session).get(int(order_id))

    @property
    def refunds(self) -> list[tuple[int, int]]:
        return list(self.gateway.refunds)

    def events(self) -> list[dict]:
        """Every event waiting on this test's queue now (taken off the queue)."""
        return self.broker.drain(self.queue)

    def deliver(self, event: dict) -> bool:
        """Hand `event` to the mailer, as the broker would (again, on a redelivery)."""
        return self.service.handle_event(self.mailbox, event)

    @property
    def mails(self) -> list[tuple[str, str, str]]:
        return list(self.mailbox.sent)

    def credit_note(self, return_id: int) -> Path:
        return self.credit_dir / credit_note_name(return_id)


def _app(impl, service, apps: dict | None):
    """The implementation's Flask app serving `service`. With an `apps` cache the app is built
    once per implementation and handed each test's service: the routes read it from
    app.extensions["returns"] per request, and building an app (compiling its URL rules) costs
    milliseconds that a check pays for every test on every implementation. So the app serves
    the newest shop of its implementation (a test has one)."""
    make_app = getattr(impl, "create_app", create_returns_app)
    if apps is None:
        return make_app(service)
    if impl not in apps:
        apps[impl] = make_app(service)
    apps[impl].extensions["returns"] = service
    return apps[impl]


_EVENTS = pytest.StashKey[tuple]()
_APPS = pytest.StashKey[dict]()


def _events_queue(request) -> tuple[Broker, str]:
    """One broker connection and one queue for the whole check session, emptied before each
    test. Why not the `broker` fixture: it opens a connection and a channel per test (a new
    Redis connection costs ~2 ms in redis-py alone), and a check runs every test once per
    implementation (thirteen times in 12.4)."""
    stash = request.config.stash
    if _EVENTS not in stash:
        broker = Broker(connect_broker(), queue_name=queue_name)
        stash[_EVENTS] = (broker, broker.unique("refunds"))

        def close() -> None:
            broker.close()
            broker.connection.release()

        request.config.add_cleanup(close)
    broker, name = stash[_EVENTS]
    broker.purge(name)  # what an earlier test (or implementation) left behind
    return broker, name


_NOTES = pytest.StashKey[Path]()


def _credit_dir(request) -> Path:
    """A fresh folder per test inside one per session: a plain mkdir, where `tmp_path` costs a
    numbered folder, a lock file and a symlink per test."""
    stash = request.config.stash
    if _NOTES not in stash:
        stash[_NOTES] = request.getfixturevalue("tmp_path_factory").mktemp("credit-notes")
    return Path(tempfile.mkdtemp(prefix="test-", dir=stash[_NOTES]))


def provide_shop(impl, request):
    """Fixture `shop`: a ReturnsShop over impl on PostgreSQL (SAVEPOINT-isolated), Redis, the
    broker (a queue emptied for it) and a new credit-note folder."""
    ensure_shop_schema(request.getfixturevalue("engine"), create_returns_schema)
    sessions = request.getfixturevalue("db_sessionmaker")
    with sessions.begin() as session:
        session.execute(delete(ReturnRow))  # a shared server may hold old ones; rolled back
    broker, queue = _events_queue(request)
    yield ReturnsShop(
        impl,
        sessions,
        request.getfixturevalue("redis_client"),
        broker,
        _credit_dir(request),
        queue=queue,
        apps=request.config.stash.setdefault(_APPS, {}),
    )
