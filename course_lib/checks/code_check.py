"""Code checks: the hidden pytest module of an exercise runs against the learner's object(s)."""

from __future__ import annotations

import pytest

from course_lib.checks.explain import (
    environment_message,
    explain,
    is_environment_error,
    is_not_done,
    is_signature_error,
    is_timeout,
)
from course_lib.checks.loader import load_hidden
from course_lib.checks.model import CodeExercise
from course_lib.checks.result import ERROR, FAILED, NOT_DONE, PASSED, Case, Result
from course_lib.checks.session import run_module, truncate


class _Submission:
    """pytest plugin providing the `submission` fixture."""

    def __init__(self, value):
        self.value = value

    @pytest.fixture
    def submission(self):
        """The object(s) the learner passed to check()."""
        return self.value


def run_code(ex: CodeExercise, submission: tuple, timeout: float) -> Result:
    def result(status, summary, cases=(), hint=""):
        return Result(ex.id, ex.title, "code", status, summary, list(cases), hint)

    call = f'check("{ex.id}", {", ".join(ex.answers) or "your_object"})'
    if not submission:
        return result(
            FAILED, f"Pass your answer to the check: {call}.", hint=f"Expected {ex.expects}."
        )
    if len(submission) != len(ex.answers or ("x",)):
        return result(FAILED, f"Expected {len(ex.answers)} object(s): {call}.", hint=ex.expects)
    value = submission[0] if len(submission) == 1 else tuple(submission)
    try:
        module = load_hidden(ex.hidden)
    except Exception as exc:  # noqa: BLE001 - an authoring error, reported as such
        return result(ERROR, f"The hidden tests could not be loaded ({type(exc).__name__}: {exc}).")
    shape = getattr(module, "shape", None) or (ex.shape if ex.signature else None)
    problem = None
    if any(obj is None for obj in submission):
        problem = f"You passed None. Pass your answer itself: {call}."
    elif shape is not None:
        try:
            problem = shape(value)
        except Exception as exc:  # noqa: BLE001
            problem = f"Inspecting your object raised {type(exc).__name__}: {exc}."
    if problem:
        return result(FAILED, problem, hint=f"Expected {ex.expects}.")

    report = run_module(
        module,
        timeout=timeout,
        plugins=(_Submission(value),),
        checker=frozenset({module.__file__}),
    )
    if report.errors:
        return result(ERROR, "The check could not run: " + report.errors[0])
    if report.interrupted:
        return result(FAILED, "The check was interrupted before it finished.")
    if not report.items:
        return result(ERROR, f"Exercise {ex.id} has no hidden tests.")
    cases, shown = [], set()
    for item in report.items:  # the same huge output is shown once, not under every case
        output = "" if item.passed or item.output in shown else item.output
        shown.add(output)
        cases.append(
            Case(
                item.doc or item.name,
                item.passed,
                "" if item.passed else explain(item, timeout=timeout, expects=ex.expects),
                output=output,
            )
        )
    failed = [item for item in report.items if not item.passed]
    if not failed:
        return result(PASSED, f"all {len(cases)} cases pass.", cases)
    if all(is_environment_error(item) for item in failed):
        return result(ERROR, truncate(environment_message(failed[0]), 600), cases)
    if any(is_not_done(item) for item in failed):
        return result(
            NOT_DONE, "not done yet — the stub still raises NotImplementedError.", cases, ex.hint
        )
    summary = f"{len(failed)} of {len(cases)} cases fail"
    if any(is_signature_error(item) for item in failed):
        summary += f" — wrong signature: expected {ex.expects}"
    elif any(is_timeout(item) for item in failed):
        summary += f" — stopped after {timeout:g} s (an endless loop?)"
    return result(FAILED, summary + ".", cases, ex.hint)
