"""`python -m course_lib bench`: how fast and how big the course's services are on this machine,
each figure printed beside its target. Measures, never asserts."""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path

HELP = "Measure service start times, test-isolation cost, broker latency and memory."

TARGETS = {"cold": 1.5, "savepoint_ratio": 10.0, "redis_latency": 50.0, "memory": 1024.0}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--iterations", type=int, default=30, help="repetitions per median (default 30)"
    )
    parser.add_argument(
        "--classroom",
        type=int,
        metavar="N",
        help="instead: N concurrent sandboxed headless checks of workbook 04 (as `grade` runs "
        "them); prints wall time, failures and peak memory per learner",
    )
    parser.add_argument(
        "--checks",
        nargs="+",
        type=Path,
        metavar="WORKBOOK",
        help="instead: only the checks bench, over these solution workbooks",
    )


def _line(what: str, value: str, target: str = "", ok: bool | None = None) -> None:
    mark = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {what:<48} {value:>12}  {target:<16} {mark}".rstrip())


def run(args: argparse.Namespace) -> int:
    if getattr(args, "classroom", None):
        return classroom_bench(args.classroom)
    if getattr(args, "checks", None):
        from course_lib.checks.latency import run_bench

        run_bench(args.checks, n=min(max(1, args.iterations), 7))
        return 0
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


def _peak_by_user(uids: dict[int, int], stop, every: float = 0.5) -> dict[int, float]:
    """learner -> peak MB (PSS, else RSS) of the processes of the user that learner's box leased
    (uids: uid -> learner, filled while the learners start), sampled until stop is set."""
    import psutil

    peaks: dict[int, float] = {}
    while not stop.wait(every):
        now: dict[int, float] = {}
        for proc in psutil.process_iter(["uids"]):
            learner = uids.get(proc.info["uids"].real if proc.info["uids"] else -1)
            if learner is None:
                continue
            try:
                info = proc.memory_full_info()
                now[learner] = now.get(learner, 0.0) + getattr(info, "pss", info.rss) / 2**20
            except psutil.Error:
                pass
        for learner, mb in now.items():
            peaks[learner] = max(peaks.get(learner, 0.0), mb)
    return peaks


def classroom_bench(n: int, workbook=None) -> int:
    """N learners at once: each checks workbook 04 in its own box, as `grade` runs it."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from course_lib.checks.build import default_root
    from course_lib.checks.grade_box import isolation_summary
    from course_lib.checks.grade_run import grade_workbook

    n = max(1, n)
    book = workbook or default_root() / "solutions" / "04-real-databases.ipynb"
    print(f"Classroom bench: {n} learners check {book.name} at once ({isolation_summary()})")
    uids: dict[int, int] = {}
    stop, peaks = threading.Event(), {}
    sampler = threading.Thread(target=lambda: peaks.update(_peak_by_user(uids, stop)))
    sampler.start()

    def one(learner: int):
        def watch(box) -> None:
            if box.user is not None and box.user.dedicated:
                uids[box.user.uid] = learner

        start = time.perf_counter()
        report = grade_workbook(book, watch=watch)
        return learner, time.perf_counter() - start, report

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=n) as pool:
        rows = list(pool.map(one, range(1, n + 1)))
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    failures = 0
    for learner, seconds, report in rows:
        missed = [r.exercise for r in report.results if not r.passed]
        failures += len(missed) + (1 if report.errors else 0)
        peak = f"{peaks[learner]:.0f} MB" if learner in peaks else "n/a (needs root)"
        what = "all passed" if not missed and not report.errors else f"NOT passed: {missed}"
        _line(f"learner {learner}: {what}", f"{seconds:.1f} s", f"peak {peak}")
        for err in report.errors:
            print(f"    ! {err}")
    _line("wall time, all learners", f"{wall:.1f} s")
    _line("failures (checks not passed + workbooks with errors)", str(failures))
    return 0


if __name__ == "__main__":  # pragma: no cover
    os.sys.exit(run(argparse.Namespace(iterations=30)))
