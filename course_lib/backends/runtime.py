"""Lazy, once-per-process servers: the first call starts the chosen backend, later calls reuse it.

A forked or second process gets its own servers (state is keyed by pid), so two kernels on a
classroom server never share or clash. Everything a process starts lives in one private temp dir
that the watchdog removes when the process ends, however it ends. On a shared server (a
COURSE_*_URL) a process gets its own database, key prefix and queue names instead (shared.py).
"""

from __future__ import annotations

import atexit
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from course_lib.backends import probes, shared, watchdog
from course_lib.backends.choice import ENV, Choice, broker_transport, choose, forced_backend
from course_lib.backends.errors import ServiceUnavailable, mask_url
from course_lib.backends.paths import new_process_dir


@dataclass
class Running:
    choice: Choice
    url: str
    version: str
    start_seconds: float
    stop: Callable[[], None] | None = None
    pid: int | None = None  # the server process, when this process started one
    detail: str = ""  # on a shared server: which private part of it is ours
    prefix: str = ""  # on a shared Redis or broker: this process's key or queue prefix


_lock = threading.RLock()
_running: dict[str, Running] = {}
_state = {"pid": 0, "root": None}


def process_dir() -> Path:
    """This process's private temp dir (created and put under the watchdog on first use)."""
    with _lock:
        _reset_if_forked()
        if _state["root"] is None:
            root = new_process_dir()
            watchdog.watch_path(root)
            _state["root"] = root
        return _state["root"]


def _reset_if_forked() -> None:
    if _state["pid"] != os.getpid():
        _running.clear()
        _state.update(pid=os.getpid(), root=None)


def running(service: str) -> Running:
    """Start (once) and return the backend serving `service`."""
    with _lock:
        _reset_if_forked()
        if service not in _running:
            _running[service] = _first_that_starts(service)
            if len(_running) == 1:
                atexit.register(stop_all)  # runs before the watchdog's release (LIFO)
        return _running[service]


def _first_that_starts(service: str) -> Running:
    """Start the chosen backend. If Docker or an embedded server fails to start (and nothing was
    forced), fall through to the next backend and record why. A bad COURSE_*_URL is not skipped."""
    failed: dict[str, str] = {}
    while True:
        choice = choose(service, failed)
        if not choice.ok:
            raise ServiceUnavailable(
                f"No {service} backend is available ({'; '.join(choice.why_not)}); "
                f"set {ENV[service]} to a server you can reach."
            )
        started = time.perf_counter()
        url, stop = "", None
        try:
            url, stop, pid, *shared_part = _start(choice)
            version = probes.version(service, url)  # proves it answers
            seconds = time.perf_counter() - started
            return Running(choice, url, version, seconds, stop, pid, *shared_part)
        except Exception as exc:  # noqa: BLE001 - any failure becomes one clear sentence
            if stop:
                stop()
            if choice.backend == "url" and isinstance(exc, ServiceUnavailable):
                raise exc from None  # already one sentence that says what to change
            if choice.backend == "url" or forced_backend():
                raise _unreachable(choice, url, exc) from None
            failed[choice.backend] = f"failed to start ({_reason(exc)})"


def _reason(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:160].rstrip(".")


# url, stop, server pid (when we started one), then on a shared server: detail, prefix
Started = tuple


def _start(choice: Choice) -> Started:
    service, backend = choice.service, choice.backend
    if backend == "url":
        url = probes.normalize(service, os.environ[ENV[service]].strip())
        return _shared(shared.start(service, url))
    if backend == "docker":
        from course_lib.backends import containers

        started = containers.start(service)
        return probes.normalize(service, started["url"]), started["stop"], None
    if backend == "embedded":
        return _start_embedded(service)
    urls = {
        "postgres": f"sqlite:///{process_dir()}/course.db",
        "redis": "fakeredis://inprocess/0",
        "broker": "memory://",
    }
    return urls[service], None, None


def _shared(part: dict) -> Started:
    return part["url"], part.get("stop"), None, part["detail"], part.get("prefix", "")


def _start_embedded(service: str) -> Started:
    from course_lib.backends import embedded_pg, embedded_redis

    if service in ("postgres", "redis"):
        module = embedded_pg if service == "postgres" else embedded_redis
        started = module.start(process_dir())
        return started["url"], started["stop"], started["pid"]
    base = running("postgres" if broker_transport() == "sqlalchemy" else "redis")
    if not base.choice.real:
        raise ServiceUnavailable(f"{base.choice.service} itself is only an in-process stand-in")
    if base.choice.service == "postgres":  # its private database if the server is shared
        return "sqla+" + base.url, None, None
    url = probes.kombu_url_for_redis(base.url)
    if base.prefix:  # kombu over a shared Redis: queue names are keys there, so prefix them
        return _shared(shared.start_queues(url))
    return url, None, None


def _unreachable(choice: Choice, url: str, exc: Exception) -> ServiceUnavailable:
    reason = _reason(exc)
    if choice.backend == "url":
        var = ENV[choice.service]
        given = os.environ.get(var, url).strip()
        return ServiceUnavailable(
            f"Could not connect to {var}={mask_url(given)} ({reason}); start that server or fix "
            f"the URL, or unset {var} to use the embedded server."
        )
    return ServiceUnavailable(
        f"The {choice.label} did not start or does not answer ({reason}); "
        "run `python -m course_lib doctor` for details."
    )


def postgres_url() -> str:
    """SQLAlchemy URL (postgresql+psycopg://...) of this process's PostgreSQL; starts it lazily."""
    return running("postgres").url


def redis_url() -> str:
    """redis-py URL of this process's Redis (use connect_redis() to also accept the stand-in)."""
    return running("redis").url


def broker_url() -> str:
    """kombu URL of this process's broker; open it with connect_broker() for sane polling."""
    return running("broker").url


def key_prefix() -> str:
    """This process's Redis key prefix on a shared Redis (COURSE_REDIS_URL), else "" (its own
    server). connect_redis() and the redis_client fixture apply it to every key for you."""
    return running("redis").prefix


def queue_prefix() -> str:
    """This process's queue name prefix on a shared broker, else "" (its own server)."""
    return running("broker").prefix


def queue_name(name: str) -> str:
    """The name to give the broker for queue `name`: prefixed on a shared broker (and deleted at
    exit, or by the reaper if the process is killed), unchanged on the process's own server."""
    run = running("broker")
    if not run.prefix:
        return name
    full = run.prefix + name
    shared.track_queue(run.url, full)
    return full


def stop_all() -> None:
    """Stop every server this process started and remove its temp dir (also runs at exit)."""
    with _lock:
        if _state["pid"] != os.getpid():  # a forked child must never stop its parent's servers
            return
        for run in reversed(list(_running.values())):
            if run.stop:
                run.stop()
        _running.clear()
        _state["root"] = None
        watchdog.release()
