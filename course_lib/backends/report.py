"""What `doctor` shows per service: backend, real or stand-in, version, start time, and why each
higher-priority backend was not used."""

from __future__ import annotations

from course_lib.backends.choice import ENV, choose
from course_lib.backends.errors import ServiceUnavailable
from course_lib.backends.shared import shared_database

ADVICE = {
    "url": "Using the server from {var}.",
    "shared": "Using the server from {var}: {detail}.",
    "private": " Removed at exit, even if the process is killed.",
    "url-planned": "Using the server from {var}; {plan}.",
    "docker": "Docker answers: containers go at exit (Ryuk removes them if the kernel dies).",
    "embedded": "A real server private to this process; nothing to install.",
    "inprocess": "This is an in-process stand-in, not a real server: install the course "
    "environment (`make lab`) or set {var} to get a real one.",
    "none": "Set {var} to a server you can reach, or reinstall the course environment.",
}


def report(start: bool = True) -> list[dict]:
    """One dict per service. start=False: what WOULD be used (nothing starts). start=True: the
    server is started (once per process) and asked its version; the row describes what runs."""
    from course_lib.backends.runtime import running

    rows = []
    for service in ENV:
        row = {
            "service": service,
            "backend": "none",
            "real": False,
            "version": None,
            "start_seconds": None,
            "ok": False,
            "why_not": [],
            "label": "",
        }
        choice, detail = None, ""
        try:
            choice = choose(service)
            if start and choice.ok:
                run = running(service)
                choice = run.choice  # may differ from choose() if a backend failed to start
                detail = run.detail
                row.update(version=run.version, start_seconds=round(run.start_seconds, 3))
        except ServiceUnavailable as exc:
            row.update(advice=str(exc), why_not=list(getattr(choice, "why_not", [])))
            rows.append(row)
            continue
        row.update(
            backend=choice.backend,
            real=choice.real,
            ok=choice.ok,
            label=f"{choice.label}; {detail}" if detail else choice.label,
            why_not=list(choice.why_not),
            advice=_advice(service, choice.backend, detail, start),
            isolation=detail,
        )
        rows.append(row)
    return rows


PLANS = {
    "postgres": "each process gets a private database there (COURSE_SHARED_DATABASE=1: use the "
    "URL's database as it is)",
    "redis": "each process gets a private key prefix there",
    "broker": "each process gets private queue names there",
}


def _advice(service: str, backend: str, detail: str, started: bool) -> str:
    var = ENV[service]
    if detail:  # e.g. "shared server, private database course_..."
        removed = ADVICE["private"] if "private" in detail else ""
        return ADVICE["shared"].format(var=var, detail=detail) + removed
    if backend == "url" and not started:
        plan = PLANS[service]
        if service == "postgres" and shared_database():
            plan = "every process uses its database as it is (COURSE_SHARED_DATABASE=1)"
        return ADVICE["url-planned"].format(var=var, plan=plan)
    return ADVICE[backend].format(var=var)
