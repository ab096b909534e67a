"""Parent-death watch: servers and temp dirs go away even when the kernel is SIGKILLed.

nbval (and Jupyter's "restart kernel") kill the kernel outright, so atexit never runs. The first
server start spawns a child (course_lib.backends.reaper) in its OWN session, so a kill of the
kernel's process group does not reach it, holding the read end of a pipe from the parent. The
parent writes one JSON line per thing to clean ({"pid": ..}, {"path": ..}, or {"remote": ..} for a
private database, key prefix or queue on a shared server, see shared.py). When the parent dies, for
any reason, the pipe reaches EOF and the child stops those processes (plus any stray whose command
line names a watched path), removes the paths and the remote things. At normal exit the parent
closes the pipe and waits for the cleanup; what it already cleaned itself it unwatches first.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import subprocess
import sys
import threading

_lock = threading.Lock()
_child: subprocess.Popen | None = None
_owner = 0
_records: list[str] = []  # everything watched so far, replayed if a watchdog must be respawned


def _ensure() -> subprocess.Popen:
    global _child, _owner
    if _child is None or _owner != os.getpid() or _child.poll() is not None:
        # a forked child gets its own watchdog; PYTHONPATH lets it import us from any directory
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        _child = subprocess.Popen(
            [sys.executable, "-m", "course_lib.backends.reaper"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            text=True,
            env=env,
        )
        if _owner != os.getpid():
            atexit.register(release)
            _records.clear()  # a forked child does not own its parent's things
        _owner = os.getpid()
        assert _child.stdin is not None
        for line in _records:
            _child.stdin.write(line)
    return _child


def pid() -> int | None:
    """The watchdog's pid in this process, if one was started."""
    return _child.pid if _child is not None and _owner == os.getpid() else None


def watch_path(path: os.PathLike | str) -> None:
    """Remove `path` when this process ends (register it BEFORE creating things inside it)."""
    _send({"path": os.fspath(path)})


def watch_pid(pid: int, sig: int = signal.SIGTERM) -> None:
    """Stop process `pid` (with `sig`, then SIGKILL) when this process ends."""
    import psutil

    _send({"pid": pid, "created": psutil.Process(pid).create_time(), "signal": int(sig)})


def watch_remote(record: dict) -> str:
    """Remove a thing on a shared server (record: remote=postgres|redis|queue, url, name/prefix)
    when this process ends; returns the key that unwatch() takes once we removed it ourselves."""
    key = f"{record['remote']}:{record.get('name') or record.get('prefix')}"
    _send({**record, "key": key})
    return key


def unwatch(key: str) -> None:
    """Forget a remote thing (this process removed it already): the reaper skips it."""
    _send({"unwatch": key})


def _send(record: dict) -> None:
    line = json.dumps(record) + "\n"
    with _lock:
        for attempt in (1, 2):
            child = _ensure()
            assert child.stdin is not None
            try:
                child.stdin.write(line)
                child.stdin.flush()
                break
            except BrokenPipeError:  # the watchdog died: start another, replaying what it had
                child.wait()
                if attempt == 2:
                    raise
        _records.append(line)


def release(timeout: float = 20.0) -> None:
    """Close the pipe and wait until the watchdog has cleaned up (normal exit, or stop_all())."""
    global _child
    with _lock:
        child, _child = _child, None
        if child is None or _owner != os.getpid():
            return
        _records.clear()
        assert child.stdin is not None
        try:
            child.stdin.close()
        except BrokenPipeError:  # pragma: no cover - it died; nothing more to tell it
            pass
    try:
        child.wait(timeout)
    except subprocess.TimeoutExpired:  # pragma: no cover - cleanup keeps going in the background
        pass
