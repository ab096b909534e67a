"""A tiny circuit breaker: stop calling a service that keeps failing, try again later.

After `failures` failures in a row the circuit OPENS: calls fail at once with CircuitOpen,
without touching the network, until `reset_after` seconds have passed on the injected `clock`
(tests pass a fake clock and move it). Then ONE trial call goes through (half-open): success
closes the circuit, failure opens it again for another `reset_after`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class CircuitOpen(Exception):
    """The breaker is open: the call was not made."""


class CircuitBreaker:
    def __init__(
        self,
        *,
        failures: int = 3,
        reset_after: float = 30.0,
        watch: tuple[type[BaseException], ...] = (Exception,),
        clock: Callable[[], float] = time.monotonic,
    ):
        self.failures = failures
        self.reset_after = reset_after
        self.watch = watch
        self.clock = clock
        self.failed = 0
        self.opened_at: float | None = None

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if self.clock() >= self.opened_at + self.reset_after else "open"

    def call(self, func: Callable[..., T], *args, **kwargs) -> T:
        if self.state == "open":
            raise CircuitOpen("too many failures in a row; not calling for now")
        try:
            result = func(*args, **kwargs)
        except self.watch:
            self.failed += 1
            if self.opened_at is not None or self.failed >= self.failures:
                self.opened_at = self.clock()  # open, or open again after a failed trial
            raise
        self.failed, self.opened_at = 0, None
        return result
