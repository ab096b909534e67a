"""Headless Chromium for the browser tests: where it is, how to launch it, when a notebook is open.

Debian's chromium, driven by Playwright (its own browser download fails here); the flags keep it
from reaching beyond loopback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()),
    None,
)

NOTEBOOK_OPEN = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  return !!(w && w.content && w.sessionContext && w.content.widgets && w.content.widgets.length);
}"""


def launch_chromium(playwright):
    """A headless Chromium that makes no connection of its own (updates, sync, QUIC)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-quic",
            "--disable-sync",
        ],
    )
