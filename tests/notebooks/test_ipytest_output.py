"""A `%%ipytest -q` cell says what happened: the summary line and the reason for each skip."""

from __future__ import annotations

import re

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

SETUP = "from course_lib.notebook import setup\nsetup()"
PASSING = "%%ipytest -q\n\ndef test_adds():\n    assert 1 + 1 == 2\n"
SKIPPING = (
    "%%ipytest -q\nimport pytest\n\n"
    "def test_adds_again():\n    assert 2 + 2 == 4\n\n"
    '@pytest.mark.skip(reason="no Docker engine answers here")\n'
    "def test_in_a_container():\n    raise AssertionError('never runs')\n"
)
PASSES_ONE_TEST = re.compile(r"^1 passed in \d+\.\d+s$", re.M)


def _outputs(*sources: str) -> list[str]:
    """Run the setup cell and `sources` in a fresh kernel; the text each cell printed."""
    nb = new_notebook(cells=[new_code_cell(s) for s in (SETUP, *sources)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    texts = []
    for cell in nb.cells:
        text = "".join(out.get("text", "") for out in cell.outputs)
        texts.append(re.sub(r"\x1b\[[0-9;]*m", "", text))
    return texts


@pytest.mark.integration
def test_a_quiet_test_cell_shows_the_summary_and_the_skip_reason():
    _, passing, skipping = _outputs(PASSING, SKIPPING)
    assert PASSES_ONE_TEST.search(passing), f"no summary line in:\n{passing}"
    assert "no Docker engine answers here" in skipping, f"no skip reason in:\n{skipping}"
    assert re.search(r"^1 passed, 1 skipped in \d+\.\d+s$", skipping, re.M), skipping
    for text in (passing, skipping):
        assert "rootdir" not in text and "platform" not in text, "no header: paths and versions"


def test_setup_adds_no_second_quiet_flag(monkeypatch):
    """The cells bring their own `-q`; a second one in addopts would hide the summary line."""
    import ipytest

    from course_lib import notebook

    seen = {}
    monkeypatch.setattr(ipytest, "autoconfig", lambda **kw: seen.update(kw))
    notebook.setup(autoreload=False, quiet=True)
    addopts = seen["addopts"]
    assert not any(re.fullmatch(r"-q+|--quiet", a) for a in addopts), addopts
    assert "-rfEs" in addopts and seen["raise_on_error"] is True
