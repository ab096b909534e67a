"""Every notebook is stored clean and follows the course conventions (DESIGN.md)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    p for d in ("notebooks", "solutions", "exercises") for p in (ROOT / d).glob("*.ipynb")
)
SETUP_CELL = "from course_lib.notebook import setup\nsetup()"
IDS = [str(p.relative_to(ROOT)) for p in NOTEBOOKS]


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def test_there_are_notebooks():
    assert any(p.parent.name == "notebooks" for p in NOTEBOOKS), "no lesson notebooks found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_clean(path):
    nb = _read(path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec must be python3"
    for i, cell in enumerate(nb.cells):
        assert cell.get("id"), f"cell {i} has no id"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has stored outputs: clear them before committing"
            assert cell.execution_count is None, f"cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_first_code_cell_is_setup(path):
    code = [c for c in _read(path).cells if c.cell_type == "code"]
    assert code and code[0].source.strip() == SETUP_CELL, "first code cell must be the setup cell"
    assert "%%ipytest" not in code[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_header_has_objectives_and_timings(path):
    first = _read(path).cells[0]
    assert first.cell_type == "markdown"
    assert re.match(r"#\s*\d\d\b", first.source), "header must start with '# NN · Title'"
    assert "objective" in first.source.lower(), "header must list objectives"
    assert re.search(r"\d+\s*min", first.source), "header must give a time estimate in minutes"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_closing_cell_has_key_points_and_links(path):
    last = _read(path).cells[-1]
    assert last.cell_type == "markdown"
    assert "key points" in last.source.lower()
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", last.source)
    assert links, "closing cell must link to the previous/next notebook"
    for link in links:
        assert (path.parent / link).resolve().exists(), f"broken link {link}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_tests_only_in_ipytest_cells(path):
    for cell in _read(path).cells:
        if cell.cell_type == "code" and re.search(r"^def test_", cell.source, re.M):
            assert cell.source.lstrip().startswith("%%ipytest"), (
                "test functions belong in %%ipytest cells:\n" + cell.source[:200]
            )
