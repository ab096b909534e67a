"""course_lib.workspace: my-work/ gets every missing workbook and never loses a learner's answer."""

from __future__ import annotations

import os

import pytest

from course_lib import workspace

pytestmark = pytest.mark.unit


def _course(root, **workbooks):
    """A course folder with exercises/<name>.ipynb holding `text` for each keyword."""
    (root / "exercises").mkdir(parents=True)
    (root / "notebooks").mkdir()
    for name, text in workbooks.items():
        (root / "exercises" / f"{name}.ipynb").write_text(text)
    return root


def test_copies_every_missing_workbook(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "zero", "01-unit": "one"})
    (root / "exercises" / "notes.txt").write_text("not a workbook")
    copied = workspace.prepare(root)
    assert [p.name for p in copied] == ["00-welcome.ipynb", "01-unit.ipynb"]
    assert (root / "my-work" / "01-unit.ipynb").read_text() == "one"
    assert not (root / "my-work" / "notes.txt").exists()


def test_never_overwrites_a_changed_workbook(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "course v1"})
    workspace.prepare(root)
    mine = root / "my-work" / "00-welcome.ipynb"
    mine.write_text("my answer")
    (root / "exercises" / "00-welcome.ipynb").write_text("course v2")
    assert workspace.prepare(root) == []
    assert mine.read_text() == "my answer"


def test_never_opens_an_existing_copy_for_writing(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "course"})
    (root / "my-work").mkdir()
    mine = root / "my-work" / "00-welcome.ipynb"
    mine.write_text("")  # even an empty file is the learner's
    os.utime(mine, ns=(10**18, 10**18))
    before = mine.stat()
    assert workspace.prepare(root) == []
    after = mine.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        0,
    )


def test_picks_up_workbooks_added_by_a_course_update(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "zero"})
    workspace.prepare(root)
    (root / "my-work" / "00-welcome.ipynb").write_text("my answer")
    (root / "exercises" / "02-repository.ipynb").write_text("two")
    assert workspace.prepare(root) == [root / "my-work" / "02-repository.ipynb"]
    assert (root / "my-work" / "00-welcome.ipynb").read_text() == "my answer"


def test_a_deleted_copy_comes_back_fresh(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "fresh"})
    workspace.prepare(root)
    (root / "my-work" / "00-welcome.ipynb").unlink()
    assert [p.name for p in workspace.prepare(root)] == ["00-welcome.ipynb"]
    assert (root / "my-work" / "00-welcome.ipynb").read_text() == "fresh"


def test_no_exercises_folder_means_nothing_to_do(tmp_path):
    assert workspace.prepare(tmp_path) == []
    assert not (tmp_path / "my-work").exists()


def test_command_line_reports_what_it_copied(tmp_path, capsys):
    root = _course(tmp_path, **{"00-welcome": "zero"})
    assert workspace.main([str(root)]) == 0
    assert "copied 1 new workbook(s) from exercises/: 00-welcome.ipynb" in capsys.readouterr().out
    assert workspace.main([str(root)]) == 0
    assert "your 1 workbooks are in place" in capsys.readouterr().out
    assert workspace.main([str(tmp_path / "elsewhere")]) == 1


def test_reminder_only_in_the_course_exercises_folder(tmp_path):
    root = _course(tmp_path, **{"00-welcome": "zero"})
    note = workspace.reminder(root / "exercises", str(root / "exercises" / "00-welcome.ipynb"))
    assert note is not None and "my-work/00-welcome.ipynb" in note
    assert workspace.reminder(root / "my-work") is None
    assert workspace.reminder(root / "notebooks") is None
    assert workspace.reminder(tmp_path / "grading" / "exercises") is None
