"""A real browser opens notebooks/00 in JupyterLab, runs every cell, sees no unexpected error."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import missing_tool

from tests.notebooks.jupyter_server import TOKEN, isolated_env, lab_args, running

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
    None,
)
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

NOTEBOOK_OPEN = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.content && w.sessionContext && w.content.widgets && w.content.widgets.length);
}"""


@pytest.mark.browser
def test_welcome_notebook_runs_in_headless_chromium(tmp_path):
    if CHROMIUM is None:
        missing_tool("no Chromium installed (Debian: apt-get install chromium); .ci/run installs it")
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
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
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
