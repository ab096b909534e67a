"""Collect the learner's tests the way %%ipytest does: the notebook namespace is one module.

pytest itself then finds `test_*` functions, `Test*` classes, parametrized cases, the notebook's
fixtures, `usefixtures` and autouse fixtures, so check() grades exactly what %%ipytest ran.
A test uses the exercise when the fixture is in its closure (`item.fixturenames`).
"""

from __future__ import annotations

import types

import pytest

from course_lib.checks.outcome import display_name


def namespace_of(tests) -> dict:
    """check(tests=...) accepts a dict (a notebook's globals), a list of tests or a module."""
    if isinstance(tests, dict):
        return tests
    if isinstance(tests, list | tuple):
        return {getattr(t, "__name__", repr(t)): t for t in tests}
    return vars(tests)


def _is_fixture_named(value, name: str) -> bool:
    return (
        type(value).__name__ == "FixtureFunctionDefinition" and getattr(value, "name", "") == name
    )


def learner_module(namespace: dict, fixture: str, exercise_fixture) -> types.ModuleType:
    """The namespace as a module, its reference-bound `fixture` replaced by `exercise_fixture`."""
    module = types.ModuleType("learner_tests")
    for name, value in list(namespace.items()):
        if not name.startswith("__") and not _is_fixture_named(value, fixture):
            module.__dict__[name] = value
    module.__dict__["_course_exercise_fixture"] = exercise_fixture
    return module


class Graded:
    """pytest plugin: keeps the tests that use the exercise fixture, in the order of `phases`.

    phases: implementation id -> rank (reference first, the reference again last); a stable sort
    keeps the learner's order inside a phase.
    """

    def __init__(self, fixture: str, phases: dict[str, int]):
        self.fixture = fixture
        self.phases = phases
        self.ignored: list[str] = []  # tests that do not use the fixture: named, not graded

    def _phase(self, item) -> int:
        callspec = getattr(item, "callspec", None)
        return self.phases.get(callspec.params.get(self.fixture) if callspec else None, 0)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config, items):
        keep = [item for item in items if self.fixture in item.fixturenames]
        drop = [item for item in items if self.fixture not in item.fixturenames]
        for item in drop:
            name = display_name(item, None).split("[", 1)[0]
            if name not in self.ignored:
                self.ignored.append(name)
        items[:] = sorted(keep, key=self._phase)
        if drop:
            config.hook.pytest_deselected(items=drop)
