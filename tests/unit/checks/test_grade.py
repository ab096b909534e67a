"""grade: many learners' workbooks -> one class report (kernels: see the headless runner)."""

from __future__ import annotations

import json
from argparse import Namespace

from course_lib.checks import grade
from course_lib.checks.headless import WorkbookReport
from course_lib.checks.result import Result


def _report(path, *statuses):
    return WorkbookReport(
        path, [Result(f"00.{i + 1}", "t", "code", s, "") for i, s in enumerate(statuses)]
    )


def test_class_report_one_row_per_learner(tmp_path, monkeypatch, capsys):
    for name in ("ada", "bob"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "00-welcome.ipynb").write_text("{}")
    canned = {"ada": ("passed", "passed", "failed"), "bob": ("not done yet", "passed", "error")}
    monkeypatch.setattr(
        "course_lib.checks.headless.run_workbooks",
        lambda books, **kw: [_report(b, *canned[b.parent.name]) for b in books],
    )
    out = tmp_path / "report.html"
    args = Namespace(folder=tmp_path, json=True, html=out, timeout=5, jobs=1)
    assert grade.run(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["exercises"] == ["00.1", "00.2", "00.3"]
    assert report["learners"]["ada"]["score"] == 2 and report["learners"]["bob"]["score"] == 1
    assert "<td>ada</td>" in out.read_text()
    args.json, args.html = False, None
    assert grade.run(args) == 0
    text = capsys.readouterr().out
    assert "ada" in text and "2/3" in text and "solved by" in text


def test_empty_folder(tmp_path, capsys):
    assert grade.run(Namespace(folder=tmp_path, json=False, html=None, timeout=5, jobs=1)) == 2
