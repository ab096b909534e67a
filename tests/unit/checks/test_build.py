"""build-exercises: stubs keep indentation, output is byte-stable, exercises/ is never stale."""

from __future__ import annotations

import shutil
from argparse import Namespace

import nbformat
import pytest

from course_lib.checks import build
from tests.helpers import ROOT

SOLVED = '''def total(items):
    """Sum."""
    ### BEGIN SOLUTION
    result = 0
    for item in items:
        result += item
    return result
    ### END SOLUTION
'''


def test_region_becomes_an_indented_stub():
    source, changed = build.stub_source(SOLVED)
    assert changed
    assert source == (
        'def total(items):\n    """Sum."""\n    # YOUR CODE HERE\n    raise NotImplementedError\n'
    )


def test_source_without_region_is_unchanged():
    assert build.stub_source("x = 1\n") == ("x = 1\n", False)


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1\n",
        "x = 1\n### END SOLUTION\n",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n",
    ],
)
def test_unbalanced_markers_are_an_error(source):
    with pytest.raises(build.BuildError):
        build.stub_source(source)


def _course(tmp_path):
    (tmp_path / "solutions").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 99 · T"),
        nbformat.v4.new_code_cell(SOLVED),
        nbformat.v4.new_code_cell(
            "%%ipytest -q\ndef test_x():\n    ### BEGIN SOLUTION\n"
            "    assert 1\n    ### END SOLUTION\n"
        ),
    ]
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="left over")]
    nb.cells[1].execution_count = 3
    nbformat.write(nb, tmp_path / "solutions" / "99-t.ipynb")
    return tmp_path


def test_build_is_idempotent_and_byte_stable(tmp_path):
    root = _course(tmp_path)
    assert build.build(root) == [root / "exercises" / "99-t.ipynb"]
    first = (root / "exercises" / "99-t.ipynb").read_bytes()
    assert build.build(root) == []
    assert (root / "exercises" / "99-t.ipynb").read_bytes() == first
    nb = nbformat.read(root / "exercises" / "99-t.ipynb", as_version=4)
    solution = nbformat.read(root / "solutions" / "99-t.ipynb", as_version=4)
    assert [c.id for c in nb.cells] == [c.id for c in solution.cells]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert all(c.metadata["tags"] == ["raises-exception"] for c in code)
    assert "raise NotImplementedError" in code[1].source and code[1].source.startswith("%%ipytest")


def test_orphan_exercise_is_removed(tmp_path):
    root = _course(tmp_path)
    build.build(root)
    shutil.copy(root / "exercises" / "99-t.ipynb", root / "exercises" / "98-old.ipynb")
    assert build.build(root, check_only=True) == [root / "exercises" / "98-old.ipynb"]
    build.build(root)
    assert not (root / "exercises" / "98-old.ipynb").exists()


def test_exercises_folder_is_not_stale(capsys):
    """Drift: exercises/ must equal a fresh build of solutions/ (run `make exercises`)."""
    code = build.run(Namespace(root=ROOT, check=True))
    assert code == 0, capsys.readouterr().out + "\nexercises/ is stale: run `make exercises`."
