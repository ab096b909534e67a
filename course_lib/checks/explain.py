"""Turn a failed test into one plain sentence a learner can act on."""

from __future__ import annotations

import linecache
import os
import re
import sys
import traceback

from course_lib.checks import waits
from course_lib.checks.db_limits import limits_ms, timeout_kind
from course_lib.checks.deadline import CheckTimeout
from course_lib.checks.outcome import ItemReport, truncate

_ENGINE_DIR = os.path.dirname(os.path.abspath(__file__))
_LIB_DIRS = tuple({os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)})
_SIGNATURE = re.compile(
    r"(positional argument|keyword argument|required|not callable|takes no arguments)"
)


def _is_library(filename: str) -> bool:
    if filename.startswith("<frozen") or "site-packages" in filename or filename.endswith(".pyx"):
        return True
    real = os.path.realpath(filename) if os.path.isabs(filename) else filename
    return real.startswith(_LIB_DIRS) or real.startswith(_ENGINE_DIR)


def learner_frame(tb, checker: frozenset = frozenset()) -> traceback.FrameSummary | None:
    """The deepest frame that is neither the engine, the hidden tests (`checker`) nor a library."""
    found = None
    for frame in traceback.extract_tb(tb):
        if not _is_library(frame.filename) and frame.filename not in checker:
            found = frame
    return found


def _where(item: ItemReport) -> str:
    frame = learner_frame(item.tb, item.checker)
    if frame is None:
        return ""
    line = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
    place = f" in {frame.name}" if frame.name not in ("<module>",) else ""
    return f"{place}, at `{line}`" if line else place


def is_not_done(item: ItemReport) -> bool:
    return isinstance(item.exc, NotImplementedError)


def is_timeout(item: ItemReport) -> bool:
    """Stopped at the deadline, or by the database's own limits set for the check."""
    return isinstance(item.exc, CheckTimeout) or bool(timeout_kind(item.exc))


_LOCK_ADVICE = (
    "A second session or connection that changes a row your first one changed and has not "
    "committed waits for it forever: do the work in one session, or commit the first one before."
)


def timeout_message(item: ItemReport, timeout: float) -> str:
    """What was stopped, and where: a database lock, a call that never returned, or a loop."""
    where = _where(item)
    at = f",{where}" if where else ""
    kind = timeout_kind(item.exc)
    waiting = getattr(item.exc, "waiting", "")
    lock_s, statement_s = (ms / 1000 for ms in limits_ms(timeout))
    if (kind or waiting == waits.DATABASE) and not where:  # the check's own setup waited
        return (
            f"Stopped after {lock_s if kind == 'lock' else timeout:g} s: the check was still "
            "waiting for a database lock, held by a session of yours that has not committed? "
            "Commit or close your open sessions and connections (or restart the kernel), then "
            "run the check again."
        )
    if kind == "lock":
        return (
            f"Stopped after {lock_s:g} s: your code was still waiting for a database lock "
            f"(your own transaction holds it?){at}. {_LOCK_ADVICE}"
        )
    if kind == "statement":
        return (
            f"Stopped after {statement_s:g} s: a database statement of your code was still "
            f"running{at}. Is it waiting for a lock your other session holds? {_LOCK_ADVICE}"
        )
    if waiting == waits.DATABASE:
        return (
            f"Stopped after {timeout:g} s: your code was still waiting for the database "
            f"(a lock your own transaction holds?){at}. {_LOCK_ADVICE}"
        )
    if waiting:
        return (
            f"Stopped after {timeout:g} s: your code was still waiting in {waiting}{at}. "
            "A call that never returns blocks the check: give it a timeout, or do not wait for "
            "something that never comes."
        )
    return (
        f"Stopped after {timeout:g} s: the code never finished{where}. "
        "Look for an endless loop (a `while` whose condition never changes)."
    )


def is_skip(item: ItemReport) -> bool:
    """pytest.skip/xfail/importorskip or a skip/xfail mark: the test checked nothing."""
    return item.skipped


def raised_in(item: ItemReport, files: frozenset) -> bool:
    """Some frame of the exception's traceback is in one of `files`."""
    return any(frame.filename in files for frame in traceback.extract_tb(item.tb))


def is_signature_error(item: ItemReport) -> bool:
    """A TypeError raised while *calling* the learner's object (argument binding), not inside it."""
    if not isinstance(item.exc, TypeError) or not _SIGNATURE.search(str(item.exc)):
        return False
    frames = traceback.extract_tb(item.tb)
    return bool(frames) and (
        _is_library(frames[-1].filename) or frames[-1].filename in item.checker
    )


def explain(item: ItemReport, *, timeout: float, expects: str = "") -> str:
    """The message shown under a failed case."""
    exc = item.exc
    if is_skip(item):
        return f"Your code skipped the test ({item.text}): a skipped test checks nothing."
    if is_timeout(item):
        return timeout_message(item, timeout)
    if is_not_done(item):
        return "Not done yet: the code still raises NotImplementedError. Replace the stub."
    if is_signature_error(item):
        wanted = f" Expected {expects}." if expects else ""
        return f"Your object has the wrong signature: {exc}.{wanted}"
    if isinstance(exc, AssertionError):
        text = str(exc).strip() or f"an assertion failed{_where(item)}"
        return truncate(text, 800)
    if exc is not None:
        frame = learner_frame(item.tb, item.checker)
        who = "Your code" if frame is not None else "The check"
        return truncate(f"{who} raised {type(exc).__name__}: {exc}{_where(item)}.", 800)
    return truncate(item.text, 800)


_ENV_ERRORS = ("OperationalError", "InterfaceError", "ConnectionError", "ConnectionRefusedError")


def is_environment_error(item: ItemReport) -> bool:
    """Setup failed outside the learner's code because a service/package is missing: not theirs."""
    exc = item.exc
    return (
        item.phase == "setup"
        and exc is not None
        and not timeout_kind(exc)  # a lock held by the learner's own open session
        and (isinstance(exc, OSError | ImportError) or type(exc).__name__ in _ENV_ERRORS)
        and learner_frame(item.tb, item.checker) is None
    )


def environment_message(item: ItemReport) -> str:
    what = item.text if is_skip(item) else f"{type(item.exc).__name__}: {item.exc}"
    return (
        f"The check could not prepare its test ({what}). "
        "This is a problem with the environment, not with your code: "
        "run `python -m course_lib doctor`."
    )
