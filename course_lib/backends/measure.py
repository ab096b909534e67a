"""Measurements behind `python -m course_lib bench` (never run by the test suite's timing asserts:
timings are printed beside their targets, not asserted)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from course_lib.backends import embedded_pg, embedded_redis
from course_lib.backends.runtime import process_dir


def median_ms(func: Callable[[], object], n: int) -> float:
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def start_times() -> dict[str, float]:
    """Seconds to a ready server: PostgreSQL first ever (initdb builds the template), PostgreSQL
    per process (template cached), Redis per process. Servers are private and stopped after."""
    result = {}
    old = os.environ.get("COURSE_CACHE_DIR")
    root = Path(tempfile.mkdtemp(prefix="bench-", dir=process_dir()))  # watched: never leaks
    cache = root / "cache"
    try:
        os.environ["COURSE_CACHE_DIR"] = str(cache)
        for label in ("postgres cold (no template yet)", "postgres per process (template cached)"):
            started = time.perf_counter()
            server = embedded_pg.start(root)
            result[label] = time.perf_counter() - started
            server["stop"]()
        started = time.perf_counter()
        server = embedded_redis.start(root)
        result["redis per process"] = time.perf_counter() - started
        server["stop"]()
    finally:
        if old is None:
            os.environ.pop("COURSE_CACHE_DIR", None)
        else:
            os.environ["COURSE_CACHE_DIR"] = old
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
    return result


def latency_ms(url: str, n: int) -> float:
    """Median ms from publish to consume of one small message over kombu (polling set by
    connect_broker: memory/SQLAlchemy poll every 10 ms; Redis and AMQP push)."""
    from course_lib.backends.clients import broker_connection, release_broker

    conn = broker_connection(url)
    name = f"bench-latency-{os.getpid()}"
    queue = conn.SimpleQueue(name)
    try:

        def roundtrip():
            queue.put({"order_id": 1}, serializer="json")
            queue.get(block=True, timeout=10).ack()

        roundtrip()  # declare and warm up
        return median_ms(roundtrip, n)
    finally:
        queue.close()  # cancel the consumer first: deleting under it would cancel it mid-read
        channel = conn.channel()  # then delete the queue and its exchange: leave nothing behind
        channel.queue_delete(name)
        channel.exchange_delete(name)
        channel.close()
        release_broker(conn)


KERNEL_LIKE = """
import ipykernel.ipkernel, IPython, ipytest, pytest
import sqlalchemy, psycopg, flask, kombu, redis, requests
import course_lib.backends, course_lib.testing.plugin, psutil
info = psutil.Process().memory_full_info()
print(getattr(info, "pss", info.rss))
"""


def memory_mb(pids: dict[str, int | None]) -> dict[str, float]:
    """Proportional memory (PSS; RSS where PSS is unavailable) of a kernel-like process and of
    each server with its children (PSS does not count PostgreSQL's shared memory per backend)."""
    import psutil

    def size(proc) -> float:
        try:
            info = proc.memory_full_info()
            return getattr(info, "pss", info.rss)
        except (psutil.AccessDenied, psutil.ZombieProcess):
            return proc.memory_info().rss

    kernel = subprocess.run(
        [sys.executable, "-c", KERNEL_LIKE], capture_output=True, text=True, check=True, timeout=120
    )
    result = {"a kernel-like Python process": int(kernel.stdout) / 2**20}
    for name, pid in pids.items():
        if pid:
            root = psutil.Process(pid)
            result[name] = sum(size(p) for p in [root, *root.children(recursive=True)]) / 2**20
    return result


def files_in_ram_mb(path: Path) -> float | None:
    """Size of the files under `path` if it lives on a RAM filesystem (they count as memory)."""
    from course_lib.backends.paths import RAM_DIR

    if not str(path).startswith(RAM_DIR + "/"):
        return None
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:  # a file the server removed meanwhile
                pass
    return total / 2**20
