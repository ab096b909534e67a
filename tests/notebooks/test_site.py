"""`make site` builds the reading site offline, and every page works with the network cut off.

Static check: every internal link and anchor resolves, no page loads a script, style or image from
the internet. Browser check (Chromium, every request beyond loopback aborted): every page loads
without a console error or a failed request.
"""

from __future__ import annotations

import functools
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from course_lib import links
from course_lib.guide import site
from tests.helpers import missing_tool
from tests.notebooks.browser import CHROMIUM, launch_chromium

pytestmark = pytest.mark.slow


class _Page(HTMLParser):
    """The ids, links and loaded assets of one HTML page."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.assets = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.assets.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") != "canonical":
            self.assets.append(a["href"])


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> Path:
    return site.build(tmp_path_factory.mktemp("site"))


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def test_every_lesson_and_guide_page_is_built(html):
    built = {str(p.relative_to(html)) for p in _pages(html)}
    for notebook in sorted((site.ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"notebooks/{notebook.stem}.html" in built
        assert f"exercises/{notebook.stem}.html" in built
    for page in ("docs/instructor/README.html", "docs/instructor/lessons.html", "README.html"):
        assert page in built


def test_internal_links_resolve_and_nothing_loads_from_the_internet(html):
    broken, remote = [], []
    for path in _pages(html):
        page = _parse(path)
        remote += [
            f"{path.name}: {a}" for a in page.assets if urlsplit(a).scheme in ("http", "https")
        ]
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or href.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_file():
                broken.append(f"{path.relative_to(html)} -> {href}")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in _parse(target).ids:
                    broken.append(f"{path.relative_to(html)} -> {href} (no such anchor)")
    assert not broken, f"{len(broken)} broken links, e.g. {broken[:5]}"
    assert not remote, f"pages load from the internet: {remote[:5]}"


def test_launch_buttons_use_the_repository_setting(html):
    owner_repo = urlsplit(links.repository_url()).path.strip("/")
    text = (html / "notebooks" / "00-welcome.html").read_text(encoding="utf-8")
    assert f"https://mybinder.org/v2/gh/{owner_repo}/" in text, "no Binder launch button"
    assert links.repository_url() in text, "no repository button"


@pytest.fixture
def served(html):
    handler = functools.partial(_Quiet, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reports what matters
        pass


@pytest.mark.browser
def test_every_page_loads_in_chromium_offline(html, served):
    if CHROMIUM is None:
        missing_tool(
            "no Chromium installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    try:
        import playwright.sync_api as playwright
    except ImportError:
        missing_tool("playwright is not installed (pip install -e '.[dev]')")
    problems: list[str] = []
    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: _loopback_only(route, problems))
            page.on(
                "console", lambda m: m.type == "error" and problems.append(f"console: {m.text}")
            )
            page.on("pageerror", lambda e: problems.append(f"script error: {e}"))
            page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})"))
            for path in _pages(html):
                before = len(problems)
                page.goto(f"{served}/{path.relative_to(html).as_posix()}", wait_until="load")
                if path.name == "index.html":  # Jupyter Book's redirect to the root page
                    page.wait_for_url(f"{served}/README.html")
                problems[before:] = [f"{path.relative_to(html)}: {x}" for x in problems[before:]]
        finally:
            browser.close()
    assert not problems, f"{len(problems)} problems, e.g. {problems[:5]}"


def _loopback_only(route, problems: list[str]) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        problems.append(f"tried to reach {route.request.url}")
        route.abort()
