"""Progress is saved atomically per user and survives a corrupt file (issue 3, point 5)."""

from __future__ import annotations

import json
import os
from argparse import Namespace

import pytest

from course_lib.checks import check, progress
from course_lib.checks.result import FAILED, PASSED, Result


def _result(status=PASSED, exercise="00.1"):
    return Result(exercise, "Round half a cent up", "code", status, "summary")


def test_env_variable_chooses_the_file(private_progress):
    assert progress.progress_path() == private_progress


def test_default_file_is_per_user(monkeypatch):
    monkeypatch.delenv("COURSE_PROGRESS_FILE")
    path = progress.progress_path()
    assert path.name == "progress.json" and "integration-testing-course" in str(path)


def test_check_records_a_result(private_progress):
    check("00.2", lambda items: 0)
    entry = json.loads(private_progress.read_text())["exercises"]["00.2"]
    assert entry["status"] == FAILED and entry["attempts"] == 1 and entry["passed"] is False


def test_solved_stays_solved_and_attempts_count(private_progress):
    progress.record(_result(PASSED))
    entry = progress.record(_result(FAILED))
    assert entry["passed"] is True and entry["attempts"] == 2 and entry["status"] == FAILED


def test_write_is_atomic_and_leaves_no_temp_file(private_progress, monkeypatch):
    progress.record(_result(PASSED))
    before = private_progress.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        progress.record(_result(FAILED, "00.2"))
    assert private_progress.read_bytes() == before, "a failed write leaves the old file intact"
    left = sorted(p.name for p in private_progress.parent.iterdir())
    assert left == [".progress.json.lock", "progress.json"], "no temporary file is left behind"


CORRUPT = {
    "not json": b"{not json",
    "a list": b"[1, 2]",
    "exercises not a dict": b'{"exercises": 3}',
    "bad bytes": b'{"exercises": {"00.1": "\xff\xfe"}}',
    "a string entry": b'{"version": 1, "exercises": {"00.1": "passed"}}',
    "wrong field type": b'{"version": 1, "exercises": {"00.1": {"attempts": "many"}}}',
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_is_moved_aside_with_a_warning(private_progress, content):
    private_progress.write_bytes(content)
    with pytest.warns(progress.ProgressWarning, match="moved it to progress.json.corrupt"):
        progress.record(_result(PASSED))
    assert (private_progress.parent / "progress.json.corrupt").read_bytes() == content
    assert json.loads(private_progress.read_text())["exercises"]["00.1"]["passed"] is True


def test_directory_in_place_of_the_file_is_moved_aside(private_progress):
    private_progress.mkdir()
    (private_progress / "stray.txt").write_text("x")
    with pytest.warns(progress.ProgressWarning, match="IsADirectoryError"):
        progress.record(_result(PASSED))
    assert (private_progress.parent / "progress.json.corrupt" / "stray.txt").exists()
    assert json.loads(private_progress.read_text())["exercises"]["00.1"]["passed"] is True


_WRITER = """
import sys
from course_lib.checks import progress
from course_lib.checks.result import Result
for i in range(200):
    progress.record(Result("00.1", "t", "code", "failed", "s"))
"""


def test_two_processes_recording_at_once_lose_nothing(private_progress):
    """2 processes x 200 records: every attempt is counted (a lock around read-modify-replace)."""
    import subprocess
    import sys

    env = {**os.environ, "COURSE_PROGRESS_FILE": str(private_progress)}
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER], env=env) for _ in range(2)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert progress.load()["exercises"]["00.1"]["attempts"] == 400


@pytest.mark.parametrize("content", [b"\xff\xfe{", b'{"exercises": {"00.1": 7}}'])
def test_progress_command_never_crashes_on_a_corrupt_file(private_progress, content, capsys):
    from course_lib.checks import cli_progress

    private_progress.write_bytes(content)
    assert cli_progress.run(Namespace(json=False)) == 0
    out = capsys.readouterr().out
    assert "moved it to progress.json.corrupt" in out and "Lesson 00" in out


def test_progress_command_explains_an_unreachable_file(monkeypatch, tmp_path, capsys):
    from course_lib.checks import cli_progress

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    assert cli_progress.run(Namespace(json=True)) == 1
    assert "Could not read your progress file" in capsys.readouterr().out


def test_second_corrupt_file_does_not_overwrite_the_first(private_progress):
    for text in ("{bad", "{worse"):
        private_progress.write_text(text)
        with pytest.warns(progress.ProgressWarning):
            progress.load()
    names = sorted(p.name for p in private_progress.parent.iterdir())
    assert names == ["progress.json.corrupt", "progress.json.corrupt.1"]


def test_progress_command_prints_a_table_per_lesson(capsys):
    from course_lib.checks import cli_progress

    progress.record(_result(PASSED))
    assert cli_progress.run(Namespace(json=False)) == 0
    out = capsys.readouterr().out
    assert "Lesson 00: 1/3 solved" in out and "Round half a cent up" in out and "not started" in out
    assert cli_progress.run(Namespace(json=True)) == 0
    rows = json.loads(capsys.readouterr().out)["00"]
    assert [r["id"] for r in rows][:3] == ["00.1", "00.2", "00.3"] and rows[0]["passed"]


def test_chart_for_a_notebook():
    import matplotlib

    matplotlib.use("agg")
    progress.record(_result(PASSED))
    ax = progress.plot_progress()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "00" in labels
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
