"""What code stopped at its deadline was doing: waiting in a call that never returned, or looping.

Read from the frame that was running when the deadline fired: the instruction it was executing
(a call, or a jump back in a loop) and, for a call, the call's own source text (Python 3.11+ keeps
the column range of every instruction).
"""

from __future__ import annotations

import dis
import linecache
import os
import sys
import types

DATABASE = "the database"
_LIB_DIRS = tuple({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
_DB_DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg_binary", "psycopg_c", "pg8000"})
_BLOCKING = frozenset(
    {
        "sleep", "recv", "recv_into", "recvfrom", "recvfrom_into", "recvmsg", "accept",
        "connect", "connect_ex", "create_connection", "getaddrinfo", "send", "sendall",
        "read", "read1", "readinto", "readline", "readlines", "select", "poll", "wait",
        "wait_for", "waitpid", "join", "acquire", "get", "put", "communicate", "input",
        "urlopen", "getresponse", "run", "call", "check_call", "check_output", "pause",
        "sigwait", "flock", "lockf",
    }
)  # fmt: skip


def _module_root(frame: types.FrameType) -> str:
    return str(frame.f_globals.get("__name__", "")).split(".", 1)[0]


def _call_text(frame: types.FrameType) -> str:
    """`time.sleep` when the frame is inside the call `time.sleep(1000)`, else ''."""
    code, offset = frame.f_code, frame.f_lasti
    if offset < 0 or offset >= len(code.co_code):
        return ""
    if not dis.opname[code.co_code[offset]].startswith(("CALL", "PRECALL")):
        return ""
    positions = list(code.co_positions())
    line, _end, start, _stop = positions[offset // 2]
    if line is None or start is None:
        return ""
    source = linecache.getline(code.co_filename, line).encode()[start:]  # columns count bytes
    callee = source.decode(errors="replace").split("(", 1)[0].strip()
    return callee.removeprefix("self.")


def describe(frame: types.FrameType | None) -> str:
    """DATABASE, the blocking call (`time.sleep`, `sock.recv`), or '' for running Python code."""
    if frame is None:
        return ""
    if _module_root(frame) in _DB_DRIVERS:
        return DATABASE
    callee = _call_text(frame)
    if not callee or callee.rsplit(".", 1)[-1] not in _BLOCKING:
        return ""
    filename = frame.f_code.co_filename
    if _is_library(filename):  # e.g. socket.py's readinto under the learner's resp.read()
        return f"{callee} ({os.path.basename(filename)})"
    return callee


def _is_library(filename: str) -> bool:
    real = os.path.realpath(filename) if os.path.isabs(filename) else filename
    return "site-packages" in real or real.startswith(_LIB_DIRS)


_roots: tuple[str, ...] = ()


def _course_roots() -> tuple[str, ...]:
    global _roots
    if not _roots:
        import _pytest
        import pluggy
        import pytest

        import course_lib

        modules = (course_lib, _pytest, pluggy, pytest)
        _roots = tuple(os.path.realpath(os.path.dirname(m.__file__)) + os.sep for m in modules)
    return _roots


def is_course(frame: types.FrameType, checker: frozenset = frozenset()) -> bool:
    """The frame runs the check (the course, its hidden tests, pytest), not the learner's code."""
    filename = frame.f_code.co_filename
    if filename in checker:
        return True
    return os.path.isabs(filename) and os.path.realpath(filename).startswith(_course_roots())
