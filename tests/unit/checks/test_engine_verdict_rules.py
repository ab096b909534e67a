"""The verdict rules of a test check, on hand-made runs (fast, and they kill mutants)."""

from __future__ import annotations

import pytest

from course_lib.checks.model import TestExercise, Variant
from course_lib.checks.outcome import ItemReport
from course_lib.checks.verdict import (
    AGAIN,
    BROKEN,
    IDENTITY,
    IMPOSTOR,
    ORDER,
    REFERENCE,
    TestRuns,
    by_test,
    flaw,
    score,
)
from course_lib.checks.verdict_text import flaw_cases, notes, summary, variant_cases


def run(name, param, passed=True, skipped=False, text=""):
    return ItemReport(name, "", param, passed, skipped=skipped, text=text)


def runs(name="t", **outcomes) -> TestRuns:
    """runs(reference=True, again=False, impostor=None, v1=False): None leaves a run out."""
    ids = {"reference": REFERENCE, "again": AGAIN, "impostor": IMPOSTOR}
    test = TestRuns(name)
    for key, passed in outcomes.items():
        if passed is not None:
            test.runs[ids.get(key, key)] = run(name, ids.get(key, key), passed)
    return test


def test_by_test_groups_runs_per_test_in_first_seen_order():
    items = [run("b", REFERENCE), run("a", REFERENCE), run("b", "v1"), run("a", None)]
    tests = by_test(items)
    assert [t.name for t in tests] == ["b", "a"]
    assert set(tests[0].runs) == {REFERENCE, "v1"}
    assert tests[1].runs[REFERENCE] is items[3], "no parameter means the reference"


def test_passed_and_catches():
    test = TestRuns("t", {"v1": run("t", "v1", False), "v2": run("t", "v2", True)})
    test.runs["v3"] = run("t", "v3", False, skipped=True)
    assert test.passed("v1") is False and test.passed("v2") is True and test.passed("x") is None
    assert test.catches("v1") and not test.catches("v2")
    assert not test.catches("v3"), "a skip never catches"
    assert not test.catches("missing")


@pytest.mark.parametrize(
    ("reference", "again", "impostor", "expected"),
    [
        (True, True, True, None),
        (True, True, None, None),
        (True, None, None, None),
        (True, False, True, ORDER),
        (False, True, True, ORDER),
        (True, False, False, ORDER),
        (False, False, True, BROKEN),
        (False, None, True, BROKEN),
        (None, None, True, BROKEN),
        (False, False, False, BROKEN),
        (True, True, False, IDENTITY),
        (True, None, False, IDENTITY),
    ],
)
def test_flaw(reference, again, impostor, expected):
    assert flaw(runs(reference=reference, again=again, impostor=impostor)) == expected


def test_score_counts_only_the_catches_of_sound_tests():
    good = runs("good", reference=True, again=True, impostor=True, v1=False, v2=True)
    idle = runs("idle", reference=True, again=True, impostor=True, v1=True, v2=True)
    cheat = runs("cheat", reference=True, again=True, impostor=False, v1=False, v2=False)
    moody = runs("moody", reference=True, again=False, impostor=True, v1=False, v2=False)
    wrong = runs("wrong", reference=False, again=False, impostor=False, v1=False, v2=False)
    result = score([good, idle, cheat, moody, wrong], ["v1", "v2"])
    assert result.good == [good, idle]
    assert result.flawed == {BROKEN: [wrong], ORDER: [moody], IDENTITY: [cheat]}
    assert list(result.flawed) == [BROKEN, ORDER, IDENTITY]
    assert result.catchers == {"v1": ["good"], "v2": []}
    assert result.caught == {"v1": True, "v2": False}
    assert result.idle == ["idle"]


def _score(*tests, variants=("v1", "v2")):
    return score(list(tests), list(variants))


def catches_all(name="a"):
    return runs(name, reference=True, again=True, impostor=True, v1=False, v2=False)


def test_summary_statuses_and_counts():
    catches_v1 = runs("b", reference=True, again=True, impostor=True, v1=False, v2=True)
    catches_none = runs("c", reference=True, again=True, impostor=True, v1=True, v2=True)
    assert summary(_score(catches_all()), "") == (
        "passed",
        "your tests caught 2 of 2 bugs and pass on the correct implementation.",
    )
    assert summary(_score(catches_v1), " N.") == (
        "failed",
        "your tests caught 1 of 2 bugs (missed: v2). N.",
    )
    status, text = summary(_score(catches_none), "")
    assert status == "failed" and text.startswith("your tests caught 0 of 2 bugs:")
    assert "catch nothing" in text


def test_summary_of_flawed_tests_names_them_and_counts_the_others():
    wrong = runs("wrong", reference=False, again=False)
    moody = runs("m1", reference=True, again=False)
    moody2 = runs("m2", reference=False, again=True)
    cheat = runs("cheat", reference=True, again=True, impostor=False)
    status, text = summary(_score(catches_all(), wrong, moody, moody2, cheat), "")
    assert status == "failed"
    assert text == (
        "wrong fails on the correct implementation — a test must pass on correct code; "
        "m1, m2 is order-dependent, so they score nothing; "
        "cheat checks which implementation it got, not what it does, so it scores nothing "
        "(the other tests caught 2 of 2 bugs)."
    )


def test_notes_name_idle_and_ignored_tests():
    idle = runs("idle", reference=True, again=True, impostor=True, v1=True, v2=True)
    assert notes(_score(catches_all()), [], "repo") == ""
    assert notes(_score(catches_all(), idle), [], "repo") == (
        " Note: idle caught none of the bugs — does it assert on what the code returns?"
    )
    assert notes(_score(), ["t1"], "repo") == (
        " Note: t1 does not use the `repo` fixture, so it checks nothing of this exercise."
    )
    assert notes(_score(), ["t1", "t2"], "repo") == (
        " Note: t1, t2 do not use the `repo` fixture, so they check nothing of this exercise."
    )


def test_flaw_cases_show_the_run_that_went_wrong():
    wrong = runs("wrong", reference=False, again=False)
    wrong.runs[REFERENCE].text = "expected 1, got 0"
    cheat = runs("cheat", reference=True, again=True, impostor=False)
    cheat.runs[IMPOSTOR].text = "name differs"
    moody = runs("moody", reference=True, again=False)
    moody.runs[AGAIN].text = "second time"
    cases = flaw_cases(_score(wrong, cheat, moody), timeout=1)
    by_name = {case.name: case for case in cases}
    assert set(by_name) == {
        "wrong fails on the correct implementation",
        "cheat checks which implementation it got, not what it does",
        "moody is order-dependent",
    }
    assert not any(case.passed for case in cases)
    assert by_name["wrong fails on the correct implementation"].message == "expected 1, got 0"
    assert (
        "renamed copy"
        in by_name["cheat checks which implementation it got, not what it does"].message
    )
    assert by_name["cheat checks which implementation it got, not what it does"].message.endswith(
        "name differs"
    )
    assert by_name["moody is order-dependent"].message.endswith("second time")
    first_fails = runs("late", reference=False, again=True)
    first_fails.runs[REFERENCE].text = "first time"
    (case,) = flaw_cases(_score(first_fails), timeout=1)
    assert case.name == "late is order-dependent" and case.message.endswith("first time")
    never_ran = TestRuns("ghost")
    (case,) = flaw_cases(_score(never_ran), timeout=1)
    assert case.name == "ghost fails on the correct implementation" and case.message == ""
    assert flaw_cases(_score(catches_all()), timeout=1) == []


def test_variant_cases_name_the_catchers():
    ex = TestExercise(
        "99.8",
        "t",
        "f",
        "m:p",
        "m:r",
        variants=(Variant("v1", "mis1", "hint1", "m:a"), Variant("v2", "mis2", "hint2", "m:b")),
    )
    b = runs("b", reference=True, again=True, impostor=True, v1=False, v2=True)
    cases = variant_cases(ex, _score(catches_all(), b))
    assert [(c.name, c.passed) for c in cases] == [
        ("bug v1: caught by a, b", True),
        ("bug v2: caught by a", True),
    ]
    missed = variant_cases(ex, _score(b))[1]
    assert (missed.name, missed.passed) == ("bug v2: missed", False)
    assert (missed.message, missed.hint) == ("Misconception: mis2", "hint2")


def test_tests_the_workbook_supplies_are_never_nagged():
    """A starter test in `given` that catches nothing gets no "caught none" note; others do."""
    idle = runs("test_given", reference=True, again=True, impostor=True, v1=True, v2=True)
    idle_case = runs(
        "test_given[case]", reference=True, again=True, impostor=True, v1=True, v2=True
    )
    score = _score(catches_all(), idle, idle_case)
    assert "caught none" in notes(score, [], "repo")
    assert notes(score, [], "repo", given=("test_given",)) == ""
