"""Plain sentences for the commonest mistake: passing the wrong kind of object to check().

Hidden modules may define `shape(submission) -> str | None`; these helpers write that sentence.
"""

from __future__ import annotations

import inspect


def _short(obj) -> str:
    text = repr(obj)
    return text if len(text) <= 60 else text[:57] + "..."


def _accepts(func, count: int) -> bool:
    """Whether func can be called with `count` positional arguments."""
    try:
        inspect.signature(func).bind(*range(count))
    except TypeError:
        return False
    except ValueError:  # builtins without a signature: give them the benefit of the doubt
        return True
    return True


def function_shape(submission, name: str, params: list[str]) -> str | None:
    """None if `submission` looks like the function `name(params...)`, else what to fix."""
    wanted = f"{name}({', '.join(params)})"
    if submission is None:
        return f"You passed None. Pass your function itself: {name} (without parentheses)."
    if inspect.isclass(submission):
        return (
            f"You passed the class {submission.__name__}; this exercise wants a function {wanted}."
        )
    if not callable(submission):
        return (
            f"You passed {type(submission).__name__} {_short(submission)}, not a function. "
            f"Pass {name} itself, without calling it."
        )
    if not _accepts(submission, len(params)):
        got = getattr(submission, "__name__", "your function")
        try:
            sig = str(inspect.signature(submission))
        except (TypeError, ValueError):
            sig = "(...)"
        return f"Your function is {got}{sig}, but it should be called as {wanted}."
    return None


def class_shape(submission, name: str, methods: dict[str, list[str]]) -> str | None:
    """None if `submission` is a class with these methods (name -> parameters without self)."""
    if submission is None:
        return f"You passed None. Pass your class itself: {name}."
    if not inspect.isclass(submission):
        return (
            f"You passed {type(submission).__name__} {_short(submission)}; this exercise wants "
            f"the class {name} itself (not an instance, no parentheses)."
        )
    for method, params in methods.items():
        wanted = f"{method}({', '.join(params)})"
        func = getattr(submission, method, None)
        if func is None:
            return f"Your class {submission.__name__} has no method {wanted}."
        if not callable(func) or not _accepts(func, len(params) + 1):
            return f"{submission.__name__}.{method} should be a method {wanted}."
    return None
