"""Throwaway OS users for graded kernels: each held by one submission at a time, machine-wide.

As root the grader runs every kernel as `course-grade-K`, a system user with no home, no shell and
no files, created with `useradd --system` the first time and reused. A box leases a free one: an
exclusive flock on /run/course-grade/K.lock (root-only) held until the box is closed, so two
workbooks, of this grade run or of another one started at the same time, never share a uid and
the reaper may kill whatever runs as the leased uid. When useradd is missing or fails, `nobody` is
used (shared: the reaper then never kills by uid; the namespaces still keep submissions apart).
"""

from __future__ import annotations

import fcntl
import os
import pwd
import shutil
import subprocess
import threading
from dataclasses import dataclass

PREFIX = "course-grade-"
LOCKS = "/run/course-grade"
MAX_USERS = 64
_create = threading.Lock()


@dataclass(frozen=True)
class User:
    name: str
    uid: int
    gid: int
    dedicated: bool  # True: leased, only this submission runs as this uid now


def _lookup(name: str, dedicated: bool) -> User | None:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    return User(name, entry.pw_uid, entry.pw_gid, dedicated)


def _ensure(name: str) -> User | None:
    with _create:
        found = _lookup(name, True)
        if found is None and shutil.which("useradd"):
            command = ["useradd", "--system", "--no-create-home", "--user-group"]
            command += ["--shell", "/usr/sbin/nologin", name]
            subprocess.run(command, capture_output=True, check=False)
            found = _lookup(name, True)
    return found


class Lease:
    """A user held until release(); `user` is None when not root (the kernel runs as us)."""

    def __init__(self, user: User | None, fd: int | None = None):
        self.user, self._fd = user, fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def _lock_dir() -> str | None:
    try:
        os.makedirs(LOCKS, mode=0o700, exist_ok=True)
        os.chmod(LOCKS, 0o700)
        return LOCKS
    except OSError:
        return None


def lease_user() -> Lease:
    """A free dedicated user (created if needed), else `nobody`; no user when not root."""
    if os.name != "posix" or os.geteuid() != 0:
        return Lease(None)
    locks = _lock_dir()
    for k in range(1, MAX_USERS + 1) if locks else ():
        fd = os.open(os.path.join(locks, f"{k}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        user = _ensure(f"{PREFIX}{k}")
        if user is not None:
            return Lease(user, fd)
        os.close(fd)
        break
    return Lease(_lookup("nobody", False))
