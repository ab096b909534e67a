"""Processes a check's code started are stopped when the check ends; a forked copy never goes on.

`with Guard() as guard:` around a check lists this process's descendants before and after (Linux:
/proc/<pid>/task/*/children, else psutil). New ones in this process's session are terminated (then
killed) and reaped at the end; `guard.stopped` says how many there were. The course's own servers
(PostgreSQL, Redis, the reaper) start in sessions of their own and are never touched.

`os.fork()` in an answer makes a second copy of the kernel, in the middle of the check. While a
check runs, an at-fork hook makes that copy leave with `os._exit(0)` as soon as the learner's code
returns into the check (the hidden test, pytest or the engine), before it can run another test or
use the parent's database connection; the engine's hooks exit too if one still gets there.
multiprocessing's own children are left to run their target (they leave by themselves).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

from course_lib.checks import waits

_active: list[Guard] = []
GRACE = 0.5  # seconds between SIGTERM and SIGKILL


def _proc_children(pid: int) -> list[int] | None:
    """Direct children from /proc (every thread's list); None where /proc does not say."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return None
    found: list[int] = []
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                found.extend(int(word) for word in fh.read().split())
        except (OSError, ValueError):
            if tid == str(pid):  # no children file at all (kernel without CONFIG_PROC_CHILDREN)
                return None
    return found


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, their children, ...)."""
    first = _proc_children(pid)
    if first is None:
        import psutil

        with contextlib.suppress(psutil.Error):
            return {p.pid for p in psutil.Process(pid).children(recursive=True)}
        return set()
    seen = set(first)
    todo = list(first)
    while todo:
        for child in _proc_children(todo.pop()) or ():
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None


def _service_pids() -> set[int]:
    """Servers the course started (already in their own sessions: belt and braces)."""
    pids: set[int] = set()
    with contextlib.suppress(Exception):
        runtime = sys.modules.get("course_lib.backends.runtime")
        pids.update(run.pid for run in getattr(runtime, "_running", {}).values() if run.pid)
        watchdog = sys.modules.get("course_lib.backends.watchdog")
        if watchdog is not None and watchdog.pid():
            pids.add(watchdog.pid())
    return pids


def _join_multiprocessing(pids: set[int], until: float) -> None:
    """Let multiprocessing reap its own children, so its bookkeeping stays right."""
    mp = sys.modules.get("multiprocessing")
    if mp is None:
        return
    with contextlib.suppress(Exception):
        for child in mp.active_children():
            if child.pid in pids:
                child.join(max(0.0, until - time.monotonic()))


def stop(pids: set[int]) -> None:
    """SIGTERM, a short grace, SIGKILL; reap them all."""
    import psutil

    procs = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            procs.append(psutil.Process(pid))
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.terminate()
    _join_multiprocessing(pids, time.monotonic() + GRACE)
    _gone, alive = psutil.wait_procs(procs, timeout=GRACE)
    for proc in alive:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(alive, timeout=2 * GRACE)


class Guard:
    """Around one check: its new processes are stopped at the end, forked copies never go on."""

    def __init__(self):
        self.pid = os.getpid()
        self.checker: frozenset = frozenset()  # the check's own files (hidden tests)
        self.stopped = 0
        self._before: set[int] = set()

    def __enter__(self) -> Guard:
        self._before = descendants(self.pid)
        _active.append(self)
        return self

    def __exit__(self, *exc_info) -> None:
        if os.getpid() != self.pid:  # a forked copy of the check got here: it ends now
            os._exit(0)
        if self in _active:
            _active.remove(self)
        started = self.started()
        if started:
            stop(started)
        self.stopped = len(started)

    def started(self) -> set[int]:
        """Processes below us that were not there at the start, in our session."""
        session, services = _session(0), _service_pids()
        return {
            pid
            for pid in descendants(self.pid) - self._before
            if pid not in services and _session(pid) == session
        }


def note_checker(files) -> None:
    """The check's own files: a forked copy returning into them leaves."""
    if _active:
        _active[-1].checker = _active[-1].checker | frozenset(files)


def _boundary(frame, checker: frozenset):
    """The first frame of the check (not the learner's) that the forking code returns into."""
    if frame is None or waits.is_course(frame, checker):
        return None  # the course's own code forked, on purpose
    while frame is not None and not waits.is_course(frame, checker):
        if str(frame.f_globals.get("__name__", "")).startswith("multiprocessing"):
            return None  # multiprocessing's child runs its target, then leaves by itself
        frame = frame.f_back
    return frame


def _after_fork_in_child() -> None:
    if not _active:
        return  # no check running: forks are none of our business
    checker = _active[-1].checker
    _active.clear()  # this copy is not the check
    try:
        caller = sys._getframe(1)  # the code that called os.fork()
    except ValueError:  # forked from C with no Python caller
        return
    boundary = _boundary(caller, checker)
    if boundary is None:
        return

    def leave_when_back(frame, event, arg):
        if event == "return" and frame.f_back is boundary:
            os._exit(0)

    sys.setprofile(leave_when_back)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
