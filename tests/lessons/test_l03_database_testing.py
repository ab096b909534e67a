"""Lesson 03 keeps its promises: the topics the syllabus requires are in the notebook, and the
workbook's exercises are the kinds the issue asks for."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course_lib.checks import registry
from course_lib.checks.model import TestExercise

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "03-database-testing.ipynb"
WORKBOOK = ROOT / "solutions" / "03-database-testing.ipynb"


def _text(path: Path, kind: str | None = None) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(c.source for c in cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize(
    "needle",
    [
        'scope="session"',
        "create_schema",
        "drop_schema",
        "rollback()",
        "commit()",
        "s.begin()",
        "PRAGMA foreign_keys = ON",
        "recreate",
        "truncate",
        'join_transaction_mode="create_savepoint"',
        "plt.",
        "statistics.median",
        "make_customer",
        "Predict, then run",
    ],
)
def test_lesson_covers(needle):
    assert needle in _text(LESSON), f"lesson 03 no longer shows {needle!r}"


def test_lesson_never_asserts_on_time():
    code = _text(LESSON, "code")
    assert not re.search(r"assert[^\n]*\b(ms|elapsed|medians?)\b", code)
    assert "sleep(" not in code


def test_workbook_has_four_checks_and_a_test_check_with_enough_bugs():
    code = _text(WORKBOOK, "code")
    ids = re.findall(r'check\("(03\.\d)"', code)
    assert ids == ["03.1", "03.2", "03.3", "03.4"]
    exercise = registry.get("03.3")
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 3
    ids = {v.id for v in exercise.variants}
    assert {"foreign-keys-off", "partial-write", "never-commits"} <= ids
