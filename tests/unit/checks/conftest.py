"""Fixtures for the engine's tests: a private progress file for every test, hidden modules."""

from __future__ import annotations

import sys
import uuid

import pytest


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    """No test writes to the real per-user progress file."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


@pytest.fixture
def hidden(tmp_path, monkeypatch):
    """Write a hidden test module under a fresh name; returns its dotted name.

    The name is unique per call (uuid): the engine caches hidden modules by name.
    """
    made = []

    def write(source: str) -> str:
        name = f"hidden_{uuid.uuid4().hex}"
        (tmp_path / f"{name}.py").write_text(source)
        made.append(name)
        return name

    monkeypatch.syspath_prepend(str(tmp_path))
    yield write
    for name in made:
        sys.modules.pop(name, None)
