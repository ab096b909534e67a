"""Suite-wide setup: test runs never touch the learner's own progress file."""

from __future__ import annotations

import os
import shutil
import tempfile


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
