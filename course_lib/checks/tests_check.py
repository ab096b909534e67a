"""Test checks: the learner's tests must pass on correct code and fail on each buggy variant.

All implementations run in ONE pytest session: the exercise fixture is parametrized over the
reference, an impostor (the reference renamed), every variant and the reference again, so shared
session fixtures (a database) start once. The verdict rules are small functions tried in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.checks import registry
from course_lib.checks.collect import Graded, learner_module, namespace_of
from course_lib.checks.explain import (
    environment_message,
    explain,
    is_environment_error,
    is_not_done,
    is_timeout,
    raised_in,
)
from course_lib.checks.implementations import (  # noqa: F401 - exercise_fixture: public here
    course_files,
    exercise_fixture,
    fixture_from,
    implementations,
    phases,
)
from course_lib.checks.model import TestExercise
from course_lib.checks.outcome import SessionReport, truncate
from course_lib.checks.result import ERROR, FAILED, NOT_DONE, Case, Result
from course_lib.checks.session import run_module
from course_lib.checks.verdict import AGAIN, IMPOSTOR, REFERENCE, by_test, score
from course_lib.checks.verdict_text import (
    flaw_cases,
    missed_lessons,
    notes,
    summary,
    unused,
    variant_cases,
)

_WHERE = {
    REFERENCE: "the correct implementation",
    AGAIN: "the correct implementation",
    IMPOSTOR: "the correct implementation (a renamed copy)",
}


@dataclass
class _Run:
    ex: TestExercise
    report: SessionReport
    ignored: list[str]
    timeout: float

    def result(self, status, text, cases=(), hint="", caught=None) -> Result:
        ex = self.ex
        return Result(ex.id, ex.title, "test", status, text, list(cases), hint, caught or {})

    @property
    def bad_on_reference(self) -> list:
        return [i for i in self.report.items if i.param == REFERENCE and not i.passed]


def _internal_error(run: _Run) -> Result | None:
    if run.report.errors:
        return run.result(ERROR, "The check could not run: " + run.report.errors[0])
    return None


def _not_collected(run: _Run) -> Result | None:
    if not run.report.collect_errors:
        return None
    return run.result(
        FAILED,
        "Your tests could not be collected, so none of them ran: "
        + truncate(run.report.collect_errors[0], 600),
        hint="Run your %%ipytest cell: pytest shows the same error there. Fix it, run the cell, "
        "then this check.",
    )


def _no_tests(run: _Run) -> Result | None:
    if run.report.items:
        return None
    fixture = run.ex.fixture
    if run.ignored:
        return run.result(
            FAILED,
            f"{unused(run.ignored, fixture)} Write `def test_...({fixture}):` and run the "
            "%%ipytest cell again.",
            hint=run.ex.hint,
        )
    return run.result(
        NOT_DONE,
        f"not done yet — no tests found. Write `def test_...({fixture}):` in a "
        "%%ipytest cell, run that cell, then run this check.",
        hint=run.ex.hint,
    )


def _interrupted(run: _Run) -> Result | None:
    if run.report.interrupted:
        return run.result(FAILED, "The check was interrupted before it finished.")
    return None


def _timed_out(run: _Run) -> Result | None:
    looped = next((i for i in run.report.items if is_timeout(i)), None)
    if looped is None:
        return None
    where = _WHERE.get(looped.param, f"bug {looped.param}")
    return run.result(
        FAILED,
        f"{looped.name} was stopped after {run.timeout:g} s on {where} — an endless "
        "loop? A test must finish on every implementation.",
        [Case(looped.name, False, explain(looped, timeout=run.timeout))],
        run.ex.hint,
    )


def _is_environment(item) -> bool:
    """A service or package is missing (or the course's own code skipped): not the learner's."""
    return is_environment_error(item) or (item.skipped and raised_in(item, item.checker))


def _environment(run: _Run) -> Result | None:
    bad = run.bad_on_reference
    if bad and all(_is_environment(i) for i in bad):
        return run.result(ERROR, truncate(environment_message(bad[0]), 600))
    return None


def _not_done(run: _Run) -> Result | None:
    if any(is_not_done(i) for i in run.bad_on_reference):
        return run.result(
            NOT_DONE, "not done yet — a test still raises NotImplementedError.", hint=run.ex.hint
        )
    return None


def _scored(run: _Run) -> Result:
    ex = run.ex
    scores = score(by_test(run.report.items), [v.id for v in ex.variants])
    cases = flaw_cases(scores, run.timeout)
    if not cases:
        cases.append(Case(f"correct implementation: your {len(scores.good)} test(s) pass", True))
    cases += variant_cases(ex, scores)
    note = notes(scores, run.ignored, ex.fixture, ex.given) + missed_lessons(ex, scores.caught)
    status, text = summary(scores, note)
    return run.result(status, text, cases, "" if status != FAILED else ex.hint, scores.caught)


RULES = (
    _internal_error,
    _not_collected,
    _no_tests,
    _interrupted,
    _timed_out,
    _environment,
    _not_done,
)


def judge(run: _Run) -> Result:
    """The first rule that has a verdict decides; otherwise the tests are scored."""
    for rule in RULES:
        result = rule(run)
        if result is not None:
            return result
    return _scored(run)


def run_tests(ex: TestExercise, tests, timeout: float) -> Result:
    impls = implementations(ex)
    graded = Graded(ex.fixture, phases(impls))
    fixture = fixture_from(registry.resolve(ex.provide), impls, ex.fixture, list(impls))
    report = run_module(
        learner_module(namespace_of(tests), ex.fixture, fixture),
        timeout=timeout,
        param_fixture=ex.fixture,
        # a stub test (NotImplementedError on the reference): the variants can't change "not done"
        stop_when=lambda item: item.param == REFERENCE and is_not_done(item),
        plugins=(graded, *ex.plugins),
        checker=course_files(ex, impls),
    )
    return judge(_Run(ex, report, graded.ignored, timeout))
