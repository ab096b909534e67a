"""Code-check verdicts pinned by status, kind, hint and cases (item 10: mutants must die)."""

from __future__ import annotations

from course_lib.checks import code_check
from course_lib.checks.code_check import run_code
from course_lib.checks.model import CodeExercise
from course_lib.checks.outcome import ItemReport, SessionReport
from course_lib.checks.result import ERROR, FAILED, NOT_DONE, PASSED

DEMO = "tests.unit.checks.hidden_demo"  # one test, docstring "inc() twice gives 2"
COUNTER = "a class Counter()"


class Counter:
    def __init__(self):
        self.value = 0

    def inc(self):
        self.value += 1


def _code(answer="Counter", hidden=DEMO, expects=COUNTER, hint="H") -> CodeExercise:
    return CodeExercise("99.1", "Counter", hidden, answer=answer, expects=expects, hint=hint)


def _case(case) -> tuple:
    return case.name, case.passed, case.message, case.hint, case.output


# --- before the run ----------------------------------------------------------------------------


def test_nothing_passed_names_the_call_and_what_is_expected():
    result = run_code(_code(), (), timeout=5)
    assert (result.status, result.kind, result.cases) == (FAILED, "code", [])
    assert result.summary == 'Pass your answer to the check: check("99.1", Counter).'
    assert result.hint == "Expected a class Counter()."


def test_an_exercise_without_an_answer_name_says_your_object():
    result = run_code(_code(answer=""), (), timeout=5)
    assert result.summary == 'Pass your answer to the check: check("99.1", your_object).'


def test_too_many_objects_fail_with_the_expected_objects_as_hint():
    result = run_code(_code(), (Counter, Counter), timeout=5)
    assert (result.status, result.kind, result.cases) == (FAILED, "code", [])
    assert result.summary == 'Expected 1 object(s): check("99.1", Counter).'
    assert result.hint == COUNTER


def test_none_fails_with_a_sentence_and_the_expected_kind():
    result = run_code(_code(), (None,), timeout=5)
    assert (result.status, result.cases) == (FAILED, [])
    assert result.summary == 'You passed None. Pass your answer itself: check("99.1", Counter).'
    assert result.hint == "Expected a class Counter()."


def test_the_hidden_modules_shape_rule_fails_an_object_of_the_wrong_kind(hidden):
    name = hidden(
        "def shape(value):\n    return None if isinstance(value, type) else 'not a class'\n\n"
        "def test_ok(submission):\n    pass\n"
    )
    result = run_code(_code(hidden=name), (len,), timeout=5)
    assert (result.status, result.summary, result.hint) == (
        FAILED,
        "not a class",
        "Expected a class Counter().",
    )
    assert result.cases == []
    passed = run_code(_code(hidden=name), (Counter,), timeout=5)
    assert (passed.status, passed.summary) == (PASSED, "all 1 cases pass.")


def test_hidden_tests_that_cannot_load_are_an_error_naming_the_exception():
    result = run_code(_code(hidden="no_such_hidden_module_xyz"), (Counter,), timeout=5)
    assert (result.status, result.kind, result.cases, result.hint) == (ERROR, "code", [], "")
    assert result.summary == (
        "The hidden tests could not be loaded "
        "(ModuleNotFoundError: hidden test module no_such_hidden_module_xyz not found)."
    )


def test_several_objects_reach_the_hidden_tests_as_one_tuple(hidden):
    name = hidden(
        "def test_pair(submission):\n"
        "    first, second = submission\n"
        "    assert (first(), second()) == (1, 2)\n"
    )
    ex = _code(answer=("one", "two"), hidden=name)
    result = run_code(ex, (lambda: 1, lambda: 2), timeout=5)
    assert (result.status, result.summary) == (PASSED, "all 1 cases pass.")
    assert run_code(ex, (lambda: 1,), timeout=5).summary.startswith("Expected 2 object(s)")


# --- after the run -------------------------------------------------------------------------------


def test_a_pass_has_no_hint_and_silent_cases_named_by_their_docstring():
    result = run_code(_code(), (Counter,), timeout=5)
    assert (result.status, result.passed, result.kind, result.hint) == (PASSED, True, "code", "")
    assert result.summary == "all 1 cases pass." and result.variants == {}
    assert [_case(c) for c in result.cases] == [("inc() twice gives 2", True, "", "", "")]


THREE = """
def test_one(submission):
    assert submission(1) == 1

def test_two(submission):
    print("two was called")
    assert submission(2) == 2, "two is wrong"

def test_three(submission):
    assert submission(3) == 3, "three is wrong"
"""


def test_failed_cases_are_named_by_their_test_and_show_message_and_output(hidden):
    result = run_code(_code(hidden=hidden(THREE)), (lambda x: min(x, 1),), timeout=5)
    assert (result.status, result.summary, result.hint) == (FAILED, "2 of 3 cases fail.", "H")
    firsts = [(c.name, c.passed, c.message.split("\n")[0], c.hint, c.output) for c in result.cases]
    assert firsts == [
        ("test_one", True, "", "", ""),
        ("test_two", False, "two is wrong", "", "two was called\n"),
        ("test_three", False, "three is wrong", "", ""),
    ]


def test_a_wrong_signature_case_says_what_was_expected():
    class NeedsStart:
        def __init__(self, start):
            self.value = start

    result = run_code(_code(), (NeedsStart,), timeout=5)
    assert result.status == FAILED
    assert result.summary == "1 of 1 cases fail — wrong signature: expected a class Counter()."
    ((name, passed, message, hint, _),) = [_case(c) for c in result.cases]
    assert (name, passed, hint) == ("inc() twice gives 2", False, "")
    assert message.startswith("Your object has the wrong signature: ")
    assert message.endswith("'start'. Expected a class Counter().")


LONG = "x" * 1000
UNREACHABLE = f"""
import pytest

@pytest.fixture
def database():
    raise ConnectionRefusedError("{LONG}")

def test_needs_the_database(database, submission):
    assert submission
"""
ENVIRONMENT = (
    f"The check could not prepare its test (ConnectionRefusedError: {LONG}). "
    "This is a problem with the environment, not with your code: run `python -m course_lib doctor`."
)


def test_a_service_the_hidden_tests_need_is_missing_an_error_cut_at_600_characters(hidden):
    result = run_code(_code(hidden=hidden(UNREACHABLE)), (Counter,), timeout=5)
    assert (result.status, result.passed, result.hint) == (ERROR, False, "")
    hidden_chars = len(ENVIRONMENT) - 600
    assert result.summary == ENVIRONMENT[:600] + f"\n… ({hidden_chars} more characters hidden)"
    assert [(c.name, c.passed) for c in result.cases] == [("test_needs_the_database", False)]


# --- judge on hand-made runs: the order of the rules ---------------------------------------------


def _judge(report: SessionReport):
    return code_check.judge(code_check._Run(_code(), report, 5))


def test_an_internal_error_comes_before_a_collection_error():
    result = _judge(SessionReport(errors=["Boom"], collect_errors=["Bad"], exit_code=3))
    assert (result.status, result.summary, result.cases) == (
        ERROR,
        "The check could not run: Boom",
        [],
    )
    result = _judge(SessionReport(collect_errors=["Bad"], exit_code=2))
    assert (result.status, result.summary) == (ERROR, "The check could not run: Bad")


def test_an_interrupted_run_is_a_failure_and_an_empty_one_an_error():
    interrupted = SessionReport(items=[ItemReport("test_a", "")], exit_code=2)
    result = _judge(interrupted)
    assert (result.status, result.summary, result.hint) == (
        FAILED,
        "The check was interrupted before it finished.",
        "",
    )
    empty = _judge(SessionReport())
    assert (empty.status, empty.summary) == (ERROR, "Exercise 99.1 has no hidden tests.")


def test_a_stub_among_failures_is_not_done_with_the_hint():
    items = [
        ItemReport("test_a", "", passed=False, exc=AssertionError("no")),
        ItemReport("test_b", "", passed=False, exc=NotImplementedError()),
        ItemReport("test_c", "doc c"),
    ]
    result = _judge(SessionReport(items=items))
    assert (result.status, result.hint) == (NOT_DONE, "H")
    assert [(c.name, c.passed) for c in result.cases] == [
        ("test_a", False),
        ("test_b", False),
        ("doc c", True),
    ]
