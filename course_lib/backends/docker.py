"""Does a Docker engine ANSWER? A socket file or a `docker` binary proves nothing (Binder,
JupyterHub and many CI runners have one or both and no engine), so we send GET /_ping with a
short timeout."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

PING_TIMEOUT = 0.5


def candidate_sockets() -> list[str]:
    """Where Docker (or Docker Desktop, colima, Rancher, rootless Docker) usually listens."""
    home = Path.home()
    runtime = os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")
    paths = [
        "/var/run/docker.sock",
        f"{runtime}/docker.sock",
        home / ".docker/run/docker.sock",
        home / ".colima/default/docker.sock",
        home / ".rd/docker.sock",
    ]
    return [f"unix://{p}" for p in paths if Path(p).exists()]


def ping(host: str, timeout: float = PING_TIMEOUT) -> tuple[bool, str]:
    """(True, "") when the engine at `host` (unix:// or tcp://) answers OK; else (False, why)."""
    parts = urlsplit(host)
    try:
        if parts.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address: object = parts.path
        elif parts.scheme in ("tcp", "http"):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (parts.hostname or "127.0.0.1", parts.port or 2375)
        else:
            return False, f"DOCKER_HOST scheme {parts.scheme!r} is not probed"
    except OSError as exc:  # pragma: no cover - no AF_UNIX
        return False, f"cannot open a socket ({exc})"
    with sock:
        sock.settimeout(timeout)
        try:
            sock.connect(address)
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = sock.recv(1024)
        except OSError as exc:
            return False, f"the Docker socket {host} exists but no engine answered ({exc})"
    if reply.startswith(b"HTTP/") and b" 200 " in reply.split(b"\r\n", 1)[0]:
        return True, ""
    return False, f"the Docker socket {host} exists but no engine answered a ping"


def docker_answers(timeout: float = PING_TIMEOUT) -> tuple[bool, str]:
    """(True, "") if any Docker engine answers a ping; otherwise (False, one-sentence reason)."""
    hosts = [os.environ["DOCKER_HOST"]] if os.environ.get("DOCKER_HOST") else candidate_sockets()
    if not hosts:
        return False, "no Docker socket exists and DOCKER_HOST is not set"
    reasons = []
    for host in hosts:
        ok, why = ping(host, timeout)
        if ok:
            return True, ""
        reasons.append(why)
    return False, reasons[0]


def docker_status() -> tuple[bool, str]:
    """For doctor: (answers?, one line saying so or why not)."""
    ok, why = docker_answers()
    return (True, "a Docker engine answers a ping") if ok else (False, why)
