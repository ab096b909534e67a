"""The learner's capstone tests as a suite on disk, so lesson 12 can measure its pyramid.

`capstone_tests(root)` takes the 12.4 test cell from the learner's own workbook
(my-work/12-capstone.ipynb, else the course's exercises/ copy); `write_suite(source, folder)`
writes it as test_capstone.py next to a conftest.py that provides the same `shop` fixture the
check uses (on the reference) and registers the layer markers. Nothing happens at import.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat

CONFTEST = """\
import pytest

from course_lib.lessons.l12_capstone.harness import provide_shop
from course_lib.shop.returns import ReturnService


@pytest.fixture
def shop(request):
    yield from provide_shop(ReturnService, request)
"""

INI = """\
[pytest]
markers =
    unit: fast tests of one piece, no real services
    integration: tests against real services
    e2e: whole-workflow tests
"""


def workbook(root: str | Path) -> Path:
    """The learner's copy of the workbook if there is one, else the course's."""
    root = Path(root)
    mine = root / "my-work" / "12-capstone.ipynb"
    return mine if mine.exists() else root / "exercises" / "12-capstone.ipynb"


def capstone_tests(root: str | Path) -> str:
    """The source of the last %%ipytest cell that uses the `shop` fixture, magic line removed."""
    nb = nbformat.read(workbook(root), as_version=4)
    cells = [
        cell.source
        for cell in nb.cells
        if cell.cell_type == "code"
        and cell.source.startswith("%%ipytest")
        and "(shop" in cell.source
    ]
    if not cells:
        raise LookupError(f"no capstone test cell in {workbook(root)}")
    body = cells[-1].split("\n", 1)[1] if "\n" in cells[-1] else ""
    # an unfinished workbook ends with a top-level stub: it would stop the collection
    kept = [line for line in body.splitlines() if line != "raise NotImplementedError"]
    return "import pytest\n\n" + textwrap.dedent("\n".join(kept)) + "\n"


def write_suite(source: str, folder: str | Path) -> Path:
    """test_capstone.py, conftest.py and pytest.ini in `folder`; returns the folder."""
    folder = Path(folder)
    (folder / "test_capstone.py").write_text(source, encoding="utf-8")
    (folder / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    (folder / "pytest.ini").write_text(INI, encoding="utf-8")
    return folder
