"""The exercise engine: `check(id, ...)` in a workbook, hidden tests, buggy variants, progress.

Import is cheap: pytest and friends are imported when the first check runs.
"""

from __future__ import annotations

from typing import Any


def check(
    exercise_id: str,
    *submission: Any,
    tests: Any = None,
    timeout: float | None = None,
    record: bool = True,
):
    """Check one exercise and return a Result (renders as HTML in Jupyter, text in a terminal).

    Code exercise: `check("00.1", cart_total)`. Test exercise: `check("00.3")` runs the `test_*`
    functions of the caller's namespace (or of `tests=`, a dict or module).
    """
    import sys

    from course_lib.checks.engine import run_check

    if tests is None and not submission:
        tests = sys._getframe(1).f_globals
    return run_check(exercise_id, submission, tests=tests, timeout=timeout, record=record)


def exercise_fixture(exercise_id: str):
    """A pytest fixture named like the exercise's fixture, bound to the reference implementation."""
    from course_lib.checks.tests_check import exercise_fixture as make

    return make(exercise_id)


__all__ = ["check", "exercise_fixture"]
