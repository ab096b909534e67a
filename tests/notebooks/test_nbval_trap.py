"""A failing %%ipytest cell must turn an nbval run red.

ipytest's default raise_on_error=False would let it pass silently.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TRAP = Path(__file__).parent / "trap"


def _nbval(notebook: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",  # an inner run has no project config: keep cell order
        "--nbval-lax",
        "--nbval-current-env",
        str(notebook),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=notebook.parent)


def test_failing_ipytest_cell_fails_nbval():
    result = _nbval(TRAP / "failing.ipynb")
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout
    assert "test_deliberately_wrong" in result.stdout


def test_without_the_setup_cell_the_same_failure_would_pass():
    """The control: this is the trap the course's setup cell closes."""
    result = _nbval(TRAP / "failing_default_ipytest.ipynb")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout


def test_a_broken_assertion_in_a_solution_fails_nbval(tmp_path):
    """Acceptance: change one assertion in a solution's %%ipytest cell and the run goes red."""
    import re

    import nbformat

    source = Path(__file__).resolve().parents[2] / "solutions" / "00-welcome.ipynb"
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if (
            cell.cell_type == "code"
            and cell.source.startswith("%%ipytest")
            and "raises-exception" not in cell.metadata.get("tags", [])
        ):
            new, n = re.subn(
                r"^(\s*)assert (.+)$", r"\1assert not (\2)", cell.source, count=1, flags=re.M
            )
            if n:
                cell.source = new
                break
    else:
        raise AssertionError("solutions/00-welcome.ipynb has no %%ipytest cell with an assert")
    broken = tmp_path / "00-welcome.ipynb"
    nbformat.write(nb, broken)
    result = _nbval(broken)
    assert result.returncode == 1, result.stdout[-2000:]
