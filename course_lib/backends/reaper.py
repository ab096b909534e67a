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
    """Stop the watched processes (and their children, and strays naming a watched path), remove
    the paths, then the remote things (a private database, keys, queues) not unwatched since."""
    _local(records)
    remote: dict[str, dict] = {}
    for record in records:  # in order: a thing may be unwatched, then watched again
        if "unwatch" in record:
            remote.pop(record["unwatch"], None)
        elif "remote" in record:
            remote[record["key"]] = record
    if remote:
        from course_lib.backends import shared

        shared.cleanup(list(remote.values()))


def _local(records: list[dict]) -> None:
    paths = [r["path"] for r in records if "path" in r]
    targets = _watched(records)
    targets.update({pid: entry for pid, entry in _strays(paths).items() if pid not in targets})
    children = _children([proc for proc, _sig in targets.values()])
    for proc, sig in targets.values():  # the polite signal first: PostgreSQL's SIGQUIT cleans up
        _quietly(proc.send_signal, sig)
    alive = _wait_gone([p for p, _ in targets.values()], timeout=5)
    alive += _wait_gone([k for k in children.values() if k.pid not in targets], timeout=2)
    for proc in alive:
        _quietly(proc.kill)
    _wait_gone(alive, timeout=5)
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _quietly(action, *args) -> None:
    """A process may be gone by the time we act on it; that is the goal, not an error."""
    import psutil

    try:
        action(*args)
    except psutil.Error:
        pass


def _watched(records: list[dict]) -> dict:
    """pid -> (process, signal) for the recorded processes that still exist (not recycled pids)."""
    import psutil

    targets = {}
    for r in records:
        if "pid" not in r:
            continue
        try:
            proc = psutil.Process(r["pid"])
            if abs(proc.create_time() - r["created"]) < 0.5:
                targets[proc.pid] = (proc, r["signal"])
        except psutil.Error:
            pass
    return targets


def _strays(paths: list[str]) -> dict:
    """Processes whose command line names a watched path (a server started by a dead parent)."""
    import psutil

    found = {}
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or ())
        if proc.pid != os.getpid() and any(p in cmd for p in paths):
            found[proc.pid] = (proc, signal.SIGKILL)
    return found


def _children(procs: list) -> dict:
    import psutil

    children = {}
    for proc in procs:
        try:
            children.update({kid.pid: kid for kid in proc.children(recursive=True)})
        except psutil.Error:
            pass
    return children


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
