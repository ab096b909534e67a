"""What a test check runs the learner's tests on, and the fixture that hands it out.

In order: the reference, the impostor (the reference renamed: tests must judge behaviour, not
identity), every variant, and the reference again (a verdict that changed is order-dependent).
"""

from __future__ import annotations

import inspect
import sys

import pytest

from course_lib.checks import registry
from course_lib.checks.impostor import impostor_of
from course_lib.checks.model import TestExercise
from course_lib.checks.verdict import AGAIN, IMPOSTOR, REFERENCE

PHASES = {REFERENCE: 0, IMPOSTOR: 1, AGAIN: 3}  # the order they run in; variants are phase 2


def phases(impls: dict) -> dict[str, int]:
    return {impl: PHASES.get(impl, 2) for impl in impls}


def fixture_from(provide, impls: dict, name: str, params=None):
    def fixture(request):
        impl = impls[request.param] if params else impls[REFERENCE]
        yield from provide(impl, request)

    fixture.__name__ = name
    fixture.__doc__ = "The implementation under test."
    return pytest.fixture(name=name, params=params, ids=params)(fixture)


def exercise_fixture(exercise_id: str):
    ex = registry.get(exercise_id)
    if not isinstance(ex, TestExercise):
        raise TypeError(f"Exercise {exercise_id} is a code exercise; it has no fixture.")
    provide = registry.resolve(ex.provide)
    return fixture_from(provide, {REFERENCE: registry.resolve(ex.reference)}, ex.fixture)


def implementations(ex: TestExercise) -> dict:
    """Implementation id -> implementation, in the order they are declared to pytest."""
    reference = registry.resolve(ex.reference)
    impls = {REFERENCE: reference}
    impostor = registry.resolve(ex.impostor) if ex.impostor else impostor_of(reference)
    if impostor is not None:
        impls[IMPOSTOR] = impostor
    impls.update({v.id: registry.resolve(v.impl) for v in ex.variants})
    impls[AGAIN] = reference
    return impls


def _source_file(obj) -> str | None:
    try:
        return inspect.getsourcefile(obj)
    except (TypeError, OSError):
        return getattr(sys.modules.get(getattr(obj, "__module__", "")), "__file__", None)


def course_files(ex: TestExercise, impls: dict) -> frozenset:
    """Files of the exercise's own code: a frame there is never the learner's."""
    objects = [registry.resolve(ex.provide), *impls.values()]
    return frozenset(f for f in map(_source_file, objects) if f)
