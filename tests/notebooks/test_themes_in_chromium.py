"""Check feedback, progress and the doctor table are readable in JupyterLab, light and dark.

A real browser runs a small generated notebook (a failing, a passing and an unfinished check,
show_progress(), the doctor table) in the light and the dark theme at 1280 and 560 px, and
measures what a learner sees: no terminal escape codes; every table fits its output (it reflows;
nothing is cut off or hidden); every status text has WCAG AA contrast (4.5:1) against its
effective background, computed from the browser's colours. Screenshots: artifacts/screenshots/.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from course_lib.theme import contrast_ratio, over, parse_colour
from tests.helpers import missing_tool
from tests.notebooks.browser import CHROMIUM, NOTEBOOK_OPEN, launch_chromium
from tests.notebooks.jupyter_server import TOKEN, isolated_env, lab_args, running

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
NOTEBOOK = "zz-themes.ipynb"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
# (viewport width, file browser open?): JupyterLab opens with the file browser; at 560 px that
# leaves the notebook about 200 px, and a learner may close it to get about 500 px.
LAYOUTS = [(1280, True), (560, True), (560, False)]
HEIGHT = 3200  # tall enough that every output is laid out (JupyterLab virtualises off-screen cells)
AA = 4.5

LONG = "postgresql+psycopg://learner:***@127.0.0.1:5432/" + "a_database_name_that_never_breaks" * 3
CELLS = [
    "from course_lib.notebook import setup\nsetup()",
    "from course_lib.checks import check\ncheck('00.2', lambda items: 0)",
    "def cart_total(items):\n"
    "    return sum(item['price_cents'] * item['qty'] for item in items)\n\n"
    "check('00.2', cart_total)",
    "def total_cents(prices_cents, discount_percent=0):\n"
    "    raise NotImplementedError\n\n"
    "check('00.1', total_cents)",
    "from course_lib.checks.progress import show_progress\nshow_progress()",
    "from course_lib.doctor import show\nshow(start=False)",
    # Every doctor status and a long unbreakable value, whatever this machine has installed.
    "from course_lib import doctor\ndoctor.render([\n"
    "    {'item': 'Python', 'ok': True, 'optional': False, 'detail': '3.11', 'advice': ''},\n"
    "    {'item': 'Docker engine', 'ok': False, 'optional': True, 'detail': 'not running',\n"
    "     'advice': 'Nothing to do: without Docker the course uses embedded servers.'},\n"
    f"    {{'item': 'service: postgres', 'ok': False, 'optional': False, 'detail': {LONG!r},\n"
    "     'advice': 'Set `COURSE_DATABASE_URL` to a server you can reach, or unset it.'},\n"
    "])",
]
# Outputs photographed in every view (cell index in CELLS), to look at after a run.
SHOT_CELLS = {"check-failed": 1, "progress": 4, "doctor": 6}
# Seeded progress for lesson 01, so the progress table shows every status a check can leave.
SEEDED = {"failed": "code", "error": "code", "not done yet": "code"}

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
  return nb.widgets.map((cell) => cell.model.outputs.toJSON());
}
"""


THEME_READY = """([name, light]) =>
  document.body.dataset.jpThemeName === name &&
  document.body.dataset.jpThemeLight === String(light)"""

CHANGE_THEME = (
    "(name) => window.jupyterapp.commands.execute('apputils:change-theme', {theme: name})"
)
SIDEBAR = (
    "(open) => open ? window.jupyterapp.shell.expandLeft() : window.jupyterapp.shell.collapseLeft()"
)

# After a resize or theme change: two animation frames, so layout and styles are settled.
SETTLE = "() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))"

MEASURE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const outputs = [...panel.node.querySelectorAll('.jp-OutputArea-output')];
  const css = (el) => getComputedStyle(el);
  const backgrounds = (el) => {
    const found = [];
    for (let n = el; n; n = n.parentElement) {
      const bg = css(n).backgroundColor;
      if (bg && bg !== 'transparent' && bg !== 'rgba(0, 0, 0, 0)') found.push(bg);
    }
    return found;
  };
  const clipping = (el, stop) => {
    const found = [];
    for (let n = el; n && n !== stop.parentElement; n = n.parentElement) {
      const s = css(n);
      if (['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY))
        found.push(n.tagName + '.' + n.className);
    }
    return found;
  };
  const statuses = [...panel.node.querySelectorAll('.jp-OutputArea-output .cl-status')].map(
    (el) => ({
      classes: el.className, text: el.textContent.trim(), color: css(el).color,
      backgrounds: backgrounds(el), visible: el.getClientRects().length > 0,
    }));
  const tables = [...panel.node.querySelectorAll('.jp-OutputArea-output table')].map((t) => {
    const box = t.parentElement;
    const out = t.closest('.jp-OutputArea-output');
    return {
      caption: t.caption ? t.caption.textContent : '',
      scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
      tableRight: t.getBoundingClientRect().right, outputRight: out.getBoundingClientRect().right,
      clipping: clipping(t, out),
    };
  });
  const html = outputs.filter((o) => o.classList.contains('jp-RenderedHTMLCommon')).map((o) => ({
    scrollWidth: o.scrollWidth, clientWidth: o.clientWidth,
    themed: !!o.querySelector('.cl-theme'),
  }));
  return {
    text: outputs.map((o) => o.innerText).join('\\n'),
    statuses, tables, html, width: window.innerWidth,
  };
}"""


def _notebook(path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def _seed_progress(path: Path) -> None:
    from course_lib.checks import registry

    lesson = [ex for ex in registry.exercises() if ex.lesson == "01"]
    exercises = {
        ex.id: {"attempts": 1, "passed": False, "status": status, "title": ex.title, "kind": kind}
        for ex, (status, kind) in zip(lesson, SEEDED.items(), strict=False)
    }
    path.write_text(json.dumps({"version": 1, "exercises": exercises}))


def _effective_background(layers: list[str]) -> tuple[float, ...]:
    """The colour behind an element: its own and its ancestors' backgrounds over a white canvas."""
    colour: tuple[float, ...] = (255.0, 255.0, 255.0, 1.0)
    for layer in reversed(layers):
        colour = over(parse_colour(layer), colour)
    return colour


def _contrast(status: dict) -> float:
    return contrast_ratio(status["color"], _effective_background(status["backgrounds"]))


def _status_word(status: dict) -> str:
    return next(c for c in status["classes"].split() if c.startswith("cl-status-"))


def _check_view(view: dict, label: str) -> dict[str, float]:
    """Assert one rendering; return the lowest contrast per status class seen in it."""
    assert "\x1b" not in view["text"] and "[0m" not in view["text"], f"{label}: escape codes"
    assert view["html"] and all(h["themed"] for h in view["html"]), f"{label}: unthemed output"
    for h in view["html"]:
        assert h["scrollWidth"] <= h["clientWidth"] + 1, f"{label}: an output overflows: {h}"
    # Rule for tables: each one fits (reflows) inside its box and its output; nothing is clipped.
    assert len(view["tables"]) >= 6, f"{label}: expected progress and doctor tables"
    for t in view["tables"]:
        assert t["scrollWidth"] <= t["clientWidth"] + 1, f"{label}: table cut off: {t}"
        assert t["tableRight"] <= t["outputRight"] + 1, f"{label}: table past its output: {t}"
        assert not t["clipping"], f"{label}: overflow hidden around a table: {t}"
    lowest: dict[str, float] = {}
    for status in view["statuses"]:
        assert status["visible"], f"{label}: a hidden status {status}"
        assert status["text"][:1] in "✓✗·!-", f"{label}: status without a mark: {status}"
        word = _status_word(status)
        lowest[word] = min(lowest.get(word, 99.0), _contrast(status))
    for word, ratio in lowest.items():
        assert ratio >= AA, f"{label}: {word} has contrast {ratio:.2f}:1 (< {AA}:1)"
    return lowest


def _open_lab(root: Path, tmp_path: Path):
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--allow-root",
        f"--LabApp.user_settings_dir={tmp_path / 'user-settings'}",
        *lab_args(tmp_path / "workspaces"),
    ]
    env = isolated_env(tmp_path)
    # The theme switch is saved as a user setting: keep it out of the learner's ~/.jupyter.
    settings = tmp_path / "user-settings"
    env["JUPYTERLAB_SETTINGS_DIR"] = str(settings)
    # Lay out every cell (no virtual scrolling), so off-screen outputs are measured too.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    _seed_progress(Path(env["COURSE_PROGRESS_FILE"]))
    return running(cmd, cwd=root, env=env, log=tmp_path / "lab.log")


def _views(page) -> dict[str, dict]:
    """Measure and screenshot each theme at each width, the file browser open and then closed."""
    views = {}
    for theme, name in THEMES.items():
        page.evaluate(CHANGE_THEME, name)
        page.wait_for_function(THEME_READY, arg=[name, theme == "light"], timeout=30_000)
        for width, sidebar in LAYOUTS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.evaluate(SIDEBAR, sidebar)
            page.wait_for_timeout(300)  # JupyterLab lays its panels out on a resize message
            page.evaluate(SETTLE)
            label = f"{theme}-{width}" + ("" if sidebar else "-no-sidebar")
            views[label] = page.evaluate(MEASURE)
            page.screenshot(path=str(SHOTS / f"themes-{label}.png"))
            for name, index in SHOT_CELLS.items():
                cell = page.locator(".jp-Notebook .jp-Cell").nth(index)
                cell.locator(".jp-OutputArea").screenshot(path=str(SHOTS / f"{name}-{label}.png"))
    return views


@pytest.mark.browser
def test_feedback_progress_and_doctor_are_readable_in_light_and_dark(tmp_path):
    if CHROMIUM is None:
        missing_tool(
            "no Chromium installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    try:
        import playwright.sync_api as playwright
    except ImportError:
        missing_tool("playwright is not installed (pip install -e '.[dev]')")
    root = tmp_path / "course"  # a throwaway copy: running cells never touches the repository
    for folder in ("notebooks", "exercises"):
        shutil.copytree(ROOT / folder, root / folder)
    _notebook(root / "notebooks" / NOTEBOOK)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with _open_lab(root, tmp_path) as (base, _), playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": LAYOUTS[0][0], "height": HEIGHT})
            page.goto(f"{base}/lab/tree/notebooks/{NOTEBOOK}?reset&token={TOKEN}")
            page.wait_for_function(NOTEBOOK_OPEN, timeout=90_000)
            outputs = page.evaluate(RUN_EVERY_CELL)
            views = _views(page)
        finally:
            browser.close()
    errors = [o for cell in outputs for o in cell if o.get("output_type") == "error"]
    assert not errors, f"a cell raised: {errors[0].get('ename')}: {errors[0].get('evalue')}"
    report = {label: _check_view(view, label) for label, view in views.items()}
    seen = set().union(*report.values())
    for word in ("passed", "failed", "not-done-yet", "error", "not-started", "ok", "optional"):
        assert f"cl-status-{word}" in seen, f"no {word} status was rendered"
    assert "cl-status-missing" in seen
    (SHOTS / "themes-contrast.json").write_text(json.dumps(report, indent=1, sort_keys=True))
