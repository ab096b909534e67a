"""Exercise 04.4: wait_for_database(url, timeout) — poll until PostgreSQL runs a query — and
five probes that look fine against a server that is already up.

The reference retries what time can fix (nothing listens yet, the port hangs up, "the database
system is starting up") and raises at once what it cannot (the server answered and refused the
login: wrong password, unknown user or database).
"""

from __future__ import annotations

import functools
import socket
import time
from contextlib import ExitStack

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from course_lib.lessons.l04_real_databases.limit import Budget, StillWaiting, pause
from course_lib.lessons.l04_real_databases.loopback import (
    StartingServer,
    closed_port,
    loopback_url,
)

INTERVAL = 0.01  # seconds between two attempts
GRACE = 0.1  # how long past its timeout a probe may go on before the fixture stops it


def _runs_a_query(url: str) -> None:
    """One attempt: connect and run SELECT 1; raises OperationalError when that fails."""
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def _not_up_yet(exc: OperationalError) -> bool:
    """Nobody answered, or the server said it is starting: worth another try."""
    message = str(exc.orig)
    return "FATAL:" not in message or "the database system is" in message


def _gave_up(url: str, timeout: float, last: Exception | None) -> TimeoutError:
    reason = str(getattr(last, "orig", last)).splitlines()[0] if last else "no attempt"
    return TimeoutError(f"{make_url(url).host} not ready after {timeout:g} s: {reason}")


def wait_for_database(url: str, timeout: float) -> None:
    """Return as soon as PostgreSQL at `url` runs a query; TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            _runs_a_query(url)
            return
        except OperationalError as exc:
            if not _not_up_yet(exc):
                raise  # it answered and said no: waiting will not fix the URL
            last = exc
        if time.monotonic() >= deadline:
            raise _gave_up(url, timeout, last)
        pause(INTERVAL)


def sleeps_then_checks_once(url: str, timeout: float) -> None:
    """Bug: sleeps a guess, then tries once; a server a little slower than the guess fails."""
    time.sleep(0.05)  # "the server is up long before 50 ms: it was already running"
    try:
        _runs_a_query(url)
        return
    except OperationalError as exc:
        if not _not_up_yet(exc):
            raise
        last = exc
    raise _gave_up(url, timeout, last)


def trusts_create_engine(url: str, timeout: float) -> None:
    """Bug: create_engine() only parses the URL; it connects on first use, so this never does."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            create_engine(url, poolclass=NullPool).dispose()
            return
        except OperationalError as exc:
            if time.monotonic() >= deadline:
                raise _gave_up(url, timeout, exc) from exc
        pause(INTERVAL)


def never_times_out(url: str, timeout: float) -> None:
    """Bug: polls correctly but ignores `timeout`: a server that never starts hangs the tests."""
    while True:
        try:
            _runs_a_query(url)
            return
        except OperationalError as exc:
            if not _not_up_yet(exc):
                raise
        pause(INTERVAL)


def port_is_open(url: str, timeout: float) -> None:
    """Bug: an open TCP port is taken for a ready database (a container proxy opens it first)."""
    address = make_url(url)
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((address.host, address.port or 5432), timeout=1).close()
            return
        except OSError as exc:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"port {address.port} not open after {timeout:g} s") from exc
        pause(INTERVAL)


def retries_a_refusal(url: str, timeout: float) -> None:
    """Bug: every OperationalError counts as "not up yet": a wrong URL ends in a TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            _runs_a_query(url)
            return
        except OperationalError as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise _gave_up(url, timeout, last)
        pause(INTERVAL)


def bounded(probe):
    """`probe(url, timeout)`, stopped with StillWaiting GRACE s after its timeout.

    Here, not in limit.py: the engine knows this file as the exercise's own, so a failing call
    is shown at the line of the learner's test that made it.
    """

    @functools.wraps(probe)
    def call(url, timeout):
        try:
            with Budget(float(timeout) + GRACE):
                return probe(url, timeout)
        except StillWaiting:
            raise StillWaiting(
                f"wait_for_database(url, timeout={timeout!r}) was still trying {GRACE:g} s "
                "after its timeout: it never gives up"
            ) from None

    return call


class Readiness:
    """What the learner's tests get: the probe under test and places to point it at."""

    def __init__(self, probe, database_url: str, servers: ExitStack):
        self.wait_for_database = probe
        self._database_url, self._servers = database_url, servers
        ready = self.starting(ready_after=0)
        self.url = ready.url  # PostgreSQL, up and ready, on a loopback port
        self.unknown_database_url = ready.url_for("no_such_database")  # the server says no
        self.closed_url = loopback_url(make_url(self.url), closed_port())  # nobody listens

    def starting(self, ready_after: int | None) -> StartingServer:
        """A loopback server that hangs up on its first `ready_after` connections (None: on
        all of them), then passes them to the real PostgreSQL; `.url`, `.attempts`."""
        server = StartingServer(self._database_url, ready_after)
        self._servers.callback(server.close)
        return server


def provide_readiness(impl, request):
    """Fixture `readiness`: impl (stopped if it outlives its timeout) and loopback servers."""
    database_url = request.getfixturevalue("database_url")
    with ExitStack() as servers:
        yield Readiness(bounded(impl), database_url, servers)
