"""A real browser opens notebooks/00 in JupyterLab, runs every cell, sees no unexpected error."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import missing_tool
from tests.notebooks.browser import CHROMIUM, NOTEBOOK_OPEN, launch_chromium
from tests.notebooks.jupyter_server import TOKEN, isolated_env, lab_args, running

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "browser"

RUN_EVERY_CELL = """
async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.context.ready;
  await panel.sessionContext.ready;
  const nb = panel.content;
  for (let i = 0; i < nb.widgets.length; i++) {
    nb.activeCellIndex = i;
    await app.commands.execute('notebook:run-cell');
  }
  return nb.widgets.map((cell) => ({
    type: cell.model.type,
    tags: cell.model.getMetadata('tags') || [],
    outputs: cell.model.type === 'code' ? cell.model.outputs.toJSON() : [],
    count: cell.model.type === 'code' ? cell.model.executionCount : null,
  }));
}
"""


@pytest.mark.browser
def test_welcome_notebook_runs_in_headless_chromium(tmp_path):
    if CHROMIUM is None:
        missing_tool(
            "no Chromium installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    try:
        import playwright.sync_api as playwright
    except ImportError:
        missing_tool("playwright is not installed (pip install -e '.[dev]')")
    # A throwaway copy: running cells must never write outputs into the repository's notebooks.
    root = tmp_path / "course"
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        *lab_args(tmp_path / "workspaces"),
    ]
    with running(cmd, cwd=root, env=isolated_env(tmp_path), log=tmp_path / "lab.log") as (base, _):
        with playwright.sync_playwright() as p:
            browser = launch_chromium(p)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/lab/tree/notebooks/00-welcome.ipynb?reset&token={TOKEN}")
                page.wait_for_function(NOTEBOOK_OPEN, timeout=90_000)
                cells = page.evaluate(RUN_EVERY_CELL)
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / "00-welcome.png"), full_page=False)
            finally:
                browser.close()
    code = [c for c in cells if c["type"] == "code"]
    assert code and all(c["count"] for c in code), "some code cells did not run"
    for i, cell in enumerate(code):
        errors = [o for o in cell["outputs"] if o.get("output_type") == "error"]
        if "raises-exception" in cell["tags"]:
            assert errors, f"code cell {i} is tagged raises-exception but did not raise"
        else:
            assert not errors, (
                f"code cell {i} raised: {errors[0].get('ename')}: {errors[0].get('evalue')}"
            )
