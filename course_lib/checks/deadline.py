"""Stop an endless loop in learner code without killing the kernel.

Signals only reach the main thread and pytest-timeout's thread method exits the whole process,
so a timer thread raises CheckTimeout *inside* the checking thread (PyThreadState_SetAsyncExc).
It interrupts pure-Python loops; a single blocking C call (a long sleep) ends first.
"""

from __future__ import annotations

import ctypes
import threading

import pytest


class CheckTimeout(BaseException):
    """Raised into code past its deadline (a BaseException: `except Exception` can't eat it)."""


class Watchdog:
    """pytest plugin: arms a per-phase deadline around every setup/call/teardown."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._lock = threading.Lock()
        self._token = 0
        self._armed = False
        self.fired = False

    def _fire(self, token: int, thread_id: int, tries: int) -> None:
        with self._lock:
            if not self._armed or token != self._token:
                return
            self.fired = True
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(thread_id), ctypes.py_object(CheckTimeout)
            )
        if tries > 1:  # learner code may swallow it with a bare `except:`; insist a few times
            timer = threading.Timer(0.2, self._fire, (token, thread_id, tries - 1))
            timer.daemon = True
            timer.start()

    def _guard(self, item):
        with self._lock:
            self._token += 1
            self._armed = True
            token = self._token
        timer = threading.Timer(self.seconds, self._fire, (token, threading.get_ident(), 10))
        timer.daemon = True
        timer.start()
        try:
            return (yield)
        finally:
            with self._lock:
                self._armed = False
            timer.cancel()
            if self.fired:  # the code loops: running the remaining tests would only wait again
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
