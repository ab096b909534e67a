"""Helpers shared by the suite: the repository root, lesson banks, headless results by id."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_bank(lesson: str):
    """The bank module of lesson "NN" (course_lib/lessons/lNN_<topic>/bank.py), or None."""
    from course_lib.checks.registry import lesson_package

    package = lesson_package(lesson)
    if package is None:
        return None
    try:
        return importlib.import_module(f"{package}.bank")
    except ModuleNotFoundError:
        return None


def results_by_id(report: dict) -> dict[str, dict]:
    return {r["exercise"]: r for book in report["workbooks"] for r in book["results"]}


def missing_tool(reason: str) -> None:
    """A tool the test needs is absent: skip on a learner's machine, fail under CI=true.

    CI must prove every capability, so there a missing tool is an install step that broke.
    """
    import pytest

    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)
