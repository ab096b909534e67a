"""`python -m course_lib progress`: your solved exercises, one table section per lesson.

It never crashes: an unreadable progress file is moved aside (and said so), an unreachable one
gets one sentence saying what to do.
"""

from __future__ import annotations

import json
import warnings

HELP = "show your progress per lesson (from the per-user progress file)"


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args) -> int:
    from course_lib.checks import progress

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", progress.ProgressWarning)
        try:
            lessons = progress.by_lesson()
        except OSError as exc:
            print(f"Could not read your progress file {progress.progress_path()}: {exc.strerror}.")
            print("Check that its folder exists and is writable, or set COURSE_PROGRESS_FILE.")
            return 1
    for warning in caught:
        print(f"Note: {warning.message}")
    if args.json:
        print(json.dumps(lessons, indent=1, sort_keys=True))
        return 0
    from rich.console import Console

    console = Console()
    for grid in progress.tables():
        console.print(grid)
    console.print(f"Progress file: {progress.progress_path()}", style="dim")
    return 0
