"""Processes a check's code starts never outlive it, and a forked copy never runs the check on.

os.fork() in an answer makes a second copy of the kernel; multiprocessing makes children too.
After the check none of them is alive (psutil), and the result says how many were stopped.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time

import psutil
import pytest

from course_lib.checks import check, reaping


def good_total(prices_cents, discount_percent=0):
    subtotal = sum(prices_cents)
    return subtotal - (subtotal * discount_percent + 50) // 100


@pytest.fixture
def children():
    """Our child processes before the test; after it, assert none is new (alive or zombie)."""
    check("00.1", good_total, record=False)  # the engine's own helpers are up before we count
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}

    def new():
        return {(p.pid, p.status()) for p in me.children(recursive=True) if p.pid not in before}

    return new


def _forks_a_sleeping_child(prices_cents, discount_percent=0):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
    return good_total(prices_cents, discount_percent)


def _starts_a_sleeping_process(prices_cents, discount_percent=0):
    multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,)).start()
    return good_total(prices_cents, discount_percent)


def _runs_a_sleeping_command(prices_cents, discount_percent=0):
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    return good_total(prices_cents, discount_percent)


@pytest.mark.parametrize(
    "answer",
    [_forks_a_sleeping_child, _starts_a_sleeping_process, _runs_a_sleeping_command],
    ids=["os.fork", "multiprocessing", "subprocess"],
)
def test_processes_started_by_the_answer_are_stopped(children, answer):
    result = check("00.1", answer, timeout=2, record=False)
    assert children() == set(), "no process of the check is left, not even a zombie"
    assert result.passed, "the answer itself is right"
    assert "Your code started " in result.summary and "stopped when the check ended" in (
        result.summary
    )
    assert multiprocessing.active_children() == [], "multiprocessing's bookkeeping is right"


def test_a_forked_copy_that_returns_never_runs_the_rest_of_the_check(children, tmp_path):
    """Both copies return from the answer: the copy leaves as soon as it is back in the hidden
    test, before that test compares anything (or uses the parent's connections) or runs on."""
    calls = tmp_path / "calls"

    def log(who: str) -> None:
        with open(calls, "a") as fh:
            fh.write(f"{who}:{os.getpid()}\n")

    class Logged(int):
        """The first total: its comparison in the hidden test says which process made it."""

        def __eq__(self, other):
            log("compared")
            return int(self) == other

        __hash__ = int.__hash__

    def total_cents(prices_cents, discount_percent=0):
        log("called")
        if calls.read_text().count("called") == 1:
            os.fork()  # the copy returns into the hidden test, like the original
            return Logged(good_total(prices_cents, discount_percent))
        return good_total(prices_cents, discount_percent)

    result = check("00.1", total_cents, timeout=2, record=False)
    assert result.passed, str(result)
    lines = calls.read_text().split()
    assert {line.split(":")[1] for line in lines} == {str(os.getpid())}, lines
    assert f"compared:{os.getpid()}" in lines, "the original did go on"
    assert "Your code started 1 process (" in result.summary
    assert children() == set()


def test_a_normal_check_says_nothing_about_processes():
    result = check("00.1", good_total, record=False)
    assert result.passed and "process" not in result.summary


def test_processes_in_a_session_of_their_own_are_left_alone():
    """The course's servers (PostgreSQL, Redis, the reaper) start in their own session: a server
    started lazily during a check survives it."""
    with reaping.Guard() as guard:
        server = subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
        )
    try:
        assert guard.stopped == 0 and server.poll() is None
    finally:
        server.kill()
        server.wait()
