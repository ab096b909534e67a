"""Lesson 09 keeps its promises: the workflow module behaves as its docstring says on real
PostgreSQL/Redis/broker/SMTP/HTTP; survives a cut database connection, a database server that
crashes mid-payment and a broker server that goes down, both restarted from the test, with
nothing half-written and nothing left behind; turns a slow provider into a timeout; and the
compose file has the properties the lesson teaches."""

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


class CrashesTheDatabase(harness.RecordingGateway):
    """Approves, but while the provider answers, the whole database server goes down."""

    def __init__(self, server) -> None:
        super().__init__()
        self.server = server

    def charge(self, amount_cents, currency, source):
        self.server.stop()  # a crash: every connection dies, new ones are refused
        return super().charge(amount_cents, currency, source)


def _rows(sessions, order_id, sku):
    with sessions() as session:
        status = session.scalar(select(OrderRow.status).where(OrderRow.id == order_id))
        stock = session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))
        events = session.scalars(select(OutboxRow.event_id)).all()
    return status, stock, events


def test_database_server_down_mid_payment_then_back(restartable_postgres, redis_client):
    """The server crashes while the provider charges; after a restart the order is as it was
    before pay() (the transaction died whole) and the shop works again without a restart of its
    own: pool_pre_ping replaces the pooled connections the crash killed."""
    pg = restartable_postgres
    own = create_engine(pg.url, pool_pre_ping=True)
    try:
        db.create_schema(own)
        sessions = sessionmaker(own, expire_on_commit=False)
        with sessions.begin() as session:
            session.add(ProductRow(sku="MUG", name="Mug", price_cents=1250, stock=5))
        gateway = CrashesTheDatabase(pg)
        workflow = ShopWorkflow(sessions, gateway, redis_client)
        order = workflow.place_order("ann@example.com", {"MUG": 2})
        with pytest.raises(OperationalError):
            workflow.pay(order.id, "tok_visa")
        assert not pg.running
        with pytest.raises(OperationalError):  # down: refused, not hanging
            _rows(sessions, order.id, "MUG")
        pg.start()
        assert _rows(sessions, order.id, "MUG") == ("pending", 3, [])  # nothing half-written
        assert gateway.charges == [2500]  # ...but the provider charged: reconcile by charge id
        gateway.server = None  # the next payment goes through
        gateway.charge = harness.RecordingGateway.charge.__get__(gateway)
        second = workflow.place_order("ann@example.com", {"MUG": 1})
        assert workflow.pay(second.id, "tok_visa").status == "paid"
        assert _rows(sessions, second.id, "MUG")[:2] == ("paid", 2)
    finally:
        own.dispose()


def test_broker_server_down_then_back_delivers_the_event(
    shop, db_sessionmaker, restartable_redis, smtp_server
):
    """The broker (kombu over a private Redis) goes down after the payment: the relay fails,
    the event waits in the outbox; the broker comes back (empty: queues are declared again),
    the same relay and connection deliver it, and the consumer sends the confirmation."""
    broker_down = restartable_redis
    shop.workflow.queue = queue = "orders"  # a private broker: no other test shares its names
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 1})
    with kombu.Connection(broker_down.broker_url) as connection:
        connection.SimpleQueue(queue).close()  # declared, as the system's setup would
        relay = OutboxRelay(db_sessionmaker, Publisher(connection))
        assert shop.pay(order.id).status == "paid"  # the payment does not need the broker
        broker_down.stop()
        with pytest.raises(connection.connection_errors):  # the transport's own, e.g. redis's
            relay.relay()
        assert relay.pending() == 1  # kept, not lost
        broker_down.start()
        connection.SimpleQueue(queue).close()  # a restarted broker without persistence forgot it
        assert relay.relay() == 1 and relay.pending() == 0
        handler = ConfirmationHandler(
            db_sessionmaker, SmtpEmailSender(smtp_server.host, smtp_server.port)
        )
        consumer = OrderConsumer(connection, queue, handler, dead_letter_queue="dead")
        try:
            assert consumer.process_one(timeout=5) == HANDLED
        finally:
            consumer.close()
    [mail] = wait_until(lambda: smtp_server.messages, message="the confirmation e-mail")
    assert mail.subject == f"Your order {order.id}"


def test_outage_servers_leave_nothing_behind():
    """stop/start/close leave no process or folder; a killed test process neither (watchdog)."""
    import subprocess
    import sys

    import psutil

    from course_lib.backends.restartable import RestartablePostgres, RestartableRedis

    pids, roots = [], []
    for kind in (RestartablePostgres, RestartableRedis):
        with kind() as server:
            pids.append(server.pid)
            server.stop()
            server.start()
            pids.append(server.pid)
            roots.append(server.root)
    script = (
        "from course_lib.backends.restartable import RestartablePostgres, RestartableRedis\n"
        "pg = RestartablePostgres().start(); r = RestartableRedis().start()\n"
        "print(pg.pid, r.pid, pg.root, r.root, flush=True)\n"
        "import time; time.sleep(600)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        pg_pid, redis_pid, pg_root, redis_root = child.stdout.readline().split()
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
    pids += [int(pg_pid), int(redis_pid)]
    roots += [Path(pg_root), Path(redis_root)]

    def gone() -> bool:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        return not alive and not any(root.exists() for root in roots)

    wait_until(gone, timeout=30, message=f"servers {pids} and folders {roots} still there")


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
