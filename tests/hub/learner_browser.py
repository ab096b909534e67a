"""A learner in Chromium: log in to the hub, follow the nbgitpuller link, run workbook cells.

Runs are started without waiting (window.__hubRun), so two learners' kernels work at the same time
while one Python thread drives both pages.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from tests.notebooks.browser import NOTEBOOK_OPEN

START_RUN = """
([sources, appended, indices]) => {
  window.__hubRun = null;
  (async () => {
    const app = window.jupyterapp;
    const panel = app.shell.currentWidget;
    await panel.context.ready;
    await panel.sessionContext.ready;
    const nb = panel.content;
    for (const [i, src] of Object.entries(sources)) nb.widgets[+i].model.sharedModel.setSource(src);
    const first = nb.widgets.length;
    appended.forEach((src, k) =>
      nb.model.sharedModel.insertCell(first + k, {cell_type: 'code', source: src}));
    const run = [...indices, ...appended.map((_, k) => first + k)];
    for (const i of run) {
      nb.activeCellIndex = i;
      await app.commands.execute('notebook:run-cell');
    }
    return run.map((i) => nb.widgets[i].model.outputs.toJSON());
  })().then((r) => { window.__hubRun = {outputs: r}; },
            (e) => { window.__hubRun = {error: String(e)}; });
}
"""


def pull_link(repo: str, branch: str, urlpath: str) -> str:
    """The nbgitpuller link, as a path on the hub (prefix it with the hub's URL)."""
    query = urlencode({"repo": repo, "branch": branch, "urlpath": urlpath})
    return f"/hub/user-redirect/git-pull?{query}"


def log_in(page, hub_url: str, name: str, next_path: str) -> None:
    """Open the login page with `next` set to the link and submit (returns before the redirect)."""
    page.goto(f"{hub_url}/hub/login?next={quote(next_path, safe='')}")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "any password: the dummy authenticator takes it")
    page.click("#login_submit", no_wait_after=True)


def wait_for_lab(page, name: str, *, notebook: bool, timeout_ms: int = 300_000) -> None:
    page.wait_for_url(re.compile(rf".*/user/{name}/lab.*"), timeout=timeout_ms)
    if notebook:
        page.wait_for_function(NOTEBOOK_OPEN, timeout=timeout_ms)
    else:
        page.wait_for_function("() => !!window.jupyterapp", timeout=timeout_ms)


def start_run(page, sources: dict[int, str], appended: list[str], indices: list[int]) -> None:
    page.evaluate(START_RUN, [{str(k): v for k, v in sources.items()}, appended, indices])


def finish_run(page, timeout_ms: int = 300_000) -> list[list[dict]]:
    page.wait_for_function("() => window.__hubRun !== null", timeout=timeout_ms)
    result = page.evaluate("() => window.__hubRun")
    assert "error" not in result, f"running the cells failed in the browser: {result['error']}"
    return result["outputs"]


def text_of(outputs: list[dict]) -> str:
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            text = out.get("text", "")
            parts.append("".join(text) if isinstance(text, list) else text)
    return "".join(parts)


def errors_in(outputs_per_cell: list[list[dict]]) -> list[str]:
    return [
        f"{o.get('ename')}: {o.get('evalue')}"
        for outs in outputs_per_cell
        for o in outs
        if o.get("output_type") == "error"
    ]
