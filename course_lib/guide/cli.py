"""`python -m course_lib instructor-notes`: write (or check) the guide's generated pages."""

from __future__ import annotations

import argparse
from pathlib import Path

from course_lib.guide import headers, notes, schedules

HELP = "write docs/instructor/lessons.md and schedules.md from the lessons and the catalog"
ROOT = Path(__file__).resolve().parents[2]
PAGES = {"lessons.md": notes.render, "schedules.md": schedules.render}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="only report whether the pages are up to date"
    )


def pages(root: Path = ROOT) -> dict[Path, str]:
    """Each generated page's path and its current text."""
    lessons = headers.lessons(root / "notebooks")
    return {root / "docs" / "instructor" / name: render(lessons) for name, render in PAGES.items()}


def run(args: argparse.Namespace) -> int:
    stale = []
    for path, text in pages().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    rel = ", ".join(str(p.relative_to(ROOT)) for p in stale) or "none"
    if args.check:
        print(f"Out of date: {rel}." if stale else "The instructor pages are up to date.")
        if stale:
            print("Run: python -m course_lib instructor-notes")
        return 1 if stale else 0
    print(f"Written: {rel}.")
    return 0
