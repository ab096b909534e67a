"""Who owns a thing on a shared server: this process, another live one, or a dead one (an orphan).

Every private thing a process makes on a classroom server (a database, Redis keys, broker queues)
carries one owner token: a tag of this host's name, the pid and a random part, e.g.
`course_3f2a9c1b_4242_a1b2c3`. A process started later on the same host can then tell a killed
kernel's leftovers (its pid is gone, or now belongs to a younger process) from a live kernel's
things, which it never touches. Other hosts' things are left to their own hosts.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket

PREFIX = "course"
_PATTERNS = {
    sep: re.compile(re.escape(sep).join([PREFIX, "([0-9a-f]{8})", "([0-9]+)", "([0-9a-f]{6})"]))
    for sep in "_:."
}
_state = {"pid": 0, "random": ""}


def host_tag() -> str:
    """8 hex digits naming this host (a container's hostname differs from its neighbours')."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _parts() -> tuple[str, int, str]:
    if _state["pid"] != os.getpid():  # a forked child is a new owner
        _state.update(pid=os.getpid(), random=secrets.token_hex(3))
    return host_tag(), _state["pid"], _state["random"]


def token(sep: str) -> str:
    """This process's owner token with `sep` between the parts, after the course prefix."""
    return sep.join([PREFIX, *map(str, _parts())])


def database_name() -> str:
    """This process's private database: course_<host>_<pid>_<random> (63 characters at most)."""
    return token("_")


def key_prefix() -> str:
    """This process's Redis key prefix: course:<host>:<pid>:<random>:"""
    return token(":") + ":"


def queue_prefix() -> str:
    """This process's broker queue prefix: course.<host>.<pid>.<random>."""
    return token(".") + "."


def parse(name: str, sep: str, whole: bool = False) -> tuple[str, int, str] | None:
    """(host tag, pid, random) of a name made by token(sep) (the whole name, or followed by
    `sep`), else None: not made by the course, so not ours to judge."""
    found = _PATTERNS[sep].match(name)
    if found is None or (found.end() < len(name) and (whole or name[found.end()] != sep)):
        return None
    return found.group(1), int(found.group(2)), found.group(3)


def is_orphan(parts: tuple[str, int, str] | None, started: float | None = None) -> bool:
    """True only for parts (from parse) of a thing made on this host by a process that no longer
    runs. `started` (the owner's start time, when recorded) tells a recycled pid from the owner."""
    if parts is None or parts[0] != host_tag():
        return False
    _tag, pid, random = parts
    if pid == os.getpid():
        return random != _parts()[2]  # our pid, not our token: a previous holder of this pid
    import psutil

    try:
        created = psutil.Process(pid).create_time()
    except psutil.NoSuchProcess:
        return True
    except psutil.Error:  # it exists but we may not look: assume it is alive
        return False
    return started is not None and abs(created - started) > 1.0


def started() -> float:
    """This process's start time (recorded next to what it owns, see is_orphan)."""
    import psutil

    return psutil.Process(os.getpid()).create_time()
