"""Helpers shared by the engine's tests (a uniquely named module: `conftest` is ambiguous)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANK = Path(__file__).resolve().parent / "bank"


def load_bank(lesson: str):
    """tests/checks/bank/lessonNN.py as a module (None if the lesson has no bank)."""
    path = BANK / f"lesson{lesson}.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location(f"course_check_bank_{lesson}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def results_by_id(report: dict) -> dict[str, dict]:
    return {r["exercise"]: r for book in report["workbooks"] for r in book["results"]}
