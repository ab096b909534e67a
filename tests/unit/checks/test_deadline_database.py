"""A lock wait on the learner's own PostgreSQL connection ends on time, and leaves nothing behind.

The self-deadlock: the answer updates a row in one connection, then updates the same row from a
second connection while the first still holds the lock. No signal can end that wait inside the
driver; the check's `lock_timeout` makes the server end it. Times only bound "ends within"
generously (deadline + 2 s).
"""

from __future__ import annotations

import signal
import time

import pytest
from sqlalchemy import create_engine, text

from course_lib.checks.code_check import run_code
from course_lib.checks.model import CodeExercise

pytestmark = pytest.mark.integration  # meets a real PostgreSQL

TIMEOUT = 1.0
HANG = 120.0  # seconds: only a hang takes this long; the verdict's text proves the deadline
# the engine owns SIGALRM during a check: pytest-timeout must watch from a thread
pytestmark = pytest.mark.timeout(HANG, method="thread")
EXERCISE = CodeExercise(
    id="99.3",
    title="Move one unit",
    hidden="tests.unit.checks.hidden_deadline_db",
    expects="a function move(engine)",
    answer="move",
)
TAKE = "UPDATE deadline_accounts SET balance = balance - 1 WHERE id = 1"
GIVE = "UPDATE deadline_accounts SET balance = balance + 1 WHERE id = 2"


@pytest.fixture(scope="module")
def database_url():
    """The course's PostgreSQL, started before any check (a cold start is not the answer's)."""
    from course_lib.backends import ServiceUnavailable, postgres_url

    try:
        url = postgres_url()
    except ServiceUnavailable as exc:
        pytest.skip(str(exc))
    if not url.startswith("postgresql"):
        pytest.skip(f"needs a real PostgreSQL, the backend is {url.split(':', 1)[0]}")
    return url


def moves_in_one_transaction(engine):
    with engine.begin() as conn:
        conn.execute(text(TAKE))
        conn.execute(text(GIVE))


def deadlocks_itself(engine):
    with engine.connect() as first:
        first.execute(text(TAKE))
        with engine.connect() as second:  # waits for the row lock `first` holds
            second.execute(text(TAKE))
            second.execute(text(GIVE))
            second.commit()
        first.commit()


def alarm_state():
    return signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL), time.monotonic()


def assert_given_back(state) -> None:
    """The SIGALRM handler is back, and the timer (pytest-timeout's, if any) goes on."""
    handler, (left, interval), since = state
    assert signal.getsignal(signal.SIGALRM) == handler
    now_left, now_interval = signal.getitimer(signal.ITIMER_REAL)
    assert now_interval == interval
    if left:
        assert left - (time.monotonic() - since) - 0.5 <= now_left <= left
    else:
        assert now_left == 0.0


def test_a_self_deadlock_ends_on_time_with_a_lock_message(database_url):
    before = alarm_state()
    result = run_code(EXERCISE, (deadlocks_itself,), timeout=TIMEOUT)
    assert result.status == "failed", str(result)
    message = result.cases[0].message
    assert "waiting for a database lock (your own transaction holds it?)" in message, message
    assert ", in deadlocks_itself, at `second.execute(text(TAKE))`" in message, message
    assert_given_back(before)
    good = run_code(EXERCISE, (moves_in_one_transaction,), timeout=TIMEOUT)
    assert good.passed, f"the next check runs normally: {good}"


def test_the_learners_own_engine_is_left_usable_and_without_the_limits(database_url):
    """An engine made in the notebook: its connections come back to the pool, reset."""
    engine = create_engine(database_url)
    try:

        def deadlocks_on_its_own_engine(_engine):
            deadlocks_itself(engine)

        result = run_code(EXERCISE, (deadlocks_on_its_own_engine,), timeout=TIMEOUT)
        assert "waiting for a database lock" in result.cases[0].message, str(result)
        assert engine.pool.checkedout() == 0, "every connection went back to the pool"
        with engine.connect() as conn:
            limits = conn.execute(
                text("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")
            ).one()
            assert tuple(limits) == ("0", "0"), "no connection keeps the check's limits"
        good = run_code(EXERCISE, (lambda _engine: moves_in_one_transaction(engine),), TIMEOUT)
        assert good.passed, str(good)
    finally:
        engine.dispose()


def test_the_check_limits_are_set_only_during_the_check(database_url):
    """Inside a check a connection has lock_timeout/statement_timeout below the deadline."""
    seen = {}

    def records_the_limits(engine):
        with engine.connect() as conn:
            seen["lock"], seen["statement"] = conn.execute(
                text("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")
            ).one()
        moves_in_one_transaction(engine)

    assert run_code(EXERCISE, (records_the_limits,), timeout=4.0).passed
    assert seen == {"lock": "3s", "statement": "3600ms"}


def test_a_lock_held_by_the_learners_open_session_is_named_not_blamed_on_the_setup(database_url):
    """A notebook session left open holds a lock the check's own setup needs: said so, and the
    check works again once that session is closed."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS deadline_accounts (id int)"))
    open_session = engine.connect()
    try:
        open_session.execute(text("SELECT * FROM deadline_accounts"))  # and never commits
        result = run_code(EXERCISE, (moves_in_one_transaction,), timeout=TIMEOUT)
        assert result.status == "failed", str(result)
        message = result.cases[0].message
        assert "the check was still waiting for a database lock" in message, message
        assert "held by a session of yours that has not committed?" in message, message
        open_session.close()
        assert run_code(EXERCISE, (moves_in_one_transaction,), timeout=TIMEOUT).passed
    finally:
        open_session.close()
        engine.dispose()
