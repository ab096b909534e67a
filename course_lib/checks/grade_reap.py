"""Kill everything a graded kernel started: its tree, its session, its user, its pid namespace.

A learner's process can leave the kernel's process tree (a double fork), its process group and
session (`start_new_session=True`) and even change its environment; it cannot leave its pid
namespace (the sandbox's `unshare --pid`) or, as a normal user, become another user. So a process
is the submission's when it descends from the kernel's launcher, shares the launcher's session,
runs in the kernel's pid namespace, runs as the submission's dedicated user, or still carries the
submission's token in its environment (the only test left when the grader is not root).
"""

from __future__ import annotations

import os
import time

import psutil

TOKEN_ENV = "COURSE_GRADE_BOX"


def pid_namespace(pid: int) -> str | None:
    try:
        return os.readlink(f"/proc/{pid}/ns/pid")
    except OSError:
        return None


def _belongs(proc: psutil.Process, sid, uid, pidns, token) -> bool:
    try:
        if sid is not None and os.getsid(proc.pid) == sid:
            return True
        if uid is not None and proc.uids().real == uid:
            return True
        if pidns is not None and pid_namespace(proc.pid) == pidns:
            return True
        return token is not None and proc.environ().get(TOKEN_ENV) == token
    except (psutil.Error, OSError):
        return False


def leftovers(launcher: int | None, *, uid=None, pidns=None, token=None) -> list[psutil.Process]:
    """Processes that belong to the submission (never this process or its ancestors)."""
    mine = {os.getpid(), *(p.pid for p in psutil.Process().parents())}
    if pidns is not None and pidns == pid_namespace(os.getpid()):
        pidns = None  # not a namespace of its own: that test would match every process
    found: dict[int, psutil.Process] = {}
    if launcher is not None:
        try:
            root = psutil.Process(launcher)
            found.update({p.pid: p for p in [root, *root.children(recursive=True)]})
        except psutil.Error:
            pass
    sid = launcher
    for proc in psutil.process_iter():
        if proc.pid not in found and _belongs(proc, sid, uid, pidns, token):
            found[proc.pid] = proc
    return [p for pid, p in found.items() if pid not in mine and pid != 0 and not _dead(p)]


def reap(launcher: int | None, *, uid=None, pidns=None, token=None, rounds: int = 3) -> int:
    """SIGKILL every leftover until none is left (a fork racing the kill is caught next round)."""
    killed = 0
    for _ in range(rounds):
        procs = leftovers(launcher, uid=uid, pidns=pidns, token=token)
        if not procs:
            break
        for proc in procs:
            try:
                proc.kill()
                killed += 1
            except psutil.Error:
                pass
        _wait_dead(procs, timeout=5)
    return killed


def _dead(proc: psutil.Process) -> bool:
    try:
        return proc.status() == psutil.STATUS_ZOMBIE  # dead; its parent has yet to reap it
    except psutil.Error:
        return True


def _wait_dead(procs: list[psutil.Process], timeout: float) -> None:
    """Until every process is gone or a zombie (psutil.wait_procs would wait for the reaping)."""
    deadline = time.monotonic() + timeout
    while not all(_dead(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.02)
