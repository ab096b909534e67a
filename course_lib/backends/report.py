"""What `doctor` shows per service: backend, real or stand-in, version, start time, and why each
higher-priority backend was not used."""

from __future__ import annotations

from course_lib.backends.choice import ENV, choose
from course_lib.backends.errors import ServiceUnavailable

ADVICE = {
    "url": "Using the server from {var}.",
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
    for service, var in ENV.items():
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
        choice = None
        try:
            choice = choose(service)
            if start and choice.ok:
                run = running(service)
                choice = run.choice  # may differ from choose() if a backend failed to start
                row.update(version=run.version, start_seconds=round(run.start_seconds, 3))
        except ServiceUnavailable as exc:
            row.update(advice=str(exc), why_not=list(getattr(choice, "why_not", [])))
            rows.append(row)
            continue
        row.update(
            backend=choice.backend,
            real=choice.real,
            ok=choice.ok,
            label=choice.label,
            why_not=list(choice.why_not),
            advice=ADVICE[choice.backend].format(var=var),
        )
        rows.append(row)
    return rows
