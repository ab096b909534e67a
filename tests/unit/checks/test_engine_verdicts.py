"""Every verdict of both kinds of check, asserted by status (issue 5.6: mutants must die)."""

from __future__ import annotations

from course_lib.checks import check
from course_lib.checks.code_check import run_code
from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.tests_check import run_tests
from tests.unit.checks.counting import counting_exercise

DEMO = "tests.unit.checks.hidden_demo"  # one test: Counter().inc() twice gives value 2


class Counter:
    def __init__(self):
        self.value = 0

    def inc(self):
        self.value += 1


class Stub:
    def __init__(self):
        raise NotImplementedError


def _code(answer="Counter", hidden=DEMO, **kw) -> CodeExercise:
    return CodeExercise(id="99.1", title="Counter", hidden=hidden, answer=answer, **kw)


THREE = """
def test_one(submission):
    assert submission(1) == 1

def test_two(submission):
    assert submission(2) == 2

def test_three(submission):
    assert submission(3) == 3
"""


# --- code checks: before the run -------------------------------------------------------------


def test_no_answer_passed_fails():
    result = check("00.1", record=False)
    assert result.status == "failed" and not result.passed and not result.cases
    assert result.summary == 'Pass your answer to the check: check("00.1", total_cents).'


def test_too_many_objects_fail():
    result = check("00.1", sum, sum, record=False)
    assert result.status == "failed"
    assert result.summary == 'Expected 1 object(s): check("00.1", total_cents).'


def test_too_few_objects_for_a_two_object_answer_fail():
    result = run_code(_code(answer=("Counter", "Other")), (Counter,), timeout=5)
    assert result.status == "failed" and "Expected 2 object(s)" in result.summary
    assert 'check("99.1", Counter, Other)' in result.summary


def test_none_among_the_objects_fails():
    result = run_code(_code(answer=("Counter", "Other")), (Counter, None), timeout=5)
    assert result.status == "failed" and result.summary.startswith("You passed None")


def test_hidden_tests_that_cannot_load_are_an_error():
    result = run_code(_code(hidden="no_such_hidden_module_xyz"), (Counter,), timeout=5)
    assert result.status == "error" and "could not be loaded" in result.summary


def test_a_shape_that_raises_is_a_failure_with_a_sentence(hidden, monkeypatch):
    name = hidden("def shape(sub):\n    raise RuntimeError('boom')\n\n" + THREE)
    result = run_code(_code(hidden=name), (abs,), timeout=5)
    assert result.status == "failed"
    assert result.summary == "Inspecting your object raised RuntimeError: boom."


# --- code checks: after the run --------------------------------------------------------------


def test_all_cases_pass(hidden):
    result = run_code(_code(hidden=hidden(THREE)), (lambda x: x,), timeout=5)
    assert result.status == "passed" and result.summary == "all 3 cases pass."
    assert [c.passed for c in result.cases] == [True, True, True]


def test_k_of_n_cases_fail(hidden):
    result = run_code(_code(hidden=hidden(THREE), hint="H"), (lambda x: min(x, 1),), timeout=5)
    assert result.status == "failed" and result.summary == "2 of 3 cases fail."
    assert [c.passed for c in result.cases] == [True, False, False] and result.hint == "H"


def test_a_module_without_tests_is_an_error(hidden):
    result = run_code(_code(hidden=hidden("X = 1\n")), (Counter,), timeout=5)
    assert result.status == "error" and "has no hidden tests" in result.summary


def test_a_hidden_module_that_fails_to_collect_is_an_error(hidden):
    source = (
        "import pytest\n\n@pytest.mark.parametrize('x', [1])\ndef test_a(submission):\n    pass\n"
    )
    result = run_code(_code(hidden=hidden(source)), (Counter,), timeout=5)
    assert result.status == "error" and "The check could not run" in result.summary


def test_an_interrupt_from_the_learners_code_is_a_failure():
    class Interrupting:
        def __init__(self):
            raise KeyboardInterrupt

    result = run_code(_code(), (Interrupting,), timeout=5)
    assert result.status == "failed" and "interrupted" in result.summary


def test_the_stub_is_not_done(hidden):
    result = run_code(_code(hint="H"), (Stub,), timeout=5)
    assert result.status == "not done yet"
    assert result.summary == "not done yet — the stub still raises NotImplementedError."
    assert result.hint == "H"


def test_not_done_wins_over_other_failures(hidden):
    def half_done(x):
        if x == 3:
            raise NotImplementedError
        return 0

    result = run_code(_code(hidden=hidden(THREE)), (half_done,), timeout=5)
    assert result.status == "not done yet"


def test_a_wrong_signature_is_named_in_the_summary():
    class NeedsStart:
        def __init__(self, start):
            self.value = start

    result = run_code(_code(expects="a class Counter()"), (NeedsStart,), timeout=5)
    assert result.status == "failed"
    assert result.summary == "1 of 1 cases fail — wrong signature: expected a class Counter()."


def test_a_code_timeout_is_named_in_the_summary(hidden):
    def forever(x):
        while True:
            pass

    result = run_code(_code(hidden=hidden(THREE)), (forever,), timeout=0.3)
    assert result.status == "failed"
    assert result.summary == "1 of 1 cases fail — stopped after 0.3 s (an endless loop?)."


# --- test checks -------------------------------------------------------------------------------


def test_check_of_a_test_exercise_refuses_objects():
    result = check("00.3", sum, record=False)
    assert result.status == "failed" and "This exercise checks your tests" in result.summary


def test_check_of_a_test_exercise_accepts_a_namespace_as_object():
    def test_empty(checkout):
        assert checkout([]) == 0

    result = check("00.3", {"test_empty": test_empty}, record=False)
    assert result.caught["empty-cart-crashes"] and result.status == "failed"


def provide_unreachable(impl, request):
    raise ConnectionRefusedError("database not reachable")
    yield impl


def reference_counter(x):
    return x + 1


def off_by_two(x):
    return x + 2


def _exercise(provide="provide_plain") -> TestExercise:
    return counting_exercise(__name__, provide, "reference_counter")


def provide_plain(impl, request):
    yield impl


def not_implemented(x):
    raise NotImplementedError


def test_not_implemented_in_a_variant_is_a_catch_not_a_stub():
    def test_one(inc):
        assert inc(1) == 2

    ex = _exercise()
    ex = TestExercise(
        ex.id,
        ex.title,
        ex.fixture,
        ex.provide,
        ex.reference,
        variants=(Variant("unfinished", "m", "h", f"{__name__}:not_implemented"),),
    )
    result = run_tests(ex, [test_one], 5)
    assert result.status == "passed" and result.caught == {"unfinished": True}


def test_a_fixture_that_cannot_reach_its_service_is_an_error():
    def test_one(inc):
        assert inc(1) == 2

    result = run_tests(_exercise("provide_unreachable"), [test_one], 5)
    assert result.status == "error" and "not with your code" in result.summary
    assert "database not reachable" in result.summary and result.caught == {}


def test_an_os_error_in_the_learners_test_is_their_failure(tmp_path):
    def test_reads_a_file(inc):
        (tmp_path / "missing.txt").read_text()

    result = run_tests(_exercise(), [test_reads_a_file], 5)
    assert result.status == "failed"
    assert "test_reads_a_file fails on the correct implementation" in result.summary
    assert "FileNotFoundError" in str(result)


def test_one_test_catching_the_one_bug_passes_with_counts_and_cases():
    def test_one(inc):
        assert inc(1) == 2

    result = run_tests(_exercise(), [test_one], 5)
    assert result.status == "passed" and result.caught == {"off-by-two": True}
    assert result.summary == "your tests caught 1 of 1 bugs and pass on the correct implementation."
    assert [(c.name, c.passed) for c in result.cases] == [
        ("correct implementation: your 1 test(s) pass", True),
        ("bug off-by-two: caught by test_one", True),
    ]
    assert result.hint == ""


def test_a_test_that_catches_nothing_fails_with_the_idle_note():
    def test_runs(inc):
        assert inc(1) > 0

    result = run_tests(_exercise(), [test_runs], 5)
    assert result.status == "failed" and result.caught == {"off-by-two": False}
    assert result.summary.startswith("your tests caught 0 of 1 bugs")
    assert "Note: test_runs caught none of the bugs" in result.summary and result.hint == "H"


def test_the_idle_note_names_only_idle_tests():
    def test_runs(inc):
        assert inc(1) > 0

    def test_one(inc):
        assert inc(1) == 2

    result = run_tests(_exercise(), [test_runs, test_one], 5)
    assert result.status == "passed"
    assert result.summary.endswith(
        "Note: test_runs caught none of the bugs — does it assert on what the code returns?"
    )


def test_k_of_n_bugs_on_the_catalog():
    def test_quantity(checkout):
        assert checkout([{"price_cents": 300, "qty": 3}]) == 900

    result = check("00.3", tests=[test_quantity], record=False)
    assert result.status == "failed"
    assert result.summary == (
        "your tests caught 2 of 5 bugs "
        "(missed: empty-cart-crashes, bankers-rounding, discount-as-cents)."
    )
    assert result.caught == {
        "total-in-units": True,
        "ignores-quantity": True,
        "empty-cart-crashes": False,
        "bankers-rounding": False,
        "discount-as-cents": False,
    }


def test_a_stub_test_is_not_done_even_beside_a_good_one():
    def test_todo(checkout):
        raise NotImplementedError

    def test_empty(checkout):
        assert checkout([]) == 0

    for tests in ([test_todo], [test_empty, test_todo]):
        result = check("00.3", tests=tests, record=False)
        assert result.status == "not done yet", str(result)
        assert result.summary == "not done yet — a test still raises NotImplementedError."


def test_no_tests_at_all_is_not_done():
    result = run_tests(_exercise(), {}, 5)
    assert result.status == "not done yet" and "def test_...(inc)" in result.summary


def test_an_interrupted_run_is_a_failure():
    def test_interrupts(inc):
        raise KeyboardInterrupt

    result = run_tests(_exercise(), [test_interrupts], 5)
    assert result.status == "failed" and "interrupted" in result.summary


# --- timeouts: blamed on the implementation the test looped on --------------------------------


def test_a_loop_on_a_variant_is_blamed_on_that_variant():
    def test_waits_for_two(inc):
        while inc(1) != 2:
            pass

    result = run_tests(_exercise(), [test_waits_for_two], 0.3)
    assert result.status == "failed" and len(result.cases) == 1
    assert result.summary.startswith(
        "test_waits_for_two was stopped after 0.3 s on bug off-by-two — an endless loop?"
    )


def test_a_loop_on_the_reference_is_blamed_on_the_correct_implementation():
    def test_waits_forever(inc):
        while inc(1) != 3:
            pass

    result = run_tests(_exercise(), [test_waits_forever], 0.3)
    assert result.status == "failed"
    assert "stopped after 0.3 s on the correct implementation —" in result.summary


def test_a_loop_on_the_impostor_is_blamed_on_the_renamed_copy():
    def test_waits_for_its_name(inc):
        while inc.__name__ != "reference_counter":
            pass

    result = run_tests(_exercise(), [test_waits_for_its_name], 0.3)
    assert result.status == "failed"
    assert "on the correct implementation (a renamed copy)" in result.summary


def test_a_loop_on_the_second_reference_run_is_blamed_on_the_correct_implementation():
    calls = []

    def test_slower_each_time(inc):
        calls.append(1)
        while len(calls) > 3:  # reference, impostor, variant, then the reference again
            pass

    result = run_tests(_exercise(), [test_slower_each_time], 0.3)
    assert result.status == "failed"
    assert "stopped after 0.3 s on the correct implementation —" in result.summary
