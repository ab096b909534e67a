"""One memory cap for a whole submission: a cgroup that its kernel and every child join.

Why: RLIMIT_AS caps each process alone, so a workbook that forks ten children may use ten times
the limit together. A memory cgroup counts them all; past the cap the kernel's OOM killer stops a
process of that submission only (the grader sees its kernel die and re-runs the rest). Works as
root where a memory controller is writable (cgroup v1's `memory` hierarchy, or a cgroup v2 tree
that delegates `memory`); elsewhere create() returns None and only the rlimits apply, as
isolation_summary() says.
"""

from __future__ import annotations

import os
import time
from functools import cache
from pathlib import Path

V1 = Path("/sys/fs/cgroup/memory")
V2 = Path("/sys/fs/cgroup")


def _own(hierarchy: str) -> str:
    """This process's cgroup path in `hierarchy` ('memory' for v1, '' for v2)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return "/"
    for line in lines:
        _id, controllers, path = line.split(":", 2)
        if (hierarchy and hierarchy in controllers.split(",")) or (not hierarchy and _id == "0"):
            return path
    return "/"


def _parents() -> list[tuple[Path, str]]:
    """Where a child cgroup may go, and the file that caps its memory there."""
    found = []
    v1 = V1 / _own("memory").lstrip("/")
    if (v1 / "memory.limit_in_bytes").exists():
        found.append((v1, "memory.limit_in_bytes"))
    v2 = V2 / _own("").lstrip("/")
    if (V2 / "cgroup.controllers").exists():
        found.append((v2, "memory.max"))
    return found


def create(name: str, memory_mb: int) -> Path | None:
    """A new cgroup capped at `memory_mb` (swap included where the kernel counts it), or None
    when no memory controller may be written here (not root, a read-only /sys/fs/cgroup...)."""
    if os.geteuid() != 0 or memory_mb <= 0:
        return None
    limit = str(memory_mb << 20)
    for parent, cap in _parents():
        group = parent / name
        try:
            group.mkdir()
        except OSError:
            continue
        try:
            (group / cap).write_text(limit)
            swap = group / "memory.memsw.limit_in_bytes"  # v1: memory + swap, set after memory
            if swap.exists():
                swap.write_text(limit)
            return group
        except OSError:
            remove(group)
    return None


@cache
def available() -> bool:
    """True when a capped cgroup can be made here (tried once: made and removed)."""
    probe = create(f"course-grade-probe-{os.getpid()}", 64)
    remove(probe)
    return probe is not None


def remove(group: Path | None, timeout: float = 5.0) -> None:
    """Delete the cgroup once its processes are gone (the kernel refuses while one is left)."""
    if group is None:
        return
    deadline = time.monotonic() + timeout
    while True:
        try:
            group.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)  # exiting processes leave the group a moment after their kill
