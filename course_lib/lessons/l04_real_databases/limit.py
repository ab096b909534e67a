"""Stop a readiness probe that never gives up, so a test of it fails instead of hanging.

Every probe of exercise 04.4 (reference and variants alike) waits between two attempts with
`pause()`. Inside `Budget(seconds)` a pause that starts after the budget is spent raises
StillWaiting. That is a BaseException, so neither `except Exception` in a probe nor a test's
`pytest.raises(Exception)` mistakes it for the TimeoutError a correct probe raises. No thread and
no asynchronous exception: it behaves the same under coverage and profilers.
"""

from __future__ import annotations

import threading
import time

_budget = threading.local()  # .deadline: monotonic time after which a pause gives up


class StillWaiting(BaseException):
    """The probe was still waiting well after its own timeout."""


def pause(seconds: float) -> None:
    """time.sleep(seconds) between two attempts; StillWaiting once the budget is spent.

    It looks before it sleeps: a probe that pauses only before its own deadline (the reference)
    never sees StillWaiting, however slow the machine.
    """
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise StillWaiting
    time.sleep(seconds)


class Budget:
    """`with Budget(seconds):` pauses inside the block give up once `seconds` have passed."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __enter__(self) -> Budget:
        self._outer = getattr(_budget, "deadline", None)
        _budget.deadline = time.monotonic() + self.seconds
        return self

    def __exit__(self, *exc_info) -> None:
        _budget.deadline = self._outer
