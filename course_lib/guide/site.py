"""`python -m course_lib site`: the course as a reading site (Jupyter Book 1), built offline.

Why Jupyter Book 1: it builds with Sphinx from local files only (Jupyter Book 2 downloads its
site template at build time) and has Binder and JupyterHub launch buttons. The sources are staged
in build/site/src with the repository's own relative layout, so every link that works on GitHub
works on the site; notebooks are never executed (their cells need the course's servers).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from course_lib import links

HELP = "build the reading site (Jupyter Book 1, offline) into build/site/_build/html"
ROOT = Path(__file__).resolve().parents[2]
PAGES = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE-lessons.md"]
FOLDERS = [("notebooks", "*.ipynb"), ("exercises", "*.ipynb"), ("docs", "**/*.md")]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="build folder")
    parser.add_argument(
        "--hub-url", default="", help="a JupyterHub for the launch button (nbgitpuller)"
    )


def _toc(src: Path) -> str:
    def files(folder: str, pattern: str) -> list[str]:
        return [
            str(p.relative_to(src).with_suffix("")) for p in sorted((src / folder).glob(pattern))
        ]

    parts = [
        ("Lessons", files("notebooks", "*.ipynb")),
        ("Workbooks", files("exercises", "*.ipynb")),
        (
            "Instructors",
            files("docs", "instructor/README.md") + files("docs", "instructor/[!R]*.md"),
        ),
        ("Hub", files("docs", "hub/*.md")),
        ("About", ["CONTRIBUTING", "CHANGELOG", "LICENSE-lessons"]),
    ]
    out = ["format: jb-book", "root: README", "parts:"]
    for caption, chapters in parts:
        if chapters:
            out += [f"  - caption: {caption}", "    chapters:"]
            out += [f"      - file: {c}" for c in chapters]
    return "\n".join(out) + "\n"


_DEFAULT_EXTENSIONS = [  # Jupyter Book 1's own list (jupyter_book.config), in its order
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "myst_nb",
    "jupyter_book",
    "sphinx_comments",
    "sphinx_external_toc",
    "sphinx.ext.intersphinx",
    "sphinx_design",
    "sphinx_book_theme",
]


def _config(hub_url: str) -> str:
    config = {
        "title": "Integration Testing, Hands-On",
        "author": "The Integration Testing, Hands-On authors",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "repository": {"url": links.repository_url(), "branch": "main"},
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "binderhub_url": "https://mybinder.org",
            "jupyterhub_url": hub_url,
            "thebe": False,
        },
        "html": {"use_repository_button": True, "home_page_in_navbar": True},
        "sphinx": {
            "recursive_update": True,  # merge into Jupyter Book's own settings, not replace them
            "config": {
                "html_show_copyright": False,
                "html_last_updated_fmt": None,
                # thebe would fetch its code from unpkg.com (and the theme adds its script twice)
                "extensions": [e for e in _DEFAULT_EXTENSIONS if e != "sphinx_thebe"],
                # pydata-sphinx-theme's documented switch; empty, its script logs a console error
                "html_context": {"default_mode": "auto"},
            },
        },
    }
    return json.dumps(config, indent=2) + "\n"  # JSON is YAML


def _sources() -> list[Path]:
    found = [ROOT / name for name in PAGES]
    for folder, pattern in FOLDERS:
        found += sorted((ROOT / folder).glob(pattern))
    return found


def _relink(text: str, page: Path, pages: set[Path]) -> str:
    """A relative link to a repository file that is not a page goes to that file on GitHub."""

    def fix(match: re.Match) -> str:
        target = match.group(2)
        if re.match(r"[a-z][a-z0-9+.-]*:|#|/", target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve()
        if resolved in pages or not resolved.is_relative_to(ROOT):
            return match.group(0)
        url = f"{links.repository_url()}/blob/main/{resolved.relative_to(ROOT)}"
        return f"{match.group(1)}({url}{'#' + anchor if anchor else ''})"

    # an image from the internet (the README's Binder badge) would not load offline: keep its text
    text = re.sub(r"!\[([^\]]*)\]\(https?://[^)]+\)", r"\1", text)
    return re.sub(r"(\]\s?)\(([^)\s]+)\)", fix, text)


def _copy(path: Path, target: Path, pages: set[Path]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix != ".ipynb":
        target.write_text(_relink(path.read_text(encoding="utf-8"), path, pages), encoding="utf-8")
        return
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = _relink("".join(cell["source"]), path, pages)
    target.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def stage(src: Path) -> Path:
    """Copy the pages into src with their repository paths (links to other files go to the
    repository), plus _config.yml and _toc.yml."""
    shutil.rmtree(src, ignore_errors=True)
    sources = _sources()
    pages = {p.resolve() for p in sources}
    for path in sources:
        _copy(path, src / path.relative_to(ROOT), pages)
    return src


def build(out: Path, hub_url: str = "") -> Path:
    """Stage and build; returns the folder of the HTML pages."""
    src = stage(out / "src")
    (src / "_toc.yml").write_text(_toc(src), encoding="utf-8")
    (src / "_config.yml").write_text(_config(hub_url), encoding="utf-8")
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(src),
        "--path-output",
        str(out),
    ]
    subprocess.run([*command, "--quiet"], check=True)
    return out / "_build" / "html"


def run(args: argparse.Namespace) -> int:
    try:
        html = build(args.out, args.hub_url)
    except subprocess.CalledProcessError as exc:
        print(f"The site did not build (jupyter-book exited with {exc.returncode}); see above.")
        return 1
    except ModuleNotFoundError as exc:
        print(
            f"{exc.name} is missing: the site needs the maintainer tools (make site installs them)."
        )
        return 1
    print(f"Built: {html / 'index.html'}")
    return 0
