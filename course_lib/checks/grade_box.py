"""A private, disposable place for one graded workbook, and the command that puts a kernel in it.

As root, with util-linux `unshare` working (the usual case on a grading server or container):
the kernel starts in new pid, mount, network and IPC namespaces (course_lib.checks.sandbox shapes
them), as a leased throwaway user (course_lib.checks.grade_users), with rlimits. Without
namespaces it still runs as that user; as a normal user only the process limits and the reaper
apply.
The kernel talks to the grader over ZMQ `ipc://` sockets in the box (Unix sockets cross network
namespaces; TCP to the grader's loopback would not).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course_lib.checks import grade_cgroup
from course_lib.checks.grade_reap import TOKEN_ENV, pid_namespace, reap
from course_lib.checks.grade_users import User, lease_user

WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
UNSHARE = ["--pid", "--fork", "--kill-child", "--mount", "--mount-proc", "--ipc", "--net"]


@dataclass(frozen=True)
class Limits:
    """What one submission may use; the defaults are documented in docs/instructor/grading.md."""

    memory_mb: int = 2048  # RLIMIT_AS of the kernel and of every process it starts
    box_memory_mb: int = 2048  # all its processes together (a memory cgroup, where one can be made)
    nproc: int = 1024  # processes + threads of the kernel's user (a fork bomb stops there)
    work_mb: int = 1024  # size of the private folder (a tmpfs: gone with the kernel)
    tmp_mb: int = 64  # size of each covered world-writable folder (/tmp, /dev/shm, ...)
    output_kb: int = 256  # output kept per cell; the rest is dropped with a note
    cell_timeout: float = 120.0  # seconds one cell may run
    budget: float = 600.0  # seconds per workbook: kernel starts, cells and re-runs together


@cache
def namespaces_work() -> bool:
    """True when `unshare` can make the namespaces here (root, or a container that allows it)."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    try:
        done = subprocess.run(
            ["unshare", *UNSHARE, "true"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def isolation_summary() -> str:
    if os.geteuid() != 0:
        return (
            "processes only (not root): each kernel's processes are reaped, but a submission can "
            "read and write whatever this account can; grade as root for full isolation"
        )
    cap = (
        ", one memory cap for all its processes (cgroup)"
        if grade_cgroup.available()
        else " (no memory cgroup here: each process is capped alone)"
    )
    if namespaces_work():
        return (
            "a leased throwaway user per workbook, own pid/mount/network/IPC namespaces, "
            f"rlimits{cap}"
        )
    return (
        f"a leased throwaway user per workbook and rlimits{cap} (no namespaces: `unshare` "
        "failed here)"
    )


def _base() -> str:
    from course_lib.backends.paths import base_dir

    return base_dir()


def _package_dir() -> str:
    """The course_lib folder itself: the kernel needs it, not the rest of the checkout."""
    import course_lib

    return str(Path(course_lib.__file__).resolve().parent)


def _closed_ancestors(paths: list[str]) -> list[str]:
    """The highest folder above each path that others cannot traverse (e.g. a 0700 checkout).

    Covering it with a fresh 0755 tmpfs and binding back only what the kernel needs lets the
    throwaway user reach those paths without loosening any folder of the grader's.
    """
    found = set()
    for path in paths:
        for parent in reversed(Path(path).parents):
            if str(parent) != "/" and not os.stat(parent).st_mode & 0o001:
                found.add(str(parent))
                break
    return sorted(found)


class Box:
    """One submission's private folders (created now, removed by close())."""

    def __init__(self, files: dict[str, bytes], limits: Limits, hide=()):
        self.limits = limits
        self.hide = [str(Path(p).resolve()) for p in hide]
        self.token = os.urandom(12).hex()
        self.launcher: int | None = None
        self.pidns: str | None = None
        self.root = Path(tempfile.mkdtemp(prefix="course-grade-", dir=_base()))
        self.root.chmod(0o711)  # the kernel's user traverses it; nobody lists it
        self.work, self.ipc, inbox = self.root / "work", self.root / "ipc", self.root / "inbox"
        self.connection_file = self.ipc / "kernel.json"
        for folder in (self.work, self.ipc, inbox):
            folder.mkdir(mode=0o700)
        for name, data in files.items():
            target = inbox / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.lease = lease_user()  # last: nothing above can fail while a user is held
        self.user: User | None = self.lease.user
        if self.user is not None and self.user.dedicated:  # a crashed grader's leftovers
            reap(None, uid=self.user.uid)
        self.namespaces = self.user is not None and namespaces_work()
        self.cgroup = grade_cgroup.create(self.root.name, limits.box_memory_mb)

    def spec(self) -> dict:
        lim = self.limits
        user = self.user
        spec = {
            "uid": user.uid if user else None,
            "gid": user.gid if user else None,
            "work": str(self.work),
            "inbox": str(self.root / "inbox"),
            "owned": [str(self.ipc)],
            "cgroup": str(self.cgroup) if self.cgroup else None,
            "mounts": self.namespaces,
            "net": self.namespaces,
            "limits": {
                "as": lim.memory_mb << 20,
                "nproc": lim.nproc if user and user.dedicated else 0,  # counted per uid
                "work_mb": lim.work_mb,
                "tmp_mb": lim.tmp_mb,
            },
        }
        if self.namespaces:
            spec["cover"] = [str(Path.home()), *self.hide, str(self.root.parent)]
            spec["cover"] += [d for d in WORLD_WRITABLE if os.path.isdir(d)]
            spec["cover"] = sorted({c for c in spec["cover"] if c != "/"})
            spec["keep"] = [sys.prefix, sys.base_prefix, _package_dir(), spec["work"]]
            spec["keep"] = [os.path.realpath(k) for k in [*spec["keep"], str(self.ipc)]]
            closed = _closed_ancestors([sys.prefix, sys.base_prefix, _package_dir()])
            spec["cover"] = sorted({*spec["cover"], *closed})
        return spec

    def command_prefix(self) -> list[str]:
        """Put in front of the kernel's command line."""
        prefix = []
        if shutil.which("setpriv"):  # the kernel dies with the grader's thread that started it
            prefix += [shutil.which("setpriv"), "--pdeathsig", "KILL"]
        if self.namespaces:
            prefix += [shutil.which("unshare"), *UNSHARE, "--"]
        launcher = ["-I", "-m", "course_lib.checks.sandbox", json.dumps(self.spec()), "--"]
        return [*prefix, sys.executable, *launcher]

    def env(self) -> dict[str, str]:
        """The kernel's whole environment: nothing of the grader's (no URLs, no tokens)."""
        work = str(self.work)
        venv_bin = str(Path(sys.executable).parent)
        return {
            "PATH": os.pathsep.join([venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]),
            "LANG": "C.UTF-8",
            "HOME": f"{work}/home",
            "TMPDIR": f"{work}/tmp",
            "COURSE_TMPDIR": f"{work}/tmp",
            "COURSE_CACHE_DIR": f"{work}/cache",
            "COURSE_PROGRESS_FILE": f"{work}/home/progress.json",
            "MPLBACKEND": "agg",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONFAULTHANDLER": "1",  # a crash prints its traceback to the kept stderr
            TOKEN_ENV: self.token,
        }

    def started(self, launcher_pid: int) -> None:
        """Remember how to find the kernel's processes later (its pid namespace, if any)."""
        self.launcher = launcher_pid
        self._find_pidns()

    def _find_pidns(self) -> None:
        import psutil

        if self.pidns is not None or self.launcher is None or not self.namespaces:
            return
        try:
            children = psutil.Process(self.launcher).children()
        except psutil.Error:
            children = []
        for child in children:
            self.pidns = pid_namespace(child.pid) or self.pidns

    def forget_kernel(self) -> None:
        """The launcher was waited for: its pid (and its namespace's id) may now be reused."""
        self.launcher = self.pidns = None

    def kill_all(self) -> int:
        self._find_pidns()
        dedicated = self.user is not None and self.user.dedicated
        return reap(
            self.launcher,
            uid=self.user.uid if dedicated else None,
            pidns=self.pidns,
            token=self.token,
        )

    def close(self) -> None:
        self.kill_all()
        grade_cgroup.remove(self.cgroup)
        if self.user is not None and self.user.dedicated and not self.namespaces:
            _sweep(self.user.uid)
        shutil.rmtree(self.root, ignore_errors=True)
        self.lease.release()


def _sweep(uid: int) -> None:
    """Without a mount namespace: remove what the kernel's user left in world-writable folders."""
    for folder in WORLD_WRITABLE:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != uid:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                pass
