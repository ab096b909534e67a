"""Assert that a repository call raises the shop's own error, with a sentence for the learner.

Why not pytest.raises: it lets a KeyError or ValueError escape as "your code raised KeyError",
which hides the point (the contract names Duplicate / NotFound from course_lib.shop.errors).
"""

from __future__ import annotations


def raised(call, *args) -> BaseException | None:
    """The exception call(*args) raised, or None. A stub's NotImplementedError passes through."""
    try:
        call(*args)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001 - any other error is the learner's, described below
        return exc
    return None


def expect_error(expected: type[Exception], call, *args, what: str) -> None:
    """Fail unless call(*args) raises `expected`; `what` names the call ("add() of a taken SKU")."""
    exc = raised(call, *args)
    if isinstance(exc, expected):
        return
    got = "it raised nothing" if exc is None else f"got {type(exc).__name__}: {exc}"
    raise AssertionError(
        f"expected {what} to raise {expected.__name__} (from course_lib.shop.errors), {got}"
    )
