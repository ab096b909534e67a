"""Suite-wide setup: a private progress file, layer markers by folder, one headless run."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

# tests/<folder>/... gets this marker, so `-m integration` selects every test that meets a real
# server (CI's second pass runs exactly those against COURSE_*_URL).
LAYERS = {
    "unit": "unit",
    "integration": "integration",
    "lessons": "integration",
    "notebooks": "e2e",
    "hub": "e2e",
}


def pytest_configure(config):
    """Point COURSE_PROGRESS_FILE at a throwaway file; nbval kernels inherit the environment."""
    if "COURSE_PROGRESS_FILE" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="course-test-progress-")
        os.environ["COURSE_PROGRESS_FILE"] = os.path.join(tmp, "progress.json")
        config._course_progress_dir = tmp


def pytest_unconfigure(config):
    tmp = getattr(config, "_course_progress_dir", None)
    if tmp:
        os.environ.pop("COURSE_PROGRESS_FILE", None)
        shutil.rmtree(tmp, ignore_errors=True)


def pytest_collection_modifyitems(items):
    tests = Path(__file__).parent
    for item in items:
        path = Path(str(item.path))
        try:
            folder = path.relative_to(tests).parts[0]
        except ValueError:  # notebooks/, solutions/, exercises/ under nbval: whole workflows
            folder = "notebooks"
        marker = LAYERS.get(folder)
        if marker and not item.get_closest_marker(marker):
            item.add_marker(marker)


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
