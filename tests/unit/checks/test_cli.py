"""Headless `check` (acceptance of issue 3): solutions pass, exercises are all "not done yet"."""

from __future__ import annotations

import pytest

from course_lib import cli
from course_lib.checks.headless import WorkbookReport
from course_lib.checks.result import Result
from tests.helpers import results_by_id


@pytest.mark.slow
def test_check_solutions_exits_zero(headless):
    code, report = headless["solutions"]
    assert report["workbooks"], "no workbooks in solutions/"
    failing = {
        b["path"]: b["errors"]
        or [r["summary"] for r in b["results"] if not r["status"] == "passed"]
        for b in report["workbooks"]
        if not b["passed"]
    }
    assert code == 0 and report["passed"], failing


@pytest.mark.slow
def test_check_exercises_exits_non_zero_with_not_done_yet(headless):
    code, report = headless["exercises"]
    assert code == 1 and not report["passed"]
    statuses = {r["status"] for r in results_by_id(report).values()}
    assert statuses == {"not done yet"}, statuses
    assert all(not b["errors"] for b in report["workbooks"]), [
        b["errors"] for b in report["workbooks"]
    ]


def test_text_output_and_exit_code(monkeypatch, capsys, tmp_path):
    """The text report, without a kernel: run_workbooks is replaced by canned reports."""
    book = tmp_path / "00-welcome.ipynb"
    done = Result("00.1", "Round", "code", "passed", "all 6 cases pass.")
    todo = Result("00.2", "Cart", "code", "not done yet", "not done yet — the stub still raises.")
    monkeypatch.setattr(
        "course_lib.checks.headless.run_workbooks",
        lambda paths, **kw: [WorkbookReport(book, [done, todo])],
    )
    assert cli.main(["check", str(book)]) == 1
    out = capsys.readouterr().out
    assert (
        "✓ 00.1 Round" in out
        and "· 00.2 Cart: not done yet" in out
        and "1 of 2 checks passed" in out
    )
    monkeypatch.setattr(
        "course_lib.checks.headless.run_workbooks",
        lambda paths, **kw: [WorkbookReport(book, [done])],
    )
    assert cli.main(["check", "--json", str(book)]) == 0
