"""Shared fixtures for the engine's tests: a private progress file, the bank, one headless run."""

from __future__ import annotations

import pytest
from checks_harness import ROOT


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    """No test writes to the real per-user progress file."""
    path = tmp_path / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


@pytest.fixture(scope="session")
def headless(tmp_path_factory):
    """Every workbook of solutions/ and exercises/, run once per session, two kernels at a time.

    Returns {"solutions": (exit code, payload), "exercises": (...)} as `check --json` would give
    for each folder (cli_check.outcome); kernels record progress in a private file.
    """
    from course_lib.checks import cli_check, headless

    tmp = tmp_path_factory.mktemp("headless")
    env = {"COURSE_PROGRESS_FILE": str(tmp / "progress.json")}
    reports = headless.run_workbooks([ROOT / "solutions", ROOT / "exercises"], jobs=2, env=env)
    return {
        folder: cli_check.outcome([r for r in reports if r.path.parent.name == folder])
        for folder in ("solutions", "exercises")
    }
