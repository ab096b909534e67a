"""A skipped hidden test is not a pass; a skip never catches a bug (issue 5.3)."""

from __future__ import annotations

import sys

import pytest

from course_lib.checks import check
from course_lib.checks.code_check import run_code
from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.tests_check import run_tests


def _skips(prices_cents, discount_percent=0):
    pytest.skip("not today")


def _xfails(prices_cents, discount_percent=0):
    pytest.xfail("known to be wrong")


def _imports_missing(prices_cents, discount_percent=0):
    pytest.importorskip("no_such_module_for_the_course")
    return sum(prices_cents)


@pytest.mark.parametrize("submission", [_skips, _xfails, _imports_missing])
def test_learner_code_that_skips_fails_the_code_check(submission):
    result = check("00.1", submission, record=False)
    assert result.status == "failed" and not result.passed
    assert not any(case.passed for case in result.cases)
    assert "your code skipped the test" in str(result).lower()
    assert "your code skipped the test" in result.summary


def test_a_hidden_test_the_course_skips_is_an_environment_error(tmp_path, monkeypatch):
    (tmp_path / "engine_hidden_skip.py").write_text(
        "import pytest\n\n\ndef test_needs_docker(submission):\n"
        "    '''Needs a service'''\n    pytest.skip('no Docker engine')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    ex = CodeExercise(id="99.4", title="Skip", hidden="engine_hidden_skip", answer="f")
    result = run_code(ex, (len,), timeout=5)
    assert result.status == "error" and "no Docker engine" in result.summary
    sys.modules.pop("engine_hidden_skip", None)


NONE_CAUGHT = dict.fromkeys(
    ["total-in-units", "ignores-quantity", "empty-cart-crashes", "bankers-rounding"]
    + ["discount-as-cents"],
    False,
)


def _skipping_learner_tests():
    def test_skip_call(checkout):
        pytest.skip("later")

    @pytest.mark.skip(reason="later")
    def test_skip_mark(checkout):
        assert checkout([]) == 0

    @pytest.mark.skipif(True, reason="never here")
    def test_skipif_mark(checkout):
        assert checkout([]) == 0

    @pytest.mark.xfail(reason="hides its failure")
    def test_xfail_mark(checkout):
        assert checkout([]) == 1  # fails on the reference, reported as "xfailed"

    @pytest.mark.xfail(strict=True)
    def test_inverted(checkout):
        assert checkout([]) != 0  # fails on the reference, passes (strict XPASS) on bugs

    def test_importorskip(checkout):
        pytest.importorskip("no_such_module_for_the_course")

    return [
        test_skip_call,
        test_skip_mark,
        test_skipif_mark,
        test_xfail_mark,
        test_inverted,
        test_importorskip,
    ]


@pytest.mark.parametrize("test", _skipping_learner_tests(), ids=lambda t: t.__name__)
def test_a_learner_test_that_skips_on_the_reference_fails_and_catches_nothing(test):
    result = check("00.3", tests=[test], record=False)
    assert result.status == "failed" and result.caught == NONE_CAUGHT, str(result)
    assert f"{test.__name__} fails on the correct implementation" in result.summary
    assert "your code skipped the test" in str(result).lower()


def test_a_skip_on_a_variant_never_counts_as_catching_it():
    def test_empty(checkout):
        try:
            total = checkout([])
        except TypeError:
            pytest.skip("this one crashes")
        assert total == 0

    result = check("00.3", tests=[test_empty], record=False)
    assert result.status == "failed" and result.caught == NONE_CAUGHT
    assert "caught 0 of 5 bugs" in result.summary


def provide_skipping(impl, request):
    pytest.skip("the database is not installed")
    yield impl


def _exercise() -> TestExercise:
    here = __name__
    return TestExercise(
        id="99.6",
        title="Skipped fixture",
        fixture="thing",
        provide=f"{here}:provide_skipping",
        reference=f"{here}:_skips",
        variants=(Variant("v", "m", "h", f"{here}:_xfails"),),
    )


def test_a_fixture_of_the_course_that_skips_is_an_environment_error():
    def test_thing(thing):
        assert thing

    result = run_tests(_exercise(), [test_thing], 5)
    assert result.status == "error" and "the database is not installed" in result.summary
