"""Every check ends on time, blocking calls included, and gives the kernel back as it was.

In the main thread the deadline is a SIGALRM timer: it also ends `time.sleep`, a socket read and
a lock wait. No test asserts on elapsed time: the verdict says "stopped after 1 s", and a check
that hung would be killed by the module's timeout mark instead of passing late.
"""

from __future__ import annotations

import signal
import socket
import sys
import threading
import time

import pytest

from course_lib.checks import check

TIMEOUT = 1.0
HANG = 120.0  # seconds: only a hang takes this long; the verdict's text proves the deadline
# the engine owns SIGALRM during a check: pytest-timeout must watch from a thread
pytestmark = pytest.mark.timeout(HANG, method="thread")


def good_total(prices_cents, discount_percent=0):
    subtotal = sum(prices_cents)
    return subtotal - (subtotal * discount_percent + 50) // 100


@pytest.fixture
def outer_alarm():
    """An outer SIGALRM handler and timer (as pytest-timeout sets them) that a check must give
    back untouched: same handler, the timer still running, never called by a stray alarm."""
    calls = []

    def handler(signum, frame):
        calls.append(signum)

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, handler)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, 1000.0)
    yield handler, calls
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous_handler)
    if previous_timer[0] > 0:
        left = max(previous_timer[0] - (time.monotonic() - started), 0.001)
        signal.setitimer(signal.ITIMER_REAL, left, previous_timer[1])


def assert_given_back(outer_alarm, since: float) -> None:
    handler, calls = outer_alarm
    assert signal.getsignal(signal.SIGALRM) is handler, "the previous SIGALRM handler is back"
    left, interval = signal.getitimer(signal.ITIMER_REAL)
    assert 1000.0 - (time.monotonic() - since) - 0.5 <= left <= 1000.0 and interval == 0.0, (
        f"the previous timer goes on where it was, got {left!r}"
    )
    assert calls == [], "the outer handler was never called by the check's alarm"


def _sleeps(prices_cents, discount_percent=0):
    time.sleep(1000)


def _reads_a_silent_socket(prices_cents, discount_percent=0):
    ours, _theirs = socket.socketpair()
    return ours.recv(10)


def _waits_for_its_own_lock(prices_cents, discount_percent=0):
    lock = threading.Lock()
    lock.acquire()
    lock.acquire()


def _swallows_every_stop(prices_cents, discount_percent=0):
    while True:
        try:
            time.sleep(1000)
        except BaseException:  # noqa: BLE001 - the learner's mistake under test
            pass


@pytest.mark.parametrize(
    ("answer", "named"),
    [
        (_sleeps, "still waiting in time.sleep"),
        (_reads_a_silent_socket, "still waiting in ours.recv"),
        (_waits_for_its_own_lock, "still waiting in lock.acquire"),
    ],
    ids=["sleep", "socket-read", "lock"],
)
def test_a_blocking_call_is_stopped_and_named(outer_alarm, answer, named):
    started = time.monotonic()
    result = check("00.1", answer, timeout=TIMEOUT, record=False)
    assert result.status == "failed"
    assert "stopped after 1 s" in result.summary
    message = result.cases[0].message
    assert named in message and f", in {answer.__name__}, at `" in message, message
    assert "endless loop" not in message, "a wait is not called a loop"
    assert len(result.cases) == 1, "after one timeout the remaining cases are skipped"
    assert_given_back(outer_alarm, started)
    assert check("00.1", good_total, record=False).passed, "the next check runs normally"
    assert_given_back(outer_alarm, started)


def test_a_sleep_that_swallows_the_stop_is_still_stopped(outer_alarm):
    """`except BaseException: pass` around the sleep: the stop comes again inside the except."""

    def tracer(frame, event, arg):  # a debugger's or coverage's tracer, which must come back
        return None

    started = time.monotonic()
    sys.settrace(tracer)
    try:
        result = check("00.1", _swallows_every_stop, timeout=TIMEOUT, record=False)
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)
    assert result.status == "failed" and "stopped after 1 s" in result.summary
    assert_given_back(outer_alarm, started)


def test_a_learner_test_that_sleeps_is_stopped(outer_alarm):
    def test_waits_forever(checkout):
        time.sleep(1000)

    started = time.monotonic()
    result = check("00.3", tests={"test_waits_forever": test_waits_forever}, timeout=TIMEOUT)
    assert result.status == "failed" and "was stopped after 1 s" in result.summary
    assert "still waiting in time.sleep" in result.cases[0].message
    assert_given_back(outer_alarm, started)


def test_no_timer_and_no_handler_are_left_when_there_was_none():
    """In a kernel nothing else uses SIGALRM: afterwards it is back to the default, no timer."""
    previous_handler = signal.signal(signal.SIGALRM, signal.SIG_DFL)
    previous_timer = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        check("00.1", _sleeps, timeout=TIMEOUT, record=False)
        assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_timer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *previous_timer)


def test_outside_the_main_thread_a_loop_is_still_stopped(outer_alarm):
    """Signals reach only the main thread: from a thread the timer-thread fallback stops loops."""

    def loops(prices_cents, discount_percent=0):
        while True:
            pass

    results = []
    started = time.monotonic()
    worker = threading.Thread(
        target=lambda: results.append(check("00.1", loops, timeout=0.5, record=False))
    )
    worker.start()
    worker.join(HANG)
    assert not worker.is_alive() and results[0].status == "failed"
    assert "endless loop" in results[0].cases[0].message
    assert_given_back(outer_alarm, started)


def test_after_a_check_in_a_thread_a_traced_check_still_ends(outer_alarm):
    """The thread clock's stop must leave nothing pending: on CPython 3.11 a cleared async
    exception left a flag that made every traced frame spin for ever (seen: the next check in
    the main thread, under a debugger's tracer, never ended)."""

    def loops(prices_cents, discount_percent=0):
        while True:
            pass

    results = []
    started = time.monotonic()
    worker = threading.Thread(
        target=lambda: results.append(check("00.1", loops, timeout=0.5, record=False))
    )
    worker.start()
    worker.join(HANG)
    assert results and results[0].status == "failed"
    sys.settrace(lambda frame, event, arg: None)
    try:
        result = check("00.1", _swallows_every_stop, timeout=TIMEOUT, record=False)
    finally:
        sys.settrace(None)
    assert result.status == "failed" and "stopped after 1 s" in result.summary
    assert_given_back(outer_alarm, started)
