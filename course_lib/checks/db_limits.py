"""Server-side limits on a check's PostgreSQL connections: the server ends waits no signal can.

A lock wait on the learner's own connection (a second session updating a row the first one holds
locked) blocks inside the database driver; PostgreSQL itself ends it with `lock_timeout`, and a
runaway statement with `statement_timeout`. While a check runs, every PostgreSQL connection
checked out of any SQLAlchemy pool (the `engine` fixture's, or an engine the learner's code made)
gets both, a little below the check's deadline, so the server answers before the deadline fires
and the connection stays usable. A connection given them is RESET when it goes back to its pool
(an inert listener, kept for connections the check left checked out), so none keeps them after.
"""

from __future__ import annotations

import contextlib
import sys

import pytest

LOCK_SHARE, STATEMENT_SHARE = 0.75, 0.9  # of the check's deadline
_FLAG = "course_check_limits"  # in a pool record's .info: this connection has our limits
_DRIVERS = ("psycopg", "psycopg2")
_IDLE = 0  # libpq PQTRANS_IDLE (psycopg 2 and 3 share the numbering)
_checkin_listening = False


def limits_ms(seconds: float) -> tuple[int, int]:
    """(lock_timeout, statement_timeout) in milliseconds for a deadline of `seconds`."""
    lock = max(100, int(seconds * LOCK_SHARE * 1000))
    return lock, max(lock + 50, int(seconds * STATEMENT_SHARE * 1000))


def timeout_kind(exc: BaseException | None) -> str:
    """'lock' or 'statement' when `exc` (or the driver error inside it) is one of these limits."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
        text = str(exc).lower()
        if code == "55P03" and "could not obtain lock" not in text:  # not a NOWAIT refusal
            return "lock"
        if code == "57014" and "user request" not in text:  # not a cancel
            return "statement"
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
    return ""


def _status(dbapi_connection) -> int | None:
    """libpq transaction status of a psycopg (3 or 2) connection; None for other drivers."""
    if type(dbapi_connection).__module__.split(".", 1)[0] not in _DRIVERS:
        return None
    info = getattr(dbapi_connection, "info", None)
    status = getattr(info, "transaction_status", None)
    if status is None and hasattr(dbapi_connection, "get_transaction_status"):
        status = dbapi_connection.get_transaction_status()
    return None if status is None else int(status)


def _run(dbapi_connection, statements) -> bool:
    """Run SET/RESET statements on an idle PostgreSQL connection and keep them (commit)."""
    if _status(dbapi_connection) != _IDLE:
        return False
    try:
        with contextlib.closing(dbapi_connection.cursor()) as cursor:
            for statement in statements:
                cursor.execute(statement)
        if not getattr(dbapi_connection, "autocommit", False):
            dbapi_connection.commit()
        return True
    except Exception:  # noqa: BLE001 - limits are a safety net: never break the connection
        with contextlib.suppress(Exception):
            dbapi_connection.rollback()
        return False


def _on_checkin(dbapi_connection, record) -> None:
    if dbapi_connection is not None and record.info.pop(_FLAG, False):
        _run(dbapi_connection, ("RESET lock_timeout", "RESET statement_timeout"))


class DatabaseLimits:
    """pytest plugin and context manager: `with DatabaseLimits(seconds) as plugin: ...`."""

    def __init__(self, seconds: float):
        lock, statement = limits_ms(seconds)
        self.statements = (f"SET lock_timeout = {lock}", f"SET statement_timeout = {statement}")
        self._hook = self._on_checkout
        self._listening = False

    def __enter__(self) -> DatabaseLimits:
        self.listen()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._listening:
            from sqlalchemy import event
            from sqlalchemy.pool import Pool

            event.remove(Pool, "checkout", self._hook)
            self._listening = False

    def listen(self) -> None:
        """Start once SQLAlchemy is imported (a fixture may import it in the middle of a check)."""
        global _checkin_listening
        if self._listening or "sqlalchemy" not in sys.modules:
            return
        from sqlalchemy import event
        from sqlalchemy.pool import Pool

        if not _checkin_listening:
            event.listen(Pool, "checkin", _on_checkin)
            _checkin_listening = True
        event.listen(Pool, "checkout", self._hook)
        self._listening = True

    def _on_checkout(self, dbapi_connection, record, proxy) -> None:
        if _run(dbapi_connection, self.statements):
            record.info[_FLAG] = True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_call(self, item) -> None:
        self.listen()  # the answer's module may have imported SQLAlchemy since

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        try:
            return (yield)
        finally:
            self.listen()
