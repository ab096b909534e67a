"""Test checks: the learner's tests must pass on the reference and fail on each buggy variant.

Reference and all variants run in ONE pytest session: the exercise fixture is parametrized over
the implementations, so shared session fixtures (a database) start once.
"""

from __future__ import annotations

import inspect
import types

import pytest

from course_lib.checks import registry
from course_lib.checks.explain import (
    environment_message,
    explain,
    is_environment_error,
    is_not_done,
    is_timeout,
)
from course_lib.checks.model import TestExercise
from course_lib.checks.result import ERROR, FAILED, NOT_DONE, PASSED, Case, Result
from course_lib.checks.session import run_module, truncate

REFERENCE = "reference"


def _fixture_from(provide, impls: dict, name: str, params=None):
    def fixture(request):
        impl = impls[request.param] if params else impls[REFERENCE]
        yield from provide(impl, request)

    fixture.__name__ = name
    fixture.__doc__ = "The implementation under test."
    return pytest.fixture(name=name, params=params)(fixture)


def exercise_fixture(exercise_id: str):
    ex = registry.get(exercise_id)
    if not isinstance(ex, TestExercise):
        raise TypeError(f"Exercise {exercise_id} is a code exercise; it has no fixture.")
    provide = registry.resolve(ex.provide)
    return _fixture_from(provide, {REFERENCE: registry.resolve(ex.reference)}, ex.fixture)


class _ReferenceFirst:
    """pytest plugin: run every test on the reference before any variant (a stub stops early)."""

    def __init__(self, fixture: str):
        self.fixture = fixture

    def pytest_collection_modifyitems(self, items):
        def on_variant(item) -> bool:
            callspec = getattr(item, "callspec", None)
            return bool(callspec) and callspec.params.get(self.fixture) != REFERENCE

        items.sort(key=on_variant)  # stable: definition order is kept within each group


def _requests_any(func, names: set[str]) -> bool:
    try:
        return not names.isdisjoint(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return False


def learner_tests(namespace: dict, fixture: str) -> tuple[dict, dict]:
    """(test functions that use `fixture`, the notebook's own fixtures except `fixture`).

    A test uses the fixture when it requests it, or requests a notebook fixture that does.
    """
    fixtures = {
        name: value
        for name, value in list(namespace.items())
        if type(value).__name__ == "FixtureFunctionDefinition"
        and getattr(value, "name", name) != fixture
    }
    users = {fixture}
    for _ in range(len(fixtures)):  # fixtures may build on each other: follow the chain
        users |= {getattr(v, "name", n) for n, v in fixtures.items() if _requests_any(v, users)}
    tests = {
        name: value
        for name, value in list(namespace.items())
        if name.startswith("test") and inspect.isfunction(value) and _requests_any(value, users)
    }
    return tests, fixtures


def run_tests(ex: TestExercise, tests, timeout: float) -> Result:
    def result(status, summary, cases=(), hint="", caught=None):
        return Result(ex.id, ex.title, "test", status, summary, list(cases), hint, caught or {})

    if isinstance(tests, dict):
        namespace = tests
    elif isinstance(tests, (list, tuple)):  # check("00.3", tests=[test_a, test_b])
        namespace = {getattr(t, "__name__", repr(t)): t for t in tests}
    else:
        namespace = vars(tests)
    found, fixtures = learner_tests(namespace, ex.fixture)
    if not found:
        return result(
            NOT_DONE,
            f"not done yet — no tests found. Write `def test_...({ex.fixture}):` in a "
            "%%ipytest cell, run that cell, then run this check.",
            hint=ex.hint,
        )
    impls = {REFERENCE: registry.resolve(ex.reference)}
    impls.update({v.id: registry.resolve(v.impl) for v in ex.variants})
    module = types.ModuleType("learner_tests")
    module.__dict__.update(fixtures)
    module.__dict__.update(found)
    module._course_fixture = _fixture_from(
        registry.resolve(ex.provide), impls, ex.fixture, list(impls)
    )
    report = run_module(
        module,
        timeout=timeout,
        param_fixture=ex.fixture,
        # a stub test (NotImplementedError on the reference): the variants can't change "not done"
        stop_when=lambda item: item.param == REFERENCE and is_not_done(item),
        plugins=(_ReferenceFirst(ex.fixture),),
    )
    if report.errors:
        return result(ERROR, "The check could not run: " + report.errors[0])
    if report.interrupted:
        return result(FAILED, "The check was interrupted before it finished.")

    looped = [i for i in report.items if is_timeout(i)]
    if looped:
        where = (
            "the correct implementation"
            if looped[0].param == REFERENCE
            else f"bug {looped[0].param}"
        )
        return result(
            FAILED,
            f"{looped[0].name} was stopped after {timeout:g} s on {where} — an endless "
            "loop? A test must finish on every implementation.",
            [Case(looped[0].name, False, explain(looped[0], timeout=timeout))],
            ex.hint,
        )
    on_ref = [i for i in report.items if i.param == REFERENCE]
    bad = [i for i in on_ref if not i.passed]
    if bad and all(is_environment_error(i) for i in bad):
        return result(ERROR, truncate(environment_message(bad[0]), 600))
    if any(is_not_done(i) for i in bad):
        return result(
            NOT_DONE, "not done yet — a test still raises NotImplementedError.", hint=ex.hint
        )
    good_names = {i.name for i in on_ref if i.passed}
    cases, caught = [], {}
    for item in bad:
        cases.append(
            Case(
                f"{item.name} fails on the correct implementation",
                False,
                explain(item, timeout=timeout),
                "A test must pass on correct code: check what you expect.",
                item.output,
            )
        )
    if not bad:
        cases.append(Case(f"correct implementation: your {len(on_ref)} test(s) pass", True))
    for v in ex.variants:
        by = sorted(
            {
                i.name
                for i in report.items
                if i.param == v.id and not i.passed and i.name in good_names
            }
        )
        caught[v.id] = bool(by)
        name = f"bug {v.id}: caught by {', '.join(by)}" if by else f"bug {v.id}: missed"
        cases.append(Case(name, bool(by), f"Misconception: {v.misconception}", v.hint))
    k, n = sum(caught.values()), len(caught)
    catchers = {i.name for i in report.items if i.param != REFERENCE and not i.passed}
    idle = sorted(good_names - catchers)
    idle_note = (
        f" Note: {', '.join(idle)} caught none of the bugs — "
        "does it assert on what the code returns?"
        if idle
        else ""
    )
    if bad:
        names = ", ".join(sorted({i.name for i in bad}))
        summary = (
            f"{names} fails on the correct implementation — a test must pass on correct code"
            f" (the other tests caught {k} of {n} bugs)."
        )
        return result(FAILED, summary, cases, ex.hint, caught)
    if k == 0:
        return result(
            FAILED,
            f"your tests caught 0 of {n} bugs: they pass on every buggy version, "
            "so they catch nothing. Assert on what the code returns.",
            cases,
            ex.hint,
            caught,
        )
    if k < n:
        missed = ", ".join(v for v, ok in caught.items() if not ok)
        return result(
            FAILED,
            f"your tests caught {k} of {n} bugs (missed: {missed}).{idle_note}",
            cases,
            ex.hint,
            caught,
        )
    return result(
        PASSED,
        f"your tests caught {n} of {n} bugs and pass on the correct implementation.{idle_note}",
        cases,
        caught=caught,
    )
