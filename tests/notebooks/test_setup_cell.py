"""The setup cell, in a real kernel: summary line, ipytest raising, and a hint for NameError."""

from __future__ import annotations

import re

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

SETUP = "from course_lib.notebook import setup\nsetup()"


def _run(*sources: str):
    nb = new_notebook(cells=[new_code_cell(s) for s in (SETUP, *sources)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120).execute()
    return nb.cells


def _text(cell) -> str:
    parts = []
    for out in cell.outputs:
        parts.append(out.get("text", ""))
        parts.extend(out.get("traceback", []))
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(parts))


@pytest.mark.integration
def test_setup_cell_in_a_kernel():
    cells = _run(
        "check_me(42)",
        "%%ipytest\n\ndef test_fails():\n    assert 1 == 2\n",
    )
    summary = _text(cells[0])
    assert re.fullmatch(
        r"course_lib \S+ · Python 3\.\d+ · PostgreSQL \w+, Redis \w+, broker \w+\n", summary
    ), summary
    assert not re.search(r"\d+:\d+|/tmp|127\.0\.0\.1", summary), "no timestamps, paths or addresses"
    name_error = _text(cells[1])
    assert "NameError" in name_error
    assert "Hint: `check_me` is not defined in this kernel yet" in name_error
    assert any(o.output_type == "error" for o in cells[1].outputs), "still an error for nbval"
    assert any(o.get("ename") == "Error" for o in cells[2].outputs), "failing %%ipytest must raise"


def test_notebook_helpers_are_importable_without_a_kernel():
    from course_lib import notebook

    assert "Python" in notebook.summary()
