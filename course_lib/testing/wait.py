"""wait_until: poll for a condition instead of sleeping a guessed amount of time.

A sleep is either too short (flaky on a slow CI machine) or too long (slow everywhere). Polling
returns as soon as the condition holds and fails with a message that says what never happened.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WaitTimeout(AssertionError):
    """The condition did not become true in time (an AssertionError, so pytest reports it as a
    test failure with its message, not as an error in the test's machinery)."""


def wait_until(
    predicate: Callable[[], T],
    timeout: float = 5.0,
    interval: float = 0.01,
    message: str | None = None,
) -> T:
    """Call `predicate` every `interval` s until it returns something truthy; return that value.

    Raises WaitTimeout after `timeout` s, naming `message` (or the predicate) and its last result.
    Exceptions from the predicate propagate: a broken check should fail loudly, not be retried.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            what = message or f"{getattr(predicate, '__name__', 'condition')}() to be true"
            raise WaitTimeout(f"waited {timeout:g} s for {what}; last result: {result!r}")
        time.sleep(interval)
