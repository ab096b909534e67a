"""`python -m course_lib progress`: your solved exercises, one table section per lesson."""

from __future__ import annotations

import json

HELP = "show your progress per lesson (from the per-user progress file)"


def add_arguments(parser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args) -> int:
    from course_lib.checks import progress

    if args.json:
        print(json.dumps(progress.by_lesson(), indent=1, sort_keys=True))
        return 0
    from rich.console import Console

    console = Console()
    for grid in progress.tables():
        console.print(grid)
    console.print(f"Progress file: {progress.progress_path()}", style="dim")
    return 0
