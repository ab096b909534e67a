"""The generic harness: every exercise of the catalog is itself tested (issue 3, point 7).

For each exercise: the generated stub reports "not done yet", the solution passes, every WRONG
answer of the bank is rejected with its message, every ALTERNATIVE is accepted; for each buggy
variant, the solution's own tests catch it.
"""

from __future__ import annotations

import pytest

from course_lib.checks import check, registry
from course_lib.checks.model import CodeExercise, TestExercise
from tests.helpers import load_bank, results_by_id

EXERCISES = registry.exercises()
IDS = [ex.id for ex in EXERCISES]
BANKS = {lesson: load_bank(lesson) for lesson in sorted({ex.lesson for ex in EXERCISES})}


def _entries(kind: str):
    for ex in EXERCISES:
        bank = BANKS.get(ex.lesson)
        for i, entry in enumerate(getattr(bank, kind, {}).get(ex.id, []) if bank else []):
            yield pytest.param(ex, entry, id=f"{ex.id}-{i}")


def _submit(ex, source: str):
    namespace = {"__name__": f"bank_{ex.id.replace('.', '_')}"}
    exec(compile(source, f"<bank {ex.id}>", "exec"), namespace)  # noqa: S102 - our own bank
    if isinstance(ex, CodeExercise):
        missing = [n for n in ex.answers if n not in namespace]
        assert not missing, f"bank source for {ex.id} must define {missing}"
        return check(ex.id, *[namespace[n] for n in ex.answers], record=False)
    return check(ex.id, tests=namespace, record=False)


def _assert_plain(result) -> None:
    """Feedback is read in JupyterLab and terminals alike: no terminal escape codes anywhere."""
    for name, text in (("text", str(result)), ("HTML", result._repr_html_())):
        assert "\x1b" not in text, f"terminal escape codes in the {name} of {result.exercise}"


def test_catalog_loads_without_errors():
    assert registry.load_errors() == {}
    assert EXERCISES, "the catalog is empty"


@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_exercise_is_complete(ex):
    """Each exercise names its answer or has >= 4 variants; its bank has >= 4 wrong, >= 3 right."""
    if isinstance(ex, CodeExercise):
        assert ex.answers and all(ex.answers), f"{ex.id}: CodeExercise needs answer=..."
        assert registry.resolve(ex.hidden)
    else:
        assert len(ex.variants) >= 4, f"{ex.id}: a test exercise needs at least 4 variants"
        assert len({v.id for v in ex.variants}) == len(ex.variants)
        for ref in (ex.provide, ex.reference, *(v.impl for v in ex.variants)):
            assert registry.resolve(ref) is not None
    bank = BANKS.get(ex.lesson)
    assert bank is not None, f"lesson {ex.lesson} has no bank.py"
    assert len(bank.WRONG.get(ex.id, [])) >= 4, f"{ex.id}: the bank needs >= 4 WRONG answers"
    assert len(bank.ALTERNATIVES.get(ex.id, [])) >= 3, f"{ex.id}: the bank needs >= 3 ALTERNATIVES"


@pytest.mark.parametrize(("ex", "entry"), list(_entries("WRONG")))
def test_wrong_answer_is_rejected(ex, entry):
    source, fragment = entry
    result = _submit(ex, source)
    text = str(result)
    assert result.status in ("failed", "not done yet"), f"expected a rejection, got:\n{text}"
    assert not result.passed
    assert fragment.lower() in text.lower(), f"expected {fragment!r} in the feedback:\n{text}"
    _assert_plain(result)


@pytest.mark.parametrize(("ex", "source"), list(_entries("ALTERNATIVES")))
def test_alternative_answer_is_accepted(ex, source):
    result = _submit(ex, source)
    assert result.passed and result.status == "passed", str(result)
    _assert_plain(result)


@pytest.mark.slow
@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_solution_passes(ex, headless):
    result = results_by_id(headless["solutions"][1]).get(ex.id)
    assert result is not None, f"no solutions/ workbook reported {ex.id}"
    assert result["status"] == "passed", f"{ex.id}: {result['summary']}\n{result['cases']}"
    # a starter test the workbook supplies is declared in `given`, so the learner is never nagged
    assert "caught none" not in result["summary"], f"{ex.id}: {result['summary']}"


@pytest.mark.slow
@pytest.mark.parametrize("ex", EXERCISES, ids=IDS)
def test_stub_is_not_done_yet(ex, headless):
    result = results_by_id(headless["exercises"][1]).get(ex.id)
    assert result is not None, f"no exercises/ workbook reported {ex.id}"
    assert result["status"] == "not done yet", f"{ex.id}: {result['status']}: {result['summary']}"


VARIANTS = [
    pytest.param(ex, v, id=f"{ex.id}-{v.id}")
    for ex in EXERCISES
    if isinstance(ex, TestExercise)
    for v in ex.variants
]


@pytest.mark.slow
@pytest.mark.parametrize(("ex", "variant"), VARIANTS)
def test_solution_tests_catch_variant(ex, variant, headless):
    result = results_by_id(headless["solutions"][1]).get(ex.id)
    assert result is not None, f"no solutions/ workbook reported {ex.id}"
    assert result["variants"].get(variant.id), (
        f"the solution's tests for {ex.id} miss {variant.id}: not a bug the course can teach"
    )
