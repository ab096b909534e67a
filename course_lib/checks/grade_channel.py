"""How a kernel's results reach the grader: sealed, on the shell channel, never through a file.

Kernel side: every `check()` hands its Result to keep() (engine._emit), which stores it as a JSON
string (a learner holding the Result object cannot change what was stored). Grader side: after
the learner's cells ran, the grader sends an execute request whose *user expression* calls
sealed(secret) with a fresh random secret; the kernel replies with the stored results and their
HMAC-SHA256 under that secret. The reply travels on the shell channel to the grader alone, so
nothing a cell prints (even from a thread, while the grader's request runs) is taken for a
result, and no file a cell writes is read. The secret never appears in a cell, in the kernel's
history or in its environment, so code that ran before cannot have signed anything with it.
What stays possible: code that patches this module (or the checker) inside its own kernel can
fake its own results (see docs/instructor/grading.md), never anyone else's.
"""

from __future__ import annotations

import ast
import hashlib
import hmac
import json
import secrets

_KEPT: dict[str, str] = {}  # exercise id -> the Result record as JSON, last one per exercise


def keep(result) -> None:
    """Called by the engine for every check() result (never raises)."""
    try:
        _KEPT[str(result.exercise)] = json.dumps(result.to_record(), sort_keys=True)
    except (TypeError, ValueError):
        pass


def sealed(secret: str) -> str:
    """'<hmac hex>:<json of {exercise: record}>', signed with the grader's secret."""
    body = json.dumps({k: json.loads(v) for k, v in sorted(_KEPT.items())}, sort_keys=True)
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest() + ":" + body


def new_secret() -> str:
    return secrets.token_hex(32)


def expression(secret: str) -> str:
    """The user expression the grader sends (evaluated after the empty code of its request)."""
    return f"__import__('course_lib.checks.grade_channel', fromlist=['_']).sealed({secret!r})"


def unseal(text: str | None, secret: str) -> dict[str, dict] | None:
    """The records, or None when the reply is missing, malformed or not signed with `secret`."""
    if not isinstance(text, str):
        return None
    try:
        value = ast.literal_eval(text)  # the reply is the repr() of the sealed string
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(value, str) or ":" not in value:
        return None
    mac, _, body = value.partition(":")
    good = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, good):
        return None
    try:
        records = json.loads(body)
    except ValueError:
        return None
    return records if isinstance(records, dict) else None
