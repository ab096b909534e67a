"""`make lab` with headless arguments serves JupyterLab with notebooks/00, and stops on Ctrl-C."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import missing_tool

from tests.notebooks.jupyter_server import get, isolated_env, lab_args, running

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.integration
def test_make_lab_serves_the_course_and_stops_on_ctrl_c(tmp_path):
    if shutil.which("make") is None:
        missing_tool("make is not installed on this machine")
    my_work = ROOT / "my-work"
    made_here = not my_work.exists()  # make lab copies the workbooks there; leave no trace
    args = " ".join(lab_args(tmp_path / "workspaces"))
    cmd = ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"]
    with running(cmd, cwd=ROOT, env=isolated_env(tmp_path), log=tmp_path / "lab.log") as (
        base,
        proc,
    ):
        assert get(base + "/lab").status_code == 200
        nb = get(base + "/api/contents/notebooks/00-welcome.ipynb?content=0")
        assert nb.status_code == 200 and nb.json()["type"] == "notebook"
        notify = get(base + "/lab/api/settings/@jupyterlab/apputils-extension:notification")
        defaults = notify.json()["schema"]["properties"]  # overrides.json replaces the defaults
        got = (defaults["fetchNews"]["default"], defaults["checkForUpdates"]["default"])
        assert got == ("false", False), "the course's overrides.json must turn off the news pop-up"
    log = (tmp_path / "lab.log").read_text()
    assert proc.returncode != -9, "JupyterLab ignored Ctrl-C and had to be killed"
    assert "Interrupted" in log or "Shutting down" in log, log[-2000:]
    if made_here:
        shutil.rmtree(my_work, ignore_errors=True)
