"""Stop learner code past its deadline without killing the kernel: loops and blocking calls alike.

In the main thread (a notebook cell, `python -m course_lib check`) a SIGALRM timer
(`signal.setitimer(ITIMER_REAL)`) raises CheckTimeout where the code is: a signal also ends
`time.sleep`, a socket read or a lock wait (the call fails with EINTR, Python runs the handler,
the handler raises). Code that swallows the stop (`except:`) gets it again every INSIST seconds,
from the second time also at its next line (a line trace on its frames, so the stop is raised
inside its except block). The previous SIGALRM handler and timer, and any tracer, are put back
when the check ends, the timer with what was left of it.

Elsewhere (a check run from a thread) a timer thread raises CheckTimeout inside the checking
thread (PyThreadState_SetAsyncExc): that interrupts Python loops, not a blocking call. Waits on the
learner's own PostgreSQL connections are ended by the server (course_lib.checks.db_limits). What
the code was doing when stopped (waits.describe) is kept on the exception.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

import pytest

from course_lib.checks import waits

INSIST = 0.25  # seconds between further raises when learner code swallows the first one


class CheckTimeout(BaseException):
    """Raised into code past its deadline (a BaseException: `except Exception` can't eat it)."""

    waiting = ""  # what the code was blocked in (waits.describe), '' for a loop


class _AlarmClock:
    """SIGALRM in the main thread: ends blocking calls too."""

    def __init__(self, expired):
        self._expired = expired  # called with the running frame; returns the exception to raise
        self._armed = False
        self._fires = 0
        self._tracing = False
        self._saved_trace = None
        self._old_handler = None
        self._old_timer = (0.0, 0.0)
        self._since = 0.0

    @staticmethod
    def usable() -> bool:
        main = threading.current_thread() is threading.main_thread()
        return main and hasattr(signal, "setitimer")

    def _on_alarm(self, signum, frame):
        if not self._armed:
            return
        stop = self._expired(frame)
        self._fires += 1
        if self._fires > 1:  # the last stop was swallowed (`except:`): also stop at its next line
            self._stop_at_next_line(frame)
        raise stop

    def _stop_at_next_line(self, frame) -> None:
        """A line-trace on the learner's frames raises again inside their `except` block."""

        def local(f, event, arg):
            if not self._armed:
                return None
            if event == "line":
                raise self._expired(f)
            return local

        while frame is not None and not waits.is_course(frame):
            frame.f_trace_lines = True
            frame.f_trace = local
            frame = frame.f_back
        if not self._tracing:
            self._saved_trace, self._tracing = sys.gettrace(), True
        sys.settrace(lambda *args: None)  # tracing on, for the frames above only

    def install(self) -> None:
        self._old_handler = signal.getsignal(signal.SIGALRM)
        self._old_timer = signal.setitimer(signal.ITIMER_REAL, 0)  # paused, resumed at the end
        self._since = time.monotonic()
        signal.signal(signal.SIGALRM, self._on_alarm)

    def arm(self, seconds: float) -> None:
        if signal.getsignal(signal.SIGALRM) != self._on_alarm:  # learner code replaced it
            signal.signal(signal.SIGALRM, self._on_alarm)
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), INSIST)

    def disarm(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        self._armed = False
        self._fires = 0
        if self._tracing:  # a debugger's or coverage's tracer comes back
            sys.settrace(self._saved_trace)
            self._saved_trace, self._tracing = None, False

    def uninstall(self) -> None:
        self.disarm()
        ctypes.pythonapi.PyErr_CheckSignals()  # a SIGALRM already caught meets our idle handler
        old = self._old_handler
        signal.signal(signal.SIGALRM, old if old is not None else signal.SIG_DFL)
        delay, interval = self._old_timer
        if delay > 0:  # an outer timer (pytest-timeout, an outer check) goes on where it was
            left = delay - (time.monotonic() - self._since)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6), interval)


class _ThreadClock:
    """A timer thread raising into the checking thread: ends Python loops, not blocking calls."""

    def __init__(self, expired):
        self._expired = expired
        self._lock = threading.Lock()
        self._token = 0
        self._armed = False
        self._thread_id = threading.get_ident()
        self._timer: threading.Timer | None = None
        self._fired = False

    def _fire(self, token: int, tries: int) -> None:
        with self._lock:
            if not self._armed or token != self._token:
                return
            self._expired(sys._current_frames().get(self._thread_id))
            self._fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(self._thread_id), ctypes.py_object(CheckTimeout)
            )
            if tries > 1:  # learner code may swallow it with a bare `except:`; insist a few times
                self._start(INSIST, token, tries - 1)

    def _start(self, seconds: float, token: int, tries: int) -> None:
        self._timer = threading.Timer(seconds, self._fire, (token, tries))
        self._timer.daemon = True
        self._timer.start()

    def install(self) -> None:
        self._thread_id = threading.get_ident()

    def arm(self, seconds: float) -> None:
        with self._lock:
            self._token += 1
            self._armed = True
            self._start(seconds, self._token, 10)

    def disarm(self) -> None:
        with self._lock:
            self._armed = False
            if self._timer is not None:
                self._timer.cancel()
            fired, self._fired = self._fired, False
        if fired:  # an exception set but not raised yet would land in pytest's own code
            _surface_pending()

    def uninstall(self) -> None:
        self.disarm()


def _surface_pending() -> None:
    """Let a CheckTimeout set for this thread but not raised yet be raised here, and drop it.

    Why not PyThreadState_SetAsyncExc(id, NULL): on CPython 3.11 that leaves the interpreter's
    "async exception pending" flag set with nothing to raise, and from then on every frame run
    under a tracer (a debugger, coverage, the alarm clock's line trace) spins at its first
    instruction for ever. Raising the pending exception is what clears the flag."""
    for _ in range(3):
        try:
            for _ in range(3):  # a jump back: the interpreter checks for pending exceptions
                pass
            return
        except CheckTimeout:
            continue


class Deadline:
    """pytest plugin and context manager: a deadline around every setup/call/teardown.

    Use `with Deadline(seconds) as plugin: pytest.main(..., plugins=[plugin])`. After a test ran
    past its deadline the remaining tests are skipped. A forked copy of the checking process that
    gets back here (learner code called os.fork() and both copies returned) ends at once.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.pid = os.getpid()
        self.fired = False
        self.waiting = ""  # what the code was blocked in when last stopped
        self._clock: _AlarmClock | _ThreadClock | None = None

    def __enter__(self) -> Deadline:
        self._clock = (
            _AlarmClock(self._expired) if _AlarmClock.usable() else _ThreadClock(self._expired)
        )
        self._clock.install()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._clock is not None:
            _retrying(self._clock.uninstall)
            self._clock = None

    def _expired(self, frame) -> CheckTimeout:
        if not self.waiting:  # the first stop of a phase saw the wait; insisting ones see less
            self.waiting = waits.describe(frame)
        self.fired = True
        stop = CheckTimeout(f"stopped after {self.seconds:g} s")
        stop.waiting = self.waiting
        return stop

    def _guard(self, item):
        if self._clock is None:  # used as a plain plugin, outside `with`: no deadline
            return (yield)
        self.waiting = ""
        self._clock.arm(self.seconds)
        try:
            return (yield)
        except CheckTimeout as exc:  # the thread clock raises the bare class: say what it saw
            exc.waiting = exc.waiting or self.waiting
            raise
        finally:
            _retrying(self._clock.disarm)
            if os.getpid() != self.pid:  # a forked copy of the check: it must not run the rest
                os._exit(0)
            if self.fired:  # the code hangs: running the remaining tests would only wait again
                item.session.shouldstop = "stopped: a test ran past its deadline"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item):
        return (yield from self._guard(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item):
        return (yield from self._guard(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        return (yield from self._guard(item))


def _retrying(step) -> None:
    """Run a disarming step even if the deadline fires during it (it then simply ran late)."""
    while True:
        try:
            step()
            return
        except CheckTimeout:
            continue
