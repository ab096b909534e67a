"""The watchdog's child side: collect what to clean from stdin; at EOF (the parent exited or was
killed) stop those processes and remove those paths. Run as `python -m course_lib.backends.reaper`
by course_lib.backends.watchdog; see there for why."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time


def cleanup(records: list[dict]) -> None:
    """Stop the watched processes (and their children, and strays naming a watched path)."""
    import psutil

    paths = [r["path"] for r in records if "path" in r]
    targets: dict[int, tuple[psutil.Process, int]] = {}
    for r in records:
        if "pid" in r:
            try:
                proc = psutil.Process(r["pid"])
                if abs(proc.create_time() - r["created"]) < 0.5:  # not a recycled pid
                    targets[proc.pid] = (proc, r["signal"])
            except psutil.Error:
                pass
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or ())
        if proc.pid != os.getpid() and any(p in cmd for p in paths):
            targets.setdefault(proc.pid, (proc, signal.SIGKILL))
    children = {}
    for proc, _sig in targets.values():
        try:
            children.update({kid.pid: kid for kid in proc.children(recursive=True)})
        except psutil.Error:
            pass
    for proc, sig in targets.values():  # the polite signal first: PostgreSQL's SIGQUIT cleans up
        try:
            proc.send_signal(sig)
        except psutil.Error:
            pass
    alive = _wait_gone([p for p, _ in targets.values()], timeout=5)
    alive += _wait_gone([k for k in children.values() if k.pid not in targets], timeout=2)
    for proc in alive:
        try:
            proc.kill()
        except psutil.Error:
            pass
    _wait_gone(alive, timeout=5)
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _wait_gone(procs: list, timeout: float) -> list:
    """Poll until every process has exited (a zombie counts as gone: its parent reaps it)."""
    import psutil

    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for proc in procs:
            try:
                if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(proc)
            except psutil.Error:
                pass
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.01)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal must not skip the cleanup
    records = []
    for line in sys.stdin:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    cleanup(records)


if __name__ == "__main__":
    main()
