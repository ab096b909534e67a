"""check(): dispatch to the right kind of check, record progress, leave a headless record.

Processes the learner's code started during the check (os.fork, multiprocessing, subprocess) are
stopped when it ends, and the result says so (course_lib.checks.reaping).
"""

from __future__ import annotations

import json
import os
import warnings

from course_lib.checks import reaping, registry
from course_lib.checks.model import CodeExercise
from course_lib.checks.result import ERROR, FAILED, Result, plain

RECORDS_ENV = "COURSE_CHECK_RECORDS"  # set by the headless runner: a JSON-lines file to append to


def _evaluate(exercise_id, submission, tests, timeout) -> Result:
    try:
        ex = registry.get(str(exercise_id))
    except registry.UnknownExercise as exc:
        return Result(str(exercise_id), "", "unknown", ERROR, str(exc))
    seconds = timeout if timeout is not None else ex.timeout
    try:
        if isinstance(ex, CodeExercise):
            from course_lib.checks.code_check import run_code

            return run_code(ex, tuple(submission), seconds)
        from course_lib.checks.tests_check import run_tests

        if submission:
            if len(submission) == 1 and isinstance(submission[0], dict):
                tests = submission[0]
            else:
                return Result(
                    ex.id,
                    ex.title,
                    "test",
                    FAILED,
                    f"This exercise checks your tests: run your %%ipytest cell, then "
                    f'check("{ex.id}") with nothing else.',
                )
        return run_tests(ex, tests or {}, seconds)
    except Exception as exc:  # noqa: BLE001 - the engine must never crash a learner's cell
        return Result(
            ex.id,
            ex.title,
            ex.kind,
            ERROR,
            f"The check itself failed ({type(exc).__name__}: {exc}). "
            "This is a bug in the course, not in your code; please report it.",
        )


def _emit(result: Result) -> None:
    from course_lib.checks import grade_channel  # `grade` reads results from here, sealed

    grade_channel.keep(result)
    path = os.environ.get(RECORDS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(result.to_record()) + "\n")


def _children_note(result: Result, stopped: int) -> Result:
    if stopped:
        they = "it was" if stopped == 1 else "they were"
        started = f"{stopped} process{'es' if stopped > 1 else ''}"
        result.summary = plain(
            f"{result.summary} Your code started {started} (os.fork, multiprocessing or "
            f"subprocess); {they} stopped when the check ended."
        )
    return result


def run_check(exercise_id, submission, *, tests=None, timeout=None, record=True) -> Result:
    with reaping.Guard() as children:
        result = _evaluate(exercise_id, submission, tests, timeout)
    result = _children_note(result, children.stopped)
    if record and result.status != ERROR:
        try:
            from course_lib.checks import progress

            progress.record(result)
        except Exception as exc:  # noqa: BLE001 - progress is a convenience, never a failure
            warnings.warn(f"Progress not saved: {exc}", stacklevel=3)
    try:
        _emit(result)
    except OSError:
        pass
    return result
