"""Feedback is plain text: no terminal escape codes, even where the terminal asks for colour."""

from __future__ import annotations

import pytest

from course_lib.checks import check
from course_lib.checks.code_check import run_code
from course_lib.checks.model import CodeExercise
from course_lib.checks.result import Case, Result

HIDDEN = '''
def test_sorted(submission):
    """The prices come back sorted"""
    assert submission([1250, 99, 5]) == [5, 99, 1250]


def test_pairs(submission):
    """Tuples too"""
    assert tuple(submission([2, 1])) == (1, 2)
'''


@pytest.fixture
def coloured(monkeypatch):
    """A terminal that asks for colour (as Jupyter and CI runners often do)."""
    monkeypatch.setenv("PY_COLORS", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")


def _assert_plain(result: Result) -> None:
    assert "\x1b" not in str(result), repr(str(result))
    assert "\x1b" not in result._repr_html_()
    assert "\x1b" not in repr(result.to_record())


def test_a_list_diff_in_a_hidden_test_has_no_escape_codes(tmp_path, monkeypatch, coloured):
    (tmp_path / "engine_hidden_lists.py").write_text(HIDDEN)
    monkeypatch.syspath_prepend(str(tmp_path))
    ex = CodeExercise(id="99.5", title="Sort", hidden="engine_hidden_lists", answer="sort_prices")
    result = run_code(ex, (lambda prices: list(prices),), timeout=5)
    assert result.status == "failed" and "2 of 2 cases fail" in result.summary
    assert "1250" in str(result), "the diff itself is still shown"
    _assert_plain(result)


def test_a_learner_test_failing_on_a_list_diff_has_no_escape_codes(coloured):
    def test_totals(checkout):
        assert [checkout([]), checkout([{"price_cents": 1250, "qty": 1}])] == [0, 1251]

    result = check("00.3", tests=[test_totals], record=False)
    assert result.status == "failed" and "fails on the correct implementation" in result.summary
    _assert_plain(result)


def test_a_code_check_of_the_catalog_has_no_escape_codes(coloured):
    result = check("00.2", lambda items: [1250], record=False)
    assert result.status == "failed"
    _assert_plain(result)


def test_results_strip_escape_codes_whatever_their_source():
    red = "\x1b[31m"
    case = Case(f"{red}name", False, f"{red}[\x1b[94m1250\x1b[39;49;00m]", f"{red}hint", red)
    result = Result("99.9", "t", "code", "failed", f"{red}summary", [case], f"{red}hint")
    assert case.message == "[1250]" and case.name == "name" and case.output == ""
    assert result.summary == "summary" and result.hint == "hint"
    _assert_plain(result)
