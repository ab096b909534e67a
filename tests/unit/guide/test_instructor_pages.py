"""The instructor guide's generated pages are current and say what the catalog says."""

from __future__ import annotations

import nbformat
import pytest

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.guide import cli, headers, schedules
from tests.helpers import ROOT


def test_generated_pages_are_up_to_date():
    stale = [
        p.name
        for p, text in cli.pages().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"{stale} are stale: run python -m course_lib instructor-notes"


def test_every_exercise_and_misconception_is_in_the_notes():
    text = (ROOT / "docs" / "instructor" / "lessons.md").read_text(encoding="utf-8")
    for ex in registry.exercises():
        assert f"#### {ex.id} · " in text, f"{ex.id} is missing from the per-lesson notes"
        if isinstance(ex, TestExercise):
            for v in ex.variants:
                assert f"`{v.id}`" in text, f"variant {v.id} of {ex.id} is missing"


@pytest.mark.parametrize("name", list(schedules.FORMATS))
def test_no_schedule_runs_longer_than_the_break_rule(name):
    lessons = {h.number: h for h in headers.lessons(ROOT / "notebooks")}
    for day in schedules.FORMATS[name]:
        rows = schedules.day_rows([lessons[n] for n in day if n in lessons])
        work = 0
        for _, what, minutes in rows:
            if what in ("Break", "Lunch", "End"):
                work = 0
                continue
            teach, exercises = (int(m) for m in minutes.split("+"))
            work += teach + exercises
            # one lesson longer than the limit cannot be split; two in a row must not exceed it
            assert work <= max(schedules.BREAK_AFTER, teach + exercises), f"{name}: {rows}"


def test_half_day_fits_in_four_hours():
    lessons = {h.number: h for h in headers.lessons(ROOT / "notebooks")}
    day = schedules.FORMATS["Half day (about 3.5 hours)"][0]
    end = schedules.day_rows([lessons[n] for n in day])[-1][0]
    assert end <= "13:00", f"the half day ends at {end}"


def test_header_parsing(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 42 · Testing things\n\n**Objectives** — you can:\n- do one thing;\n- do two\n"
            "  things.\n\n**Time:** about 20 min teaching · 30 min exercises\n"
            "**Instructor notes:** go slowly;\nask first.\n\n| part | minutes |\n|---|---|\n"
            "| 1 · A | 5 |\n"
        ),
        nbformat.v4.new_markdown_cell("## 1 · A\n\n**Predict, then run:** what prints?"),
        nbformat.v4.new_markdown_cell("## Key points"),
    ]
    path = tmp_path / "42-things.ipynb"
    nbformat.write(nb, path)
    h = headers.read_header(path)
    assert (h.number, h.title, h.teach, h.exercises) == ("42", "42 · Testing things", 20, 30)
    assert h.objectives == ["do one thing;", "do two things."]
    assert h.parts == [("1 · A", 5)]
    assert h.notes == "go slowly; ask first."  # a note over two lines is kept whole
    assert h.sections == [("A", True)]


def test_a_parts_table_adds_up_to_the_teaching_time():
    """Where a lesson's header has a parts table, its minutes sum to the teaching minutes."""
    for h in headers.lessons(ROOT / "notebooks"):
        if h.parts:
            assert sum(m for _, m in h.parts) == h.teach, f"lesson {h.number}: {h.parts}"
