"""grade_workbook without kernels: what is replayed, skipped and kept when a cell hangs or kills.

A fake kernel runs "cells" by their source: `hang` times out, `die` kills the kernel, `check("ID")`
records a pass for ID; collect() returns what this kernel recorded.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from course_lib.checks import grade_inputs, grade_kernel, grade_run
from course_lib.checks.grade_box import Limits


class FakeBox:
    def __init__(self, files, limits, hide):
        self.limits = limits

    def close(self):
        pass


class FakeKernel:
    started: list[list[str]] = []
    fail_start = False

    def __init__(self, nb, box, seconds_left):
        self.ran: list[str] = []
        self.kept: dict[str, dict] = {}
        self.client = None if FakeKernel.fail_start else object()
        self.start_error = "RuntimeError: no kernel"
        FakeKernel.started.append(self.ran)

    def run_cell(self, cell, index, seconds):
        self.ran.append(cell.source)
        if cell.source == "hang":
            raise CellTimeoutError("timed out")
        if cell.source == "die":
            raise DeadKernelError("dead")
        for ex in re.findall(r'check\("([\d.]+)"', cell.source):
            self.kept[ex] = {
                "exercise": ex,
                "title": "t",
                "kind": "code",
                "status": "passed",
                "summary": "",
            }
        cell.outputs = []

    def collect(self, seconds):
        return dict(self.kept)

    def stderr(self):
        return "Fatal Python error: Segmentation fault" if "die" in self.ran else ""

    def stop(self):
        pass


@pytest.fixture(autouse=True)
def fakes(monkeypatch):
    monkeypatch.setattr(grade_run, "Box", FakeBox)
    monkeypatch.setattr(grade_kernel, "Kernel", FakeKernel)
    monkeypatch.setattr(
        "course_lib.checks.registry.exercises", lambda lesson=None: []
    )  # no "not run" fill: only what the fake recorded
    FakeKernel.started = []
    FakeKernel.fail_start = False


def _book(tmp_path, *sources, name="00-w.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _grade(path, **limits):
    return grade_run.grade_workbook(path, limits=Limits(**limits))


def test_a_hanging_cell_is_skipped_and_the_rest_runs_in_a_fresh_kernel(tmp_path):
    path = _book(tmp_path, "setup", 'check("00.1")', "hang", "define", 'check("00.2")')
    report = _grade(path)
    assert FakeKernel.started == [
        ["setup", 'check("00.1")', "hang"],
        ["setup", "define", 'check("00.2")'],  # replayed setup, not the check, not the hang
    ]
    assert [(r.exercise, r.status) for r in report.results] == [
        ("00.1", "passed"),
        ("00.2", "passed"),
    ]
    assert any("cell 3 ran past" in e for e in report.errors)


def test_a_dead_kernel_keeps_its_output_and_loses_only_its_cell(tmp_path):
    path = _book(tmp_path, "setup", "die", 'check("00.1")')
    report = _grade(path)
    assert len(FakeKernel.started) == 2
    assert [r.exercise for r in report.results] == ["00.1"]
    assert any("kernel died in cell 2" in e for e in report.errors)
    assert "Segmentation fault" in report.stderr


def test_results_of_other_lessons_do_not_count(tmp_path):
    path = _book(tmp_path, 'check("00.1")', 'check("04.1")')
    assert [r.exercise for r in _grade(path).results] == ["00.1"]


def test_a_kernel_that_never_starts_is_reported(tmp_path):
    FakeKernel.fail_start = True
    report = _grade(_book(tmp_path, 'check("00.1")'))
    assert report.results == [] and "did not start" in report.errors[0]


def test_kernels_per_workbook_are_bounded(tmp_path):
    path = _book(tmp_path, *["hang"] * 8, 'check("00.1")')
    report = _grade(path)
    assert len(FakeKernel.started) == grade_run.MAX_KERNELS
    assert any("gave up" in e for e in report.errors)


def test_an_unreadable_workbook_is_one_line_of_report(tmp_path):
    path = tmp_path / "00-w.ipynb"
    path.write_text("{not json")
    report = _grade(path)
    assert "could not read" in report.errors[0] and FakeKernel.started == []


def test_a_symlinked_workbook_is_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the grader's secret")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "00-w.ipynb").symlink_to(secret)
    (tmp_path / "bob" / "data.csv").symlink_to(secret)
    report = _grade(tmp_path / "bob" / "00-w.ipynb")
    assert "could not read" in report.errors[0] and FakeKernel.started == []
    assert grade_inputs.Grading(tmp_path).learner_files(tmp_path / "bob" / "00-w.ipynb") == {}


def test_a_learners_plain_files_go_into_the_box(tmp_path):
    (tmp_path / "ada" / "data").mkdir(parents=True)
    (tmp_path / "ada" / "data" / "prices.csv").write_text("1,2\n")
    (tmp_path / "ada" / "other.ipynb").write_text("{}")
    (tmp_path / "ada" / ".hidden").write_text("x")
    files = grade_inputs.Grading(tmp_path).learner_files(tmp_path / "ada" / "00-w.ipynb")
    assert files == {"data/prices.csv": b"1,2\n"}
    assert grade_inputs.Grading(tmp_path).learner_files(tmp_path / "00-w.ipynb") == {}
