"""The README's course map agrees with each lesson's header (minutes teaching / exercises)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_readme_row_matches_lesson_header(path):
    header = nbformat.read(path, as_version=4).cells[0].source
    teach, exercises = (int(n) for n in re.findall(r"(\d+)\s*min", header)[:2])
    row = next(
        (
            line
            for line in (ROOT / "README.md").read_text().splitlines()
            if line.startswith(f"| {path.stem[:2]} |")
        ),
        None,
    )
    assert row, f"README course map has no row for lesson {path.stem[:2]}"
    assert f"| {teach} / {exercises} |" in row, (
        f"README says {row!r}; header says {teach}/{exercises}"
    )
    assert (ROOT / "exercises" / path.name).exists(), "every lesson has a workbook"
