"""Fixtures for the engine's tests: a private progress file for every test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    """No test writes to the real per-user progress file."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path
