"""Lesson 09 keeps its promises: the workflow module behaves as its docstring says on real
PostgreSQL/Redis/broker/SMTP/HTTP, survives a cut database connection and a broker that is down
with nothing half-written, turns a slow provider into a timeout, and the compose file has the
properties the lesson teaches."""

from __future__ import annotations

import re
import socket
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import kombu
import nbformat
import pytest
import requests
import yaml
from sqlalchemy import create_engine, delete, event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import NullPool

from course_lib.lessons.l09_whole_workflows import harness
from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, OutboxRow, ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.gateways.email import SmtpEmailSender
from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.gateways.payments import HttpPaymentGateway
from course_lib.shop.messaging.confirmation import ConfirmationHandler
from course_lib.shop.messaging.consumer import HANDLED, OrderConsumer
from course_lib.shop.messaging.outbox import OutboxRelay
from course_lib.shop.messaging.publisher import Publisher
from course_lib.shop.usecases import accounts
from course_lib.shop.workflow import PaymentUnavailable, ShopWorkflow
from course_lib.shop.workflow_api import create_workflow_app
from course_lib.testing.wait import wait_until

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "09-whole-workflows.ipynb"
COMPOSE = ROOT / "course_lib" / "lessons" / "l09_whole_workflows" / "compose.yaml"


@pytest.fixture
def shop(engine, db_sessionmaker, redis_client):
    """A ShopHarness over the real workflow (SAVEPOINT-isolated PostgreSQL, real Redis)."""
    with db_sessionmaker.begin() as session:
        harness.empty_shop(engine, session)
    gateway = harness.RecordingGateway()
    workflow = ShopWorkflow(db_sessionmaker, gateway, redis_client)
    return harness.ShopHarness(workflow, db_sessionmaker, gateway)


def test_approved_payment_is_paid_with_one_event_and_fresh_cache(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    assert shop.get_order(order.id).status == "pending"  # cached now
    assert shop.pay(order.id).status == "paid"
    assert shop.get_order(order.id).status == "paid"
    assert (shop.status(order.id), shop.stock("MUG"), shop.charges) == ("paid", 3, [2500])
    [event_body] = shop.events()
    assert (event_body["order_id"], event_body["total_cents"]) == (order.id, 2500)


@pytest.mark.parametrize("source", [harness.DECLINE, harness.FAIL])
def test_decline_and_provider_error_put_the_stock_back(shop, source):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    if source == harness.FAIL:
        with pytest.raises(PaymentUnavailable):
            shop.pay(order.id, source)
    else:
        assert shop.pay(order.id, source).status == "payment_failed"
    assert (shop.status(order.id), shop.stock("MUG"), shop.events()) == ("payment_failed", 5, [])


def test_second_pay_charges_nothing(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 1})
    shop.pay(order.id)
    with pytest.raises(Exception, match="not pending"):
        shop.pay(order.id)
    assert shop.charges == [1250]


def test_api_answers_every_outcome(shop):
    shop.add_product("MUG", 1250, 5)
    client = create_workflow_app(shop.workflow).test_client()
    placed = client.post("/orders", json={"email": "ann@example.com", "items": {"MUG": 1}})
    assert placed.status_code == 201
    order_id = placed.get_json()["id"]
    assert client.post(f"/orders/{order_id}/pay", json={"source": "tok_visa"}).status_code == 200
    assert client.post(f"/orders/{order_id}/pay", json={"source": "tok_visa"}).status_code == 400
    assert client.get(f"/orders/{order_id}").get_json()["status"] == "paid"
    declined = client.post("/orders", json={"email": "ann@example.com", "items": {"MUG": 1}})
    url = f"/orders/{declined.get_json()['id']}/pay"
    assert client.post(url, json={"source": "tok_declined"}).status_code == 402
    failing = client.post("/orders", json={"email": "ann@example.com", "items": {"MUG": 1}})
    url = f"/orders/{failing.get_json()['id']}/pay"
    assert client.post(url, json={"source": "tok_provider_error"}).status_code == 503
    assert client.get("/orders/999999").status_code == 404
    assert client.post("/orders", json={"email": "a@b.c", "items": {"MUG": 99}}).status_code == 409


def test_whole_flow_register_to_confirmation_email(
    engine, db_sessionmaker, redis_client, broker, smtp_server, live_server
):
    """register -> verify -> login -> order -> pay -> outbox -> broker -> consumer -> e-mail."""
    with db_sessionmaker.begin() as session:
        harness.empty_shop(engine, session)
        session.execute(delete(db.UserRow))
        session.add(ProductRow(sku="MUG", name="Mug", price_cents=1250, stock=5))
    sender = SmtpEmailSender(smtp_server.host, smtp_server.port)
    with db_sessionmaker() as session:
        accounts.register(session, sender, "Ann@Example.com", "correct horse")
        [mail] = wait_until(lambda: smtp_server.messages, message="verification e-mail")
        accounts.verify(session, re.search(r"token=(\S+)", mail.body).group(1))
        assert accounts.login(session, "ann@example.com", "correct horse")
    queue = broker.server_name(broker.unique("orders"))
    sandbox = live_server(create_sandbox_app())
    workflow = ShopWorkflow(
        db_sessionmaker, HttpPaymentGateway(sandbox.url), redis_client, queue=queue
    )
    order = workflow.place_order("ann@example.com", {"MUG": 2})
    assert workflow.pay(order.id, "tok_visa").status == "paid"
    assert OutboxRelay(db_sessionmaker, Publisher(broker.connection)).relay() == 1
    handler = ConfirmationHandler(db_sessionmaker, sender)
    dead = broker.server_name(broker.unique("dead"))
    consumer = OrderConsumer(broker.connection, queue, handler, dead_letter_queue=dead)
    assert consumer.process_one(timeout=5) == HANDLED
    consumer.close()
    confirmation = wait_until(lambda: smtp_server.messages[1:], message="confirmation")[0]
    assert confirmation.subject == f"Your order {order.id}"
    assert "Total: 25.00" in confirmation.body
    assert redis_client.get(f"order:{order.id}") is not None  # pay() read it back: cached


@pytest.fixture
def committed(engine):
    """Sessions on their own engine (real commits: a cut connection must lose real work), the
    backend pids they used, one product and one customer; everything deleted afterwards."""
    own = create_engine(engine.url, poolclass=NullPool)
    pids: list[int] = []
    event.listen(own, "connect", lambda dbapi, _rec: pids.append(dbapi.info.backend_pid))
    db.create_schema(own)
    sessions = sessionmaker(own, expire_on_commit=False)
    sku, email = f"C{uuid.uuid4().hex[:8]}", f"{uuid.uuid4().hex[:8]}@example.com"
    with sessions.begin() as session:
        session.add(ProductRow(sku=sku, name="Mug", price_cents=1250, stock=5))
    yield sessions, pids, sku, email
    with sessions.begin() as session:
        ids = select(OrderRow.id).join(CustomerRow).where(CustomerRow.email == email)
        order_ids = list(session.scalars(ids))
        session.execute(delete(OrderLineRow).where(OrderLineRow.order_id.in_(order_ids)))
        session.execute(delete(OrderRow).where(OrderRow.id.in_(order_ids)))
        session.execute(delete(OutboxRow).where(OutboxRow.body.contains(email)))
        session.execute(delete(CustomerRow).where(CustomerRow.email == email))
        session.execute(delete(ProductRow).where(ProductRow.sku == sku))
    own.dispose()


class CutsTheDatabase(harness.RecordingGateway):
    """Approves, but while the provider answers, the database connection of the flow is cut."""

    def __init__(self, engine, pids) -> None:
        super().__init__()
        self.engine, self.pids = engine, pids

    def charge(self, amount_cents, currency, source):
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": self.pids[-1]})
        return super().charge(amount_cents, currency, source)


def test_database_cut_mid_payment_leaves_nothing_half_written(committed, redis_client, engine):
    sessions, pids, sku, email = committed
    gateway = CutsTheDatabase(engine, pids)
    workflow = ShopWorkflow(sessions, gateway, redis_client)
    order = workflow.place_order(email, {sku: 2})
    with pytest.raises(OperationalError):
        workflow.pay(order.id, "tok_visa")
    with sessions() as session:  # a new connection: the server is still up
        status = session.scalar(select(OrderRow.status).where(OrderRow.id == order.id))
        stock = session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))
        events = session.scalars(select(OutboxRow).where(OutboxRow.body.contains(email))).all()
    assert (status, stock, events) == ("pending", 3, [])  # the transaction is gone, whole
    assert gateway.charges == [2500]  # ...but the provider charged: reconcile by charge id


def test_broker_down_keeps_the_event_in_the_outbox(shop, db_sessionmaker, broker):
    name = f"orders-{uuid.uuid4().hex[:8]}"  # this test's own queue
    shop.workflow.queue = broker.server_name(name)  # as the broker knows it (prefixed if shared)
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 1})
    assert shop.pay(order.id).status == "paid"  # the payment does not need the broker
    down = kombu.Connection(
        "redis+socket:///nonexistent/l09-broker.sock", transport_options={"max_retries": 0}
    )
    with pytest.raises(kombu.exceptions.OperationalError):
        OutboxRelay(db_sessionmaker, Publisher(down)).relay()
    down.release()
    relay = OutboxRelay(db_sessionmaker, Publisher(broker.connection))
    assert relay.pending() == 1  # kept, not lost
    assert relay.relay() == 1 and relay.pending() == 0
    assert broker.consume(name, timeout=5)["order_id"] == order.id


def test_slow_provider_times_out_and_is_compensated(shop):
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        port = silent.getsockname()[1]
        shop.workflow.gateway = HttpPaymentGateway(f"http://127.0.0.1:{port}", timeout=0.2)
        shop.add_product("MUG", 1250, 5)
        order = shop.place_order({"MUG": 2})
        with pytest.raises(PaymentUnavailable) as raised:
            shop.pay(order.id, "tok_visa")
    assert isinstance(raised.value.__cause__, requests.Timeout)
    assert (shop.status(order.id), shop.stock("MUG")) == ("payment_failed", 5)


def test_compose_file_waits_for_health_and_publishes_no_fixed_port():
    compose = yaml.safe_load(COMPOSE.read_text())
    services = compose["services"]
    assert {"db", "queue", "cache", "api", "tests"} <= set(services)
    for name in ("db", "queue", "cache", "api"):
        assert "test" in services[name]["healthcheck"], f"{name} has no healthcheck"
    for name, service in services.items():
        for port in service.get("ports", []):
            assert ":" not in str(port), f"{name} publishes a fixed host port: {port}"
        for dependency in service.get("depends_on", {}).values():
            assert dependency == {"condition": "service_healthy"}, name
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), f"{name}: pin the image tag"
    assert set(services["api"]["depends_on"]) == {"db", "queue", "cache"}
    assert set(services["tests"]["depends_on"]) == {"api"}
    assert "--exit-code-from tests" in COMPOSE.read_text()


def test_the_lesson_teaches_what_it_promises():
    text_of = "\n".join(cell.source for cell in nbformat.read(LESSON, as_version=4).cells)
    for topic in (
        "wait_until",
        "payment_failed",
        "PaymentUnavailable",
        "pg_terminate_backend",
        "OutboxRelay",
        "timeout",
        "DockerCompose",
        "service_healthy",
        "--exit-code-from",
        "anti-pattern",
        "Predict, then run",
        "@pytest.mark.docker",
    ):
        assert topic in text_of, f"the lesson never mentions {topic!r}"


class HoldsTheCharge(harness.RecordingGateway):
    """Approves, but only once `release` is set: the first pay() waits inside its charge."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.release = threading.Event(), threading.Event()

    def charge(self, amount_cents, currency, source):
        self.inside.set()
        assert self.release.wait(10), "never released"
        return super().charge(amount_cents, currency, source)


def lock_waiters(engine) -> int:
    """Sessions of this database waiting for a lock (a new transaction each time: inside one,
    pg_stat_activity is a snapshot that never changes)."""
    with engine.connect() as probe:
        query = (
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return probe.scalar(text(query))


def test_two_concurrent_pays_charge_once(committed, redis_client, engine):
    """The row lock of pay() makes the second call wait, then find the order paid."""
    sessions, _pids, sku, email = committed
    gateway = HoldsTheCharge()
    workflow = ShopWorkflow(sessions, gateway, redis_client)
    order = workflow.place_order(email, {sku: 1})
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(workflow.pay, order.id, "tok_visa")
        assert gateway.inside.wait(10)
        second = pool.submit(workflow.pay, order.id, "tok_visa")
        wait_until(  # the second pay() waits for the first one's row lock
            lambda: lock_waiters(engine),
            timeout=10,
            message=f"the second pay() to wait for the lock ({second})",
        )
        gateway.release.set()
        assert first.result(10).status == "paid"
        with pytest.raises(InvalidInput, match="not pending"):
            second.result(10)
    assert gateway.charges == [1250]
