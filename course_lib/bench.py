"""`python -m course_lib bench`: how fast and how big the course's services are on this machine,
each figure printed beside its target. Measures, never asserts."""

from __future__ import annotations

import argparse
import importlib
import os

HELP = "Measure service start times, test-isolation cost, broker latency and memory."

TARGETS = {"cold": 1.5, "savepoint_ratio": 10.0, "redis_latency": 50.0, "memory": 1024.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--iterations", type=int, default=30, help="repetitions per median (default 30)"
    )


def _line(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {what:<48} {value:>12}  {target:<16} {mark}".rstrip())


def run(args: argparse.Namespace) -> int:
    n = max(1, args.iterations)
    print(f"Services bench (medians of {n}; targets beside the figures)")
    _start_bench(n)
    _isolation_bench(n)
    _latency_bench(n)
    _memory_bench()
    _engine_bench()
    return 0


def _start_bench(n: int) -> None:
    from course_lib.backends import broker_url, choose, measure, postgres_url, redis_url
    from course_lib.backends.runtime import running

    print("Start (seconds to a ready server):")
    for label, seconds in measure.start_times().items():
        cold = label.startswith("postgres")
        _line(
            f"embedded {label}",
            f"{seconds:.2f} s",
            f"<= {TARGETS['cold']} s" if cold else "",
            seconds <= TARGETS["cold"] if cold else None,
        )
    for service, get in (("postgres", postgres_url), ("redis", redis_url), ("broker", broker_url)):
        choice = choose(service)
        get()
        _line(
            f"{service}: {choice.backend} first use in this process",
            f"{running(service).start_seconds:.3f} s",
        )
        _line(f"{service}: warm (already running, reused)", f"{measure.median_ms(get, n):.3f} ms")


def _isolation_bench(n: int) -> None:
    from course_lib.backends import choose, isolation_cost, postgres_url

    print(f"Per-test isolation on PostgreSQL ({choose('postgres').label}):")
    costs = isolation_cost.isolation_costs(postgres_url(), n)
    for name, ms in costs.items():
        _line(name, f"{ms:.2f} ms/test")
    save = costs["savepoint rollback"]
    for name in ("recreate schema", "truncate"):
        ratio = costs[name] / save
        target = f">= {TARGETS['savepoint_ratio']:g}x" if name == "recreate schema" else ""
        _line(
            f"{name} / savepoint",
            f"{ratio:.1f}x",
            target,
            ratio >= TARGETS["savepoint_ratio"] if target else None,
        )


def _transports() -> dict[str, str]:
    """kombu URL per transport worth measuring on this machine."""
    from course_lib.backends import broker_url, choose, postgres_url, redis_url
    from course_lib.backends.probes import kombu_url_for_redis

    transports = {
        "memory (in-process stand-in)": "memory://",
        "sqlalchemy (PostgreSQL)": "sqla+" + postgres_url(),
    }
    if choose("redis").real:
        transports["redis"] = kombu_url_for_redis(redis_url())
    if broker_url().startswith(("amqp", "pyamqp")):
        transports["amqp (COURSE_BROKER_URL)"] = broker_url()
    return transports


def _latency_bench(n: int) -> None:
    from course_lib.backends import measure

    print("Publish -> consume latency (kombu; memory/SQLAlchemy poll every 10 ms):")
    for name, url in _transports().items():
        ms = measure.latency_ms(url, n)
        is_redis = name == "redis"
        _line(
            name,
            f"{ms:.2f} ms",
            f"<= {TARGETS['redis_latency']:g} ms" if is_redis else "",
            ms <= TARGETS["redis_latency"] if is_redis else None,
        )


def _memory_bench() -> None:
    from course_lib.backends import measure
    from course_lib.backends.runtime import process_dir, running

    print("Memory (PSS, MB):")
    sizes = measure.memory_mb(
        {"PostgreSQL (all processes)": running("postgres").pid, "Redis": running("redis").pid}
    )
    ram_data = measure.files_in_ram_mb(process_dir())
    if ram_data is not None:
        sizes["server data files kept in RAM (/dev/shm)"] = ram_data
    for name, mb in sizes.items():
        _line(name, f"{mb:.0f} MB")
    total = sum(sizes.values())
    _line("total", f"{total:.0f} MB", f"< {TARGETS['memory']:g} MB", total < TARGETS["memory"])


def _engine_bench() -> None:
    try:
        module = importlib.import_module("course_lib.checks.latency")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("course_lib"):
            print("Checks bench: not available yet (course_lib.checks.latency is missing).")
            return
        raise
    module.run_bench()


if __name__ == "__main__":  # pragma: no cover
    os.sys.exit(run(argparse.Namespace(iterations=30)))
