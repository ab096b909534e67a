"""What the hub test measured (times, memory), printed at the end of the run. Never asserted on."""

from __future__ import annotations

import os
import platform
import time

LINES: list[str] = []


def record(label: str, value) -> None:
    line = f"{label}: {value}"
    LINES.append(line)
    print(line)


def machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{time.strftime('%Y-%m-%d', time.gmtime())}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, {mem:.0f} GB RAM, load average {os.getloadavg()[0]:.1f} "
        "(other jobs share the cores)"
    )
