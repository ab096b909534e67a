"""A one-variant test exercise ("inc(x) returns x + 1") for engine tests, built in one place."""

from __future__ import annotations

from course_lib.checks.model import TestExercise, Variant


def counting_exercise(module: str, provide: str, reference: str) -> TestExercise:
    """Exercise 99.2 whose provider, reference and `off_by_two` variant live in `module`."""
    return TestExercise(
        id="99.2",
        title="Counting",
        fixture="inc",
        provide=f"{module}:{provide}",
        reference=f"{module}:{reference}",
        hint="H",
        variants=(Variant("off-by-two", "m", "h", f"{module}:off_by_two"),),
    )
