"""Variant.lesson: where a bug's kind was taught, shown in a test check's feedback; an empty
field (every lesson before 12) changes nothing."""

from __future__ import annotations

from course_lib.checks.model import TestExercise, Variant
from course_lib.checks.verdict import Score
from course_lib.checks.verdict_text import missed_lessons, variant_cases


def _exercise(*variants: Variant) -> TestExercise:
    return TestExercise("99.1", "t", "f", "m:provide", "m:Ref", variants=variants)


def _score(catchers: dict[str, list[str]]) -> Score:
    return Score(flawed={}, good=[], catchers=catchers)


def test_lesson_defaults_to_empty_and_positional_use_still_works():
    v = Variant("a", "belief", "hint", "m:A")
    assert v.lesson == ""


def test_case_names_the_lesson():
    ex = _exercise(Variant("a", "belief", "hint", "m:A", lesson="07 (files)"))
    (case,) = variant_cases(ex, _score({}))
    assert case.message == "Misconception: belief\nThis kind of bug is from lesson 07 (files)."


def test_case_without_lesson_is_unchanged():
    ex = _exercise(Variant("a", "belief", "hint", "m:A"))
    (case,) = variant_cases(ex, _score({"a": ["test_x"]}))
    assert case.message == "Misconception: belief"


def test_missed_lessons_lists_each_lesson_once_sorted():
    ex = _exercise(
        Variant("a", "b", "h", "m:A", lesson="08 (delivery)"),
        Variant("b", "b", "h", "m:B", lesson="03 (transactions)"),
        Variant("c", "b", "h", "m:C", lesson="08 (caching)"),
        Variant("d", "b", "h", "m:D", lesson="05 (HTTP)"),
    )
    caught = {"a": False, "b": False, "c": False, "d": True}
    assert missed_lessons(ex, caught) == " Missed bugs come from lessons 03, 08."


def test_missed_lessons_singular_and_empty():
    ex = _exercise(Variant("a", "b", "h", "m:A", lesson="10 (time)"), Variant("b", "b", "h", "m:B"))
    assert missed_lessons(ex, {"a": False, "b": False}) == " Missed bugs come from lesson 10."
    assert missed_lessons(ex, {"a": True, "b": False}) == "", "a missed bug without a lesson"
    assert missed_lessons(_exercise(Variant("a", "b", "h", "m:A")), {"a": False}) == ""
