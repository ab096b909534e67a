"""A learner's answers survive `git pull` and never turn `make test` red.

The learner works in my-work/ (git-ignored, filled by `make lab` from exercises/). Shown on a tiny
course repository built in tmp_path with the course's own .gitignore and pytest configuration:
upstream changes exercises/ and adds a workbook, the learner's clone pulls, and nothing conflicts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.helpers import missing_tool

ROOT = Path(__file__).resolve().parents[2]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Course",
    "GIT_AUTHOR_EMAIL": "course@example.invalid",
    "GIT_COMMITTER_NAME": "Course",
    "GIT_COMMITTER_EMAIL": "course@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    if shutil.which("git") is None:
        missing_tool("git is not installed on this machine")
    env = {**os.environ, **GIT_ENV}
    cmd = ["git", "-c", "init.defaultBranch=main", "-c", "pull.rebase=false", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def _workbook(title: str, stub: str) -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_markdown_cell(f"# {title}"), new_code_cell(stub)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def _save_like_jupyterlab(nb: nbformat.NotebookNode, path: Path) -> None:
    """JupyterLab's contents manager writes nbformat JSON (indent 1, trailing newline)."""
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")


def _commit(repo: Path, message: str) -> None:
    assert _git(repo, "add", "-A").returncode == 0
    result = _git(repo, "commit", "-q", "-m", message)
    assert result.returncode == 0, result.stdout + result.stderr


def _prepare(clone: Path) -> str:
    """`make lab`'s first step, run the way the Makefile runs it."""
    cmd = [sys.executable, "-m", "course_lib.workspace"]
    result = subprocess.run(cmd, cwd=clone, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def course(tmp_path):
    """(upstream, clone): a course repository with one workbook and a learner's clone of it."""
    upstream = tmp_path / "upstream"
    (upstream / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / ".gitignore", upstream / ".gitignore")
    nbformat.write(
        _workbook("00 · Welcome", "def total(xs):\n    raise NotImplementedError"),
        upstream / "exercises" / "00-welcome.ipynb",
    )
    assert _git(upstream, "init", "-q").returncode == 0
    _commit(upstream, "course v1")
    clone = tmp_path / "learner"
    result = _git(tmp_path, "clone", "-q", str(upstream), str(clone))
    assert result.returncode == 0, result.stderr
    return upstream, clone


@pytest.mark.integration
def test_a_course_update_never_touches_the_learners_answers(course):
    upstream, clone = course
    assert "copied 1 new workbook(s)" in _prepare(clone)
    mine = clone / "my-work" / "00-welcome.ipynb"
    answer = nbformat.read(mine, as_version=4)
    answer.cells[1].source = "def total(xs):\n    return sum(xs)  # my answer"
    _save_like_jupyterlab(answer, mine)
    saved = mine.read_bytes()
    assert _git(clone, "status", "--porcelain").stdout == "", "my-work/ must be git-ignored"

    # the course changes the workbook the learner is working on, and adds a new one
    updated = _workbook("00 · Welcome (revised)", "def total(xs):\n    raise NotImplementedError")
    nbformat.write(updated, upstream / "exercises" / "00-welcome.ipynb")
    nbformat.write(_workbook("01 · Unit", "pass"), upstream / "exercises" / "01-unit.ipynb")
    _commit(upstream, "course v2")

    pull = _git(clone, "pull")
    assert pull.returncode == 0, pull.stdout + pull.stderr
    assert "CONFLICT" not in pull.stdout + pull.stderr
    assert "revised" in (clone / "exercises" / "00-welcome.ipynb").read_text()
    assert mine.read_bytes() == saved, "the pull changed the learner's answer"

    assert "copied 1 new workbook(s) from exercises/: 01-unit.ipynb" in _prepare(clone)
    assert (clone / "my-work" / "01-unit.ipynb").exists()
    assert mine.read_bytes() == saved, "make lab changed the learner's answer"


@pytest.mark.integration
def test_answers_written_into_exercises_would_block_the_pull(course):
    """The control: this is why the learner's copy lives outside the tracked exercises/."""
    upstream, clone = course
    tracked = clone / "exercises" / "00-welcome.ipynb"
    answer = nbformat.read(tracked, as_version=4)
    answer.cells[1].source = "def total(xs):\n    return sum(xs)"
    _save_like_jupyterlab(answer, tracked)
    nbformat.write(_workbook("00 · Revised", "pass"), upstream / "exercises" / "00-welcome.ipynb")
    _commit(upstream, "course v2")
    pull = _git(clone, "pull")
    assert pull.returncode != 0, pull.stdout
    assert "would be overwritten" in pull.stderr


@pytest.mark.integration
def test_pytest_never_collects_my_work(tmp_path):
    """A half-done workbook (or test file) in my-work/ cannot turn `make test` red."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_fine.py").write_text("def test_fine():\n    assert True\n")
    (tmp_path / "my-work").mkdir()
    (tmp_path / "my-work" / "test_half_done.py").write_text("def test_no():\n    assert False\n")
    half_done = _workbook("00 · Welcome", "raise NotImplementedError")
    _save_like_jupyterlab(half_done, tmp_path / "my-work" / "00-welcome.ipynb")
    for args in ([], ["."]):  # `make test` (testpaths), and a learner's `pytest .`
        cmd = [sys.executable, "-m", "pytest", "-p", "no:randomly", *args]
        result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout[-3000:]
        assert "1 passed" in result.stdout and "my-work" not in result.stdout
