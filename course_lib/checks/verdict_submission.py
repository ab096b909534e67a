"""Before a code check runs: is there an answer, as many objects as asked, of the right kind?

Each rule returns (summary, hint) when the submission cannot be checked, else None.
"""

from __future__ import annotations

from course_lib.checks.model import CodeExercise


def call(ex: CodeExercise) -> str:
    """How the learner should call the check, e.g. `check("00.1", total_cents)`."""
    return f'check("{ex.id}", {", ".join(ex.answers) or "your_object"})'


def count_problem(ex: CodeExercise, submission: tuple) -> tuple[str, str] | None:
    """Nothing passed, or not as many objects as the exercise names."""
    if not submission:
        return f"Pass your answer to the check: {call(ex)}.", f"Expected {ex.expects}."
    if len(submission) != len(ex.answers or ("x",)):
        return f"Expected {len(ex.answers)} object(s): {call(ex)}.", ex.expects
    return None


def shape_problem(ex: CodeExercise, module, submission: tuple, value) -> tuple[str, str] | None:
    """None passed, or an object of the wrong kind (the hidden module's or signature's shape)."""
    shape = getattr(module, "shape", None) or (ex.shape if ex.signature else None)
    problem = None
    if any(obj is None for obj in submission):
        problem = f"You passed None. Pass your answer itself: {call(ex)}."
    elif shape is not None:
        try:
            problem = shape(value)
        except Exception as exc:  # noqa: BLE001 - the learner's object broke the inspection
            problem = f"Inspecting your object raised {type(exc).__name__}: {exc}."
    return (problem, f"Expected {ex.expects}.") if problem else None
