"""Test-check verdicts pinned by status, counts, hints and cases (item 10: mutants must die)."""

from __future__ import annotations

from course_lib.checks.deadline import CheckTimeout
from course_lib.checks.model import TestExercise
from course_lib.checks.outcome import ItemReport
from course_lib.checks.result import ERROR, NOT_DONE, PASSED
from course_lib.checks.tests_check import run_tests
from course_lib.checks.verdict import AGAIN, IMPOSTOR, REFERENCE, TestRuns, score
from course_lib.checks.verdict_text import flaw_cases, notes
from tests.unit.checks.counting import counting_exercise

LONG = "x" * 1000


def reference_inc(x):
    return x + 1


def off_by_two(x):
    return x + 2


def provide_plain(impl, request):
    yield impl


def provide_far_away(impl, request):
    raise ConnectionRefusedError(LONG)
    yield impl


def _exercise(provide="provide_plain") -> TestExercise:
    return counting_exercise(__name__, provide, "reference_inc")


def test_a_service_that_is_missing_is_an_error_cut_at_600_characters():
    def test_one(inc):
        assert inc(1) == 2

    result = run_tests(_exercise("provide_far_away"), [test_one], 5)
    assert (result.status, result.kind, result.caught, result.cases) == (ERROR, "test", {}, [])
    message = (
        f"The check could not prepare its test (ConnectionRefusedError: {LONG}). "
        "This is a problem with the environment, not with your code: "
        "run `python -m course_lib doctor`."
    )
    hidden_chars = len(message) - 600
    assert result.summary == message[:600] + f"\n… ({hidden_chars} more characters hidden)"


def test_a_stub_test_is_not_done_with_the_exercises_hint():
    def test_one(inc):
        assert inc(1) == 2

    def test_todo(inc):
        raise NotImplementedError

    result = run_tests(_exercise(), [test_one, test_todo], 5)
    assert (result.status, result.passed, result.hint) == (NOT_DONE, False, "H")
    assert (result.caught, result.cases) == ({}, [])


def test_a_passing_suite_has_no_hint_and_counts_its_tests():
    def test_one(inc):
        assert inc(1) == 2

    def test_two(inc):
        assert inc(2) == 3

    result = run_tests(_exercise(), [test_one, test_two], 5)
    assert (result.status, result.hint, result.caught) == (PASSED, "", {"off-by-two": True})
    assert [(c.name, c.passed) for c in result.cases] == [
        ("correct implementation: your 2 test(s) pass", True),
        ("bug off-by-two: caught by test_one, test_two", True),
    ]


# --- the cases and notes of a scored run, on hand-made runs ------------------------------------


def _run(name, impl, passed=True, text="", output="", exc=None):
    return ItemReport(name, "", impl, passed, text=text, output=output, exc=exc)


def _test(name, **runs) -> TestRuns:
    ids = {"reference": REFERENCE, "again": AGAIN, "impostor": IMPOSTOR}
    test = TestRuns(name)
    for key, run in runs.items():
        test.runs[ids.get(key, key)] = run
    return test


def test_a_flaw_case_joins_why_and_what_failed_and_carries_hint_and_output():
    cheat = _test(
        "cheat",
        reference=_run("cheat", REFERENCE),
        again=_run("cheat", AGAIN),
        impostor=_run("cheat", IMPOSTOR, False, text="name differs", output="printed\n"),
    )
    (case,) = flaw_cases(score([cheat], []), timeout=1)
    assert (case.name, case.passed) == (
        "cheat checks which implementation it got, not what it does",
        False,
    )
    assert case.message == (
        "It fails on a renamed copy of the correct implementation (same behaviour, another "
        "name, type and identity), so it scores nothing.\nname differs"
    )
    assert (
        case.hint
        == "Assert on what the code returns or stores, never on its name, its type or `is`."
    )
    assert case.output == "printed\n"


def test_a_test_that_never_ran_has_a_flaw_case_without_output():
    (case,) = flaw_cases(score([TestRuns("ghost")], []), timeout=1)
    assert (case.name, case.passed, case.message, case.output) == (
        "ghost fails on the correct implementation",
        False,
        "",
        "",
    )
    assert case.hint == "A test must pass on correct code: check what you expect."


def test_a_flaw_case_of_a_stopped_run_names_the_timeout():
    stopped = _test(
        "slow",
        reference=_run("slow", REFERENCE, False, exc=CheckTimeout("stopped after 2 s")),
    )
    (case,) = flaw_cases(score([stopped], []), timeout=2)
    assert case.name == "slow fails on the correct implementation"
    assert case.message.startswith("Stopped after 2 s")


def test_notes_name_idle_tests_and_tests_without_the_fixture_together():
    idle = _test(
        "idle",
        reference=_run("idle", REFERENCE),
        again=_run("idle", AGAIN),
        v1=_run("idle", "v1"),
    )
    assert notes(score([idle], ["v1"]), ["helper"], "repo") == (
        " Note: idle caught none of the bugs — does it assert on what the code returns?"
        " Note: helper does not use the `repo` fixture, so it checks nothing of this exercise."
    )
