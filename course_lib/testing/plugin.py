"""pytest plugin (registered through the pytest11 entry point): the course's fixtures.

Nothing here starts a server until a test requests a fixture that needs one. Database isolation is
a SAVEPOINT per test: each test runs inside an outer transaction on one connection that is rolled
back at the end; sessions join it with join_transaction_mode="create_savepoint", so code under test
may commit (or roll back) freely and still leaves nothing behind.
"""

from __future__ import annotations

import gc

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config) -> None:
    _freeze_heap(config)
    config.addinivalue_line(
        "markers", "docker: needs a Docker engine (skipped with a reason when none answers)"
    )
    config.addinivalue_line(
        "markers",
        "wiring: checks how code is wired together, with fakes for the "
        "outside world (e.g. a mocked Docker client); proves no real behaviour",
    )


def _freeze_heap(config) -> None:
    """gc.freeze() what exists before the session, until its very end.

    Why: at its end pytest runs gc.collect() twice (to surface exceptions raised in __del__),
    and in a notebook kernel every %%ipytest cell pays that over the kernel's whole heap (about
    0.1 s per pass). Frozen objects are skipped; what the tests made is still collected and
    reported. Registered first (tryfirst), so its unfreeze is the last cleanup to run. Inside
    an already frozen process (the check engine freezes; a pytester session inside a test)
    it does nothing, so the outer owner unfreezes."""
    if gc.get_freeze_count():
        return
    gc.freeze()
    config.add_cleanup(gc.unfreeze)


def pytest_collection_modifyitems(items) -> None:
    """Tests marked `docker` are skipped, with the reason, where no Docker engine answers."""
    marked = [item for item in items if item.get_closest_marker("docker") is not None]
    if not marked:
        return
    from course_lib.backends.containers import require_docker
    from course_lib.backends.errors import ServiceUnavailable

    try:
        require_docker()
    except ServiceUnavailable as exc:
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=str(exc)))


def _or_fail(func):
    from course_lib.backends.errors import ServiceUnavailable

    try:
        return func()
    except ServiceUnavailable as exc:
        message = str(exc)
    pytest.fail(message, pytrace=False)  # outside `except`: no chained traceback, one sentence


@pytest.fixture(scope="session")
def database_url() -> str:
    """SQLAlchemy URL of a real PostgreSQL (started once per process if needed)."""
    from course_lib.backends import postgres_url

    return _or_fail(postgres_url)


@pytest.fixture(scope="session")
def engine(database_url):
    """A SQLAlchemy engine on that PostgreSQL, shared by the whole test session."""
    from course_lib.testing.database import make_engine

    eng = make_engine(database_url)
    yield eng
    eng.dispose()


@pytest.fixture
def db_connection(engine):
    """One connection inside an outer transaction that is rolled back after the test."""
    connection = engine.connect()
    transaction = connection.begin()
    yield connection
    if transaction.is_active:
        transaction.rollback()
    connection.close()


@pytest.fixture
def db_sessionmaker(db_connection):
    """A sessionmaker for code under test (e.g. a Flask app): its commits become SAVEPOINTs."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(bind=db_connection, join_transaction_mode="create_savepoint")


@pytest.fixture
def db_session(db_sessionmaker):
    """A Session whose work, committed or not, is gone after the test (SAVEPOINT isolation)."""
    session = db_sessionmaker()
    yield session
    session.close()


@pytest.fixture
def redis_client():
    """A client on the course's Redis; its database is empty at the start of each test.

    On a shared Redis (COURSE_REDIS_URL) the client keeps to this process's key prefix: keys are
    prefixed for you, and flushdb()/dbsize()/keys() see only this process's keys."""
    from course_lib.backends import connect_redis

    client = _or_fail(lambda: connect_redis(pooled=True))
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def broker():
    """A kombu connection to the course's broker with publish()/consume(queue, timeout) helpers.

    On a shared broker (COURSE_BROKER_URL) queue names get this process's prefix for you, and the
    queues are deleted after the test."""
    from course_lib.backends import connect_broker, queue_name
    from course_lib.testing.broker import Broker

    helper = Broker(_or_fail(connect_broker), queue_name=queue_name)
    yield helper
    helper.close()


@pytest.fixture
def live_server():
    """Factory: `server = live_server(app)` serves `app` over real HTTP; `server.url`."""
    from course_lib.testing.live import LiveServer

    servers: list[LiveServer] = []

    def start(app) -> LiveServer:
        servers.append(LiveServer(app))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def stub_http_server():
    """A stub of an outside HTTP API on a real socket: `.route(...)`, `.url`, `.requests`."""
    from course_lib.testing.stub import StubHttpServer

    with StubHttpServer() as stub:
        yield stub


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback (aiosmtpd): `.host`, `.port`, `.messages` received."""
    from course_lib.backends.smtp import SmtpServer

    with SmtpServer() as server:
        yield server


def _outage_server(backend, make, what: str):
    """Yield make()'s server, started; closed (stopped, folder removed) afterwards. Skipped with
    the reason where the embedded server cannot run: an outage test may not stop a shared one."""
    ok, why = backend.available()
    if not ok:
        pytest.skip(f"an outage test needs the embedded {what} to stop and start: {why}")
    server = _or_fail(make)
    try:
        yield _or_fail(server.start)
    finally:
        server.close()


@pytest.fixture
def restartable_postgres():
    """A private PostgreSQL for outage tests: `.url`, `.stop()` (a crash), `.start()` (same data,
    same URL). Always the embedded server, whatever COURSE_DATABASE_URL says: a test may not stop
    a shared one. Gone after the test."""
    from course_lib.backends import embedded_pg
    from course_lib.backends.restartable import RestartablePostgres

    yield from _outage_server(embedded_pg, RestartablePostgres, "PostgreSQL")


@pytest.fixture
def restartable_redis():
    """A private Redis for outage tests: `.url` (redis-py), `.broker_url` (kombu), `.stop()`,
    `.start()` (same socket, empty, as a broker without persistence). Gone after the test."""
    from course_lib.backends import embedded_redis
    from course_lib.backends.restartable import RestartableRedis

    yield from _outage_server(embedded_redis, RestartableRedis, "Redis")
