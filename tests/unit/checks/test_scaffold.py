"""new-exercise writes a skeleton that loads: catalog entry, exercise module, bank keys."""

from __future__ import annotations

import pytest

from course_lib.checks import scaffold
from course_lib.checks.model import CodeExercise, TestExercise


@pytest.fixture
def lessons(tmp_path, monkeypatch):
    monkeypatch.setattr(scaffold, "ROOT", tmp_path / "course_lib" / "lessons")
    scaffold.ROOT.mkdir(parents=True)
    return scaffold.ROOT


def _load(path):
    namespace = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)  # noqa: S102 - our own output
    return namespace


def test_new_lesson_and_two_exercises(lessons):
    scaffold.scaffold("07.1", "code", "atomic_write", "Write a file atomically", "files")
    scaffold.scaffold("07.2", "test", "file_store")
    package = lessons / "l07_files"
    catalog = _load(package / "__init__.py")["EXERCISES"]
    assert [type(e) for e in catalog] == [CodeExercise, TestExercise]
    code, test = catalog
    assert (code.id, code.answer, code.title) == ("07.1", "atomic_write", "Write a file atomically")
    assert code.hidden == "course_lib.lessons.l07_files.ex1_atomic_write"
    assert (test.id, test.fixture, len(test.variants)) == ("07.2", "file_store", 4)
    bank = _load(package / "bank.py")
    assert bank["WRONG"] == {"07.1": [], "07.2": []} == {k: [] for k in bank["ALTERNATIVES"]}
    module = _load(package / "ex2_file_store.py")
    assert {"provide", "Reference", "BugOne", "BugFour"} <= set(module)
    hidden = _load(package / "ex1_atomic_write.py")
    with pytest.raises(NotImplementedError):
        hidden["test_first_promise"](None)
    _assert_lint_clean(package)


def _assert_lint_clean(package):
    """The skeleton passes the project's own ruff rules (line length, format)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if ruff is None:
        return  # tests/unit/test_lint.py reports a missing ruff
    root = Path(__file__).resolve().parents[3]
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        done = subprocess.run(
            [ruff, *command, "--config", str(root / "pyproject.toml"), str(package)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_refuses_to_overwrite_and_bad_ids(lessons):
    scaffold.scaffold("07.1", "code", "atomic_write", lesson_name="files")
    with pytest.raises(FileExistsError):
        scaffold.scaffold("07.1", "test", "other")
    with pytest.raises(ValueError, match="05.2"):
        scaffold.scaffold("7.1", "code", "x")
    with pytest.raises(ValueError, match="lower_case"):
        scaffold.scaffold("07.3", "code", "Bad Name")


def test_cli_reports_a_plain_error(lessons, capsys):
    from course_lib.cli import main

    assert main(["new-exercise", "x", "--kind", "code", "--topic", "t"]) == 2
    assert "looks like 05.2" in capsys.readouterr().out


def test_adds_to_a_one_line_bank(lessons):
    """A bank written as one-line dicts (no trailing comma) still gets valid new keys."""
    package = lessons / "l08_queues"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from course_lib.checks.model import CodeExercise, TestExercise, Variant\n"
        "from course_lib.checks.signature import Signature\n\nEXERCISES = []\n"
    )
    (package / "bank.py").write_text('WRONG = {"08.1": []}\nALTERNATIVES = {"08.1": [1]}\n')
    scaffold.scaffold("08.2", "code", "consumer")
    bank = _load(package / "bank.py")
    assert bank["WRONG"] == {"08.1": [], "08.2": []}
    assert bank["ALTERNATIVES"] == {"08.1": [1], "08.2": []}
    assert [e.id for e in _load(package / "__init__.py")["EXERCISES"]] == ["08.2"]


def test_a_new_lesson_is_named_for_its_workbook_not_its_first_exercise(lessons):
    (lessons.parents[1] / "solutions").mkdir()
    (lessons.parents[1] / "solutions" / "09-whole-workflows.ipynb").write_text("{}")
    scaffold.scaffold("09.1", "code", "checkout_flow")
    assert (lessons / "l09_whole_workflows" / "ex1_checkout_flow.py").exists()
    with pytest.raises(ValueError, match="--lesson"):
        scaffold.scaffold("10.1", "code", "factories")  # no workbook, no name: ask for one
