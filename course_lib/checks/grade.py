"""`python -m course_lib grade FOLDER`: every learner's workbooks, each in a sandbox, one report.

Layout: FOLDER/<learner>/NN-*.ipynb (or FOLDER/*.ipynb, one learner per file stem). Each workbook
runs in its own box (course_lib.checks.grade_box; what it guarantees:
docs/instructor/grading.md), its results come back sealed (grade_channel), never from a file.
Exit 0 when the report was made.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from course_lib.checks.grade_progress import progress_bar
from course_lib.checks.report_html import to_html

HELP = "grade a folder of learners' workbooks, each in a sandbox, into one class report"
_MARK = {"passed": "✓", "not done yet": "·", "not run": "-", "error": "!"}
_RANK = {"passed": 4, "failed": 3, "not done yet": 2, "error": 1, "not run": 0}


def add_arguments(parser) -> None:
    parser.add_argument("folder", type=Path, help="FOLDER/<learner>/NN-*.ipynb")
    parser.add_argument("--json", action="store_true", help="machine-readable report")
    parser.add_argument("--html", type=Path, help="also write the report (with a chart) as HTML")
    parser.add_argument("--csv", type=Path, help="also write learner,exercise,status,points rows")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per cell (default 120)")
    parser.add_argument(
        "--budget", type=float, default=600, help="seconds per workbook, re-runs included (600)"
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=2048,
        help="MB per workbook: each process, and all of them together where a memory cgroup "
        "can be made (default 2048)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="workbooks to run at once (default 1)")


def learner_of(path: Path, folder: Path) -> str:
    parts = path.relative_to(folder).parts
    return parts[0] if len(parts) > 1 else path.stem


def _catalog(lessons: set[str]) -> dict[str, int]:
    """exercise id -> points, for every exercise of these lessons."""
    from course_lib.checks import registry

    return {ex.id: ex.points for lesson in sorted(lessons) for ex in registry.exercises(lesson)}


def _order(ex_id: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in ex_id.split("."))


def class_report(reports, folder: Path) -> dict:
    """{"exercises": [ids], "points": {id: n}, "learners": {name: {"score", "total", "results",
    "errors", "stderr"}}}; a learner's best result per exercise counts."""
    from course_lib.checks.headless import lesson_of

    learners: dict[str, dict] = {}
    for rep in reports:
        entry = learners.setdefault(
            learner_of(rep.path, folder), {"results": {}, "errors": [], "stderr": {}}
        )
        for r in rep.results:
            old = entry["results"].get(r.exercise, "not run")
            if _RANK.get(r.status, 1) >= _RANK.get(old, 1):
                entry["results"][r.exercise] = r.status
        entry["errors"] += [f"{rep.path.name}: {e}" for e in rep.errors]
        if getattr(rep, "stderr", ""):
            entry["stderr"][rep.path.name] = rep.stderr
    points = _catalog({lesson_of(rep.path) for rep in reports} - {None})
    for entry in learners.values():
        points.update({ex: points.get(ex, 1) for ex in entry["results"]})
    exercises = sorted(points, key=_order)
    for entry in learners.values():
        entry["score"] = sum(points[ex] for ex, s in entry["results"].items() if s == "passed")
        entry["total"] = sum(points.values())
    return {"exercises": exercises, "points": points, "learners": dict(sorted(learners.items()))}


def _table(report: dict):
    from rich.table import Table

    table = Table(title="Class report")
    table.add_column("learner")
    for ex in report["exercises"]:
        table.add_column(ex, justify="center")
    table.add_column("score", justify="right")
    for name, entry in report["learners"].items():
        marks = [_MARK.get(entry["results"].get(ex, "not run"), "✗") for ex in report["exercises"]]
        table.add_row(name, *marks, f"{entry['score']}/{entry['total']}")
    solved = [
        sum(e["results"].get(ex) == "passed" for e in report["learners"].values())
        for ex in report["exercises"]
    ]
    table.add_section()
    table.add_row("solved by", *map(str, solved), "")
    return table


def write_csv(report: dict, path: Path) -> None:
    """One row per learner and exercise: learner, exercise, status, points earned."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["learner", "exercise", "status", "points"])
        for name, entry in report["learners"].items():
            for ex in report["exercises"]:
                status = entry["results"].get(ex, "not run")
                out.writerow([name, ex, status, report["points"][ex] if status == "passed" else 0])


def _print_text(report: dict) -> None:
    from rich.console import Console

    Console().print(_table(report))
    print("✓ passed  · not done yet  ✗ failed  - not run  ! error; score in points")
    for name, entry in report["learners"].items():
        for err in entry["errors"]:
            print(f"{name}: {err}")
        for book, text in entry["stderr"].items():
            last = "\n".join("    " + line for line in text.strip().splitlines()[-12:])
            print(f"{name}: {book}: the kernel's last output:\n{last}")
    print(f"Isolation: {report['isolation']}")


def run(args) -> int:
    from course_lib.checks.grade_box import Limits, isolation_summary
    from course_lib.checks.grade_inputs import Grading
    from course_lib.checks.grade_run import grade_workbook
    from course_lib.checks.headless import find_workbooks, run_workbooks

    books = find_workbooks([args.folder])
    if not books:
        print(f"No workbooks found in {args.folder}.")
        return 2
    limits = Limits(
        cell_timeout=args.timeout,
        budget=getattr(args, "budget", 600),
        memory_mb=getattr(args, "memory", 2048),
        box_memory_mb=getattr(args, "memory", 2048),
    )
    grading = Grading(args.folder, limits)

    def task(path: Path):
        return grade_workbook(path, **grading.for_path(path))

    with progress_bar(len(books)) as advance:
        reports = run_workbooks(books, jobs=args.jobs, task=task, on_done=advance)
    report = class_report(reports, args.folder)
    report["isolation"] = isolation_summary()
    if args.html:
        args.html.write_text(to_html(report), encoding="utf-8")
    if getattr(args, "csv", None):
        write_csv(report, args.csv)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        _print_text(report)
    if "not root" in report["isolation"]:
        print(f"Warning: isolation is {report['isolation']}.", file=sys.stderr)
    return 0
