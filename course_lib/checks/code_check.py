"""Code checks: the hidden pytest module of an exercise runs against the learner's object(s).

Before the run, course_lib.checks.verdict_submission rejects what cannot be checked; after
it, the verdict rules below are tried in order.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from course_lib.checks.explain import (
    environment_message,
    explain,
    is_environment_error,
    is_not_done,
    is_signature_error,
    is_skip,
    is_timeout,
    learner_frame,
)
from course_lib.checks.loader import load_hidden
from course_lib.checks.model import CodeExercise
from course_lib.checks.outcome import SessionReport, truncate
from course_lib.checks.result import ERROR, FAILED, NOT_DONE, PASSED, Case, Result
from course_lib.checks.session import run_module
from course_lib.checks.verdict_submission import count_problem, shape_problem


class _Submission:
    """pytest plugin providing the `submission` fixture."""

    def __init__(self, value):
        self.value = value

    @pytest.fixture
    def submission(self):
        """The object(s) the learner passed to check()."""
        return self.value


def _result(ex: CodeExercise, status, summary, cases=(), hint="") -> Result:
    return Result(ex.id, ex.title, "code", status, summary, list(cases), hint)


@dataclass
class _Run:
    ex: CodeExercise
    report: SessionReport
    timeout: float

    @property
    def failed(self) -> list:
        return [item for item in self.report.items if not item.passed]

    def cases(self) -> list[Case]:
        cases, shown = [], set()
        for item in self.report.items:  # the same huge output is shown once, not under each case
            output = "" if item.passed or item.output in shown else item.output
            shown.add(output)
            message = explain(item, timeout=self.timeout, expects=self.ex.expects)
            cases.append(
                Case(item.doc or item.name, item.passed, "" if item.passed else message, "", output)
            )
        return cases


def _could_not_run(run: _Run) -> Result | None:
    errors = run.report.errors or run.report.collect_errors
    if errors:
        return _result(run.ex, ERROR, "The check could not run: " + errors[0])
    if run.report.interrupted:
        return _result(run.ex, FAILED, "The check was interrupted before it finished.")
    if not run.report.items:
        return _result(run.ex, ERROR, f"Exercise {run.ex.id} has no hidden tests.")
    return None


def _all_pass(run: _Run) -> Result | None:
    if run.failed:
        return None
    return _result(run.ex, PASSED, f"all {len(run.report.items)} cases pass.", run.cases())


def _is_environment(item) -> bool:
    """Setup failed for want of a service, or the check (not the learner's code) skipped."""
    checker_skip = is_skip(item) and learner_frame(item.tb, item.checker) is None
    return is_environment_error(item) or checker_skip


def _environment(run: _Run) -> Result | None:
    if not all(_is_environment(item) for item in run.failed):
        return None
    return _result(run.ex, ERROR, truncate(environment_message(run.failed[0]), 600), run.cases())


def _not_done(run: _Run) -> Result | None:
    if not any(is_not_done(item) for item in run.failed):
        return None
    return _result(
        run.ex,
        NOT_DONE,
        "not done yet — the stub still raises NotImplementedError.",
        run.cases(),
        run.ex.hint,
    )


_REASONS = (  # (rule over the failed cases, what the summary adds)
    (is_signature_error, " — wrong signature: expected {expects}"),
    (is_timeout, " — stopped after {timeout:g} s (an endless loop?)"),
    (is_skip, " — your code skipped the test: a skipped test is not a pass"),
)


def _failed(run: _Run) -> Result:
    cases = run.cases()
    summary = f"{len(run.failed)} of {len(cases)} cases fail"
    for rule, reason in _REASONS:
        if any(rule(item) for item in run.failed):
            summary += reason.format(expects=run.ex.expects, timeout=run.timeout)
            break
    return _result(run.ex, FAILED, summary + ".", cases, run.ex.hint)


def judge(run: _Run) -> Result:
    for rule in (_could_not_run, _all_pass, _environment, _not_done):
        result = rule(run)
        if result is not None:
            return result
    return _failed(run)


def run_code(ex: CodeExercise, submission: tuple, timeout: float) -> Result:
    problem = count_problem(ex, submission)
    if problem is not None:
        return _result(ex, FAILED, problem[0], hint=problem[1])
    value = submission[0] if len(submission) == 1 else tuple(submission)
    try:
        module = load_hidden(ex.hidden)
    except Exception as exc:  # noqa: BLE001 - an authoring error, reported as such
        return _result(
            ex, ERROR, f"The hidden tests could not be loaded ({type(exc).__name__}: {exc})."
        )
    problem = shape_problem(ex, module, submission, value)
    if problem is not None:
        return _result(ex, FAILED, problem[0], hint=problem[1])
    report = run_module(
        module,
        timeout=timeout,
        plugins=(_Submission(value), *ex.plugins),
        checker=frozenset({module.__file__}),
    )
    return judge(_Run(ex, report, timeout))
