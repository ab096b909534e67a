"""A check never crashes on a learner's mistake and leaves no state behind (issue 3, point 4)."""

from __future__ import annotations

import os
import sys

import pytest

from course_lib.checks import check, exercise_fixture


def good_total(prices_cents, discount_percent=0):
    subtotal = sum(prices_cents)
    return subtotal - (subtotal * discount_percent + 50) // 100


def test_endless_loop_is_stopped_with_a_clear_message():
    def total_cents(prices_cents, discount_percent=0):
        while True:
            pass

    result = check("00.1", total_cents, timeout=0.3, record=False)
    assert result.status == "failed"
    assert "stopped after 0.3 s" in result.summary
    assert "endless loop" in str(result) and "while True" in str(result)
    assert len(result.cases) == 1, "after one timeout the remaining cases are skipped"


def test_endless_loop_that_swallows_exceptions_is_still_stopped():
    def total_cents(prices_cents, discount_percent=0):
        while True:
            try:
                pass
            except Exception:  # noqa: BLE001 - the learner's mistake under test
                pass

    assert "stopped after" in check("00.1", total_cents, timeout=0.3, record=False).summary


def test_a_learner_test_that_loops_is_stopped():
    def test_forever(checkout):
        while True:
            pass

    result = check("00.3", tests={"test_forever": test_forever}, timeout=0.3, record=False)
    assert result.status == "failed" and "stopped after 0.3 s" in result.summary


def test_exception_in_learner_code_names_type_and_line():
    def total_cents(prices_cents, discount_percent=0):
        return sum(prices_cents) / 0

    text = str(check("00.1", total_cents, record=False))
    assert "Your code raised ZeroDivisionError" in text and "sum(prices_cents) / 0" in text


@pytest.mark.parametrize(
    ("obj", "fragment"),
    [
        (None, "You passed None"),
        (42, "not a function"),
        (lambda: 0, "should be called as total_cents(prices_cents, discount_percent)"),
        (good_total([1]), "without calling it"),
    ],
)
def test_wrong_kind_of_object_gets_a_sentence(obj, fragment):
    result = check("00.1", obj, record=False)
    assert result.status == "failed" and fragment in result.summary


def test_class_that_raises_in_init_is_explained():
    class Repo:
        def __init__(self, session):
            raise ValueError("no session yet")

    result = check("00.1", Repo, record=False)
    assert result.status == "failed" and "class Repo" in result.summary


def test_wrong_call_signature_without_shape_is_explained():
    """No signature, no shape check: the TypeError at the call itself is explained."""
    from course_lib.checks.code_check import run_code
    from course_lib.checks.model import CodeExercise

    ex = CodeExercise(
        id="99.2",
        title="Total",
        hidden="course_lib.lessons.l00_welcome.ex1_total_cents",
        expects="a function total_cents(prices_cents, discount_percent=0)",
        answer="total_cents",
    )
    result = run_code(ex, (lambda prices_cents: 0,), timeout=5)
    assert result.status == "failed" and "wrong signature" in result.summary


def test_huge_output_is_captured_and_truncated(capsys):
    def total_cents(prices_cents, discount_percent=0):
        print("x" * 1_000_000)
        return 0

    result = check("00.1", total_cents, record=False)
    assert capsys.readouterr().out == "", "nothing leaks to the notebook's output"
    printed = [c.output for c in result.cases if c.output]
    assert len(printed) == 1 and len(printed[0]) < 2000 and "more characters hidden" in printed[0]


def test_global_state_changed_by_a_test_is_restored(tmp_path):
    before = (os.getcwd(), dict(os.environ), list(sys.path), sys.modules["json"])

    def test_messy(checkout):
        os.chdir(tmp_path)
        os.environ["COURSE_MESS"] = "1"
        sys.path.insert(0, "/nowhere")
        sys.modules["json"] = None
        assert checkout([]) == 0

    check("00.3", tests={"test_messy": test_messy}, record=False)
    assert (os.getcwd(), dict(os.environ), list(sys.path), sys.modules["json"]) == before


def test_test_failing_on_reference_is_told_so():
    def test_wrong(checkout):
        assert checkout([{"price_cents": 1005, "qty": 1}], 10) == 905

    result = check("00.3", tests={"test_wrong": test_wrong}, record=False)
    assert result.status == "failed"
    assert "test_wrong fails on the correct implementation" in result.summary
    assert "905" in str(result), "the failure itself is shown"


def test_test_check_without_tests_is_not_done():
    result = check("00.3", tests={}, record=False)
    assert result.status == "not done yet" and "def test_...(checkout)" in result.summary


def test_check_finds_tests_in_the_callers_namespace():
    global test_module_level_total

    def test_module_level_total(checkout):  # noqa: E306 - defined like a notebook cell would
        assert checkout([{"price_cents": 1005, "qty": 1}], 10) == 904

    try:
        result = check("00.3", record=False)
    finally:
        del globals()["test_module_level_total"]
    assert "bankers-rounding" in result.variants and result.variants["bankers-rounding"]


def test_unknown_exercise_and_missing_object():
    assert "no exercise '99.9'" in check("99.9", record=False).summary
    assert 'check("00.1", total_cents)' in check("00.1", tests={}, record=False).summary


def test_exercise_fixture_is_a_pytest_fixture_named_like_the_exercise():
    fixture = exercise_fixture("00.3")
    assert getattr(fixture, "name", None) == "checkout"


def test_result_renders_as_html_and_text():
    result = check("00.1", good_total, record=False)
    assert result.passed and bool(result)
    assert "<div" in result._repr_html_() and "✓ 00.1" in str(result)
    bad = check("00.1", lambda prices_cents, discount_percent=0: "<b>", record=False)
    assert "&lt;b&gt;" in bad._repr_html_(), "learner values are escaped"


def test_tests_using_the_fixture_through_a_notebook_fixture_are_found():
    @pytest.fixture
    def cart_of_two(checkout):
        return lambda: checkout([{"price_cents": 250, "qty": 2}])

    def test_two_items(cart_of_two):
        assert cart_of_two() == 500

    result = check(
        "00.3",
        tests={"cart_of_two": cart_of_two, "test_two_items": test_two_items},
        record=False,
    )
    assert result.variants["ignores-quantity"] and "caught 2 of 5" in result.summary


def test_a_service_that_cannot_start_is_not_blamed_on_the_learner(monkeypatch):
    from course_lib.checks import code_check

    class _Broken(code_check._Submission):
        @pytest.fixture
        def submission(self):
            raise ConnectionRefusedError("database not reachable")

    monkeypatch.setattr(code_check, "_Submission", _Broken)
    # this test file stands in for a service fixture: count its frames as library code
    monkeypatch.setattr("course_lib.checks.explain._is_library", lambda filename: True)
    result = check("00.1", good_total, record=False)
    assert result.status == "error" and "not with your code" in result.summary


def test_class_whose_init_raises_gets_a_plain_sentence():
    from course_lib.checks.code_check import run_code
    from course_lib.checks.model import CodeExercise

    ex = CodeExercise(
        id="99.1",
        title="Counter",
        hidden="tests.unit.checks.hidden_demo",
        expects="a class Counter() with inc() and value",
        answer="Counter",
    )

    class Counter:
        def __init__(self):
            raise ValueError("not ready")

    result = run_code(ex, (Counter,), timeout=2)
    assert result.status == "failed"
    assert "Your code raised ValueError: not ready in __init__" in str(result)

    class NoArgs:
        def __init__(self, start):
            self.value = start

    assert "wrong signature" in run_code(ex, (NoArgs,), timeout=2).summary


def test_a_test_that_catches_nothing_is_named_even_beside_good_tests(tmp_path, monkeypatch):
    """A learner test that asserts nothing is pointed out, not hidden by the others' score."""
    from course_lib.checks import check

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))

    def test_nothing(checkout):
        checkout([{"price_cents": 250, "qty": 2}])

    def test_qty(checkout):
        assert checkout([{"price_cents": 250, "qty": 2}]) == 500

    result = check("00.3", tests=[test_nothing, test_qty])
    assert not result.passed
    assert "caught 2 of 5" in result.summary
    assert "test_nothing caught none of the bugs" in result.summary
    assert "test_qty caught none" not in result.summary
