"""The class report: points, best result per exercise, CSV, HTML chart, progress counter."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from course_lib.checks import grade, report_html
from course_lib.checks.grade_progress import progress_bar
from course_lib.checks.headless import WorkbookReport
from course_lib.checks.result import Result

FOLDER = Path("/class")


def _rep(learner: str, book: str, **statuses) -> WorkbookReport:
    results = [Result(ex.replace("_", "."), "t", "code", s, "") for ex, s in statuses.items()]
    return WorkbookReport(FOLDER / learner / book, results)


def _report(monkeypatch, reports):
    monkeypatch.setattr(
        grade, "_catalog", lambda lessons: {"00.1": 1, "00.2": 2, "00.3": 1, "04.1": 3}
    )
    return grade.class_report(reports, FOLDER)


def test_points_come_from_the_catalog_and_only_passes_score(monkeypatch):
    report = _report(
        monkeypatch, [_rep("ada", "00-w.ipynb", **{"00_1": "passed", "00_2": "passed"})]
    )
    assert report["points"] == {"00.1": 1, "00.2": 2, "00.3": 1, "04.1": 3}
    ada = report["learners"]["ada"]
    assert (ada["score"], ada["total"]) == (3, 7)


def test_a_learners_best_result_counts(monkeypatch):
    reports = [
        _rep("ada", "00-a.ipynb", **{"00_1": "passed", "00_2": "failed"}),
        _rep("ada", "00-b.ipynb", **{"00_1": "not run", "00_2": "passed"}),
    ]
    results = _report(monkeypatch, reports)["learners"]["ada"]["results"]
    assert results == {"00.1": "passed", "00.2": "passed"}


def test_csv_has_a_row_for_every_learner_and_exercise(monkeypatch, tmp_path):
    report = _report(
        monkeypatch,
        [
            _rep("ada", "00-w.ipynb", **{"00_2": "passed"}),
            _rep("bob", "00-w.ipynb", **{"00_1": "failed"}),
        ],
    )
    grade.write_csv(report, tmp_path / "marks.csv")
    rows = list(csv.DictReader((tmp_path / "marks.csv").open()))
    assert len(rows) == 2 * 4
    by = {(r["learner"], r["exercise"]): (r["status"], r["points"]) for r in rows}
    assert by[("ada", "00.2")] == ("passed", "2")
    assert by[("bob", "00.1")] == ("failed", "0")
    assert by[("bob", "04.1")] == ("not run", "0")


def test_html_chart_is_inline_and_readable_in_light_and_dark(monkeypatch):
    report = _report(
        monkeypatch,
        [
            _rep("ada", "00-w.ipynb", **{"00_1": "passed", "00_2": "error"}),
            _rep("bob", "00-w.ipynb", **{"00_1": "not done yet"}),
        ],
    )
    report["learners"]["bob"]["stderr"] = {"00-w.ipynb": "Fatal Python error: <boom>"}
    page = report_html.to_html(report)
    assert "<svg" in page and "currentColor" in page and "prefers-color-scheme" in page
    assert "<script" not in page and "http://" not in page.split("<svg", 1)[0]
    for label in ("passed", "failed", "not done", "missing"):
        assert label in page
    assert "<td>ada</td>" in page and "&lt;boom&gt;" in page
    counts = report_html.counts(report)
    assert counts["00.1"] == {"passed": 1, "failed": 0, "not done": 1, "missing": 0}
    assert counts["00.2"] == {"passed": 0, "failed": 1, "not done": 0, "missing": 1}


def test_progress_is_a_plain_counter_off_a_terminal():
    out = io.StringIO()
    with progress_bar(2, stream=out) as advance:
        advance(WorkbookReport(FOLDER / "ada" / "00-w.ipynb"))
        advance()
    assert out.getvalue().splitlines() == ["graded 1/2 (ada/00-w.ipynb)", "graded 2/2"]
