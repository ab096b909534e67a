"""`python -m course_lib grade FOLDER`: run every learner's workbooks headless, one class report.

Layout: FOLDER/<learner>/NN-*.ipynb (or FOLDER/*.ipynb, one learner per file stem). Workbooks run
learners' code: grade only on a machine/account meant for it. Exit 0 when the report was made.
"""

from __future__ import annotations

import html
import json
import tempfile
from pathlib import Path

HELP = "run a folder of learners' workbooks headless and print one class report"
_MARK = {"passed": "✓", "not done yet": "·", "not run": "-", "error": "!"}


def add_arguments(parser) -> None:
    parser.add_argument("folder", type=Path, help="FOLDER/<learner>/NN-*.ipynb")
    parser.add_argument("--json", action="store_true", help="machine-readable report")
    parser.add_argument("--html", type=Path, help="also write the report as an HTML table")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="workbooks to run at once (default 1)")


def learner_of(path: Path, folder: Path) -> str:
    parts = path.relative_to(folder).parts
    return parts[0] if len(parts) > 1 else path.stem


def class_report(reports, folder: Path) -> dict:
    """{"exercises": [ids], "learners": {name: {"score", "total", "results", "errors"}}}"""
    learners: dict[str, dict] = {}
    for rep in reports:
        entry = learners.setdefault(learner_of(rep.path, folder), {"results": {}, "errors": []})
        entry["results"].update({r.exercise: r.status for r in rep.results})
        entry["errors"] += [f"{rep.path.name}: {e}" for e in rep.errors]
    exercises = sorted(
        {ex for e in learners.values() for ex in e["results"]},
        key=lambda i: tuple(int(p) for p in i.split(".")),
    )
    for entry in learners.values():
        entry["score"] = sum(s == "passed" for s in entry["results"].values())
        entry["total"] = len(exercises)
    return {"exercises": exercises, "learners": dict(sorted(learners.items()))}


def _table(report: dict):
    from rich.table import Table

    table = Table(title="Class report (✓ passed · not done ✗ failed - not run ! error)")
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


def to_html(report: dict) -> str:
    e = html.escape
    head = "".join(f"<th>{e(x)}</th>" for x in ["learner", *report["exercises"], "score"])
    rows = []
    for name, entry in report["learners"].items():
        cells = "".join(
            f"<td>{e(_MARK.get(entry['results'].get(x, 'not run'), '✗'))}</td>"
            for x in report["exercises"]
        )
        rows.append(f"<tr><td>{e(name)}</td>{cells}<td>{entry['score']}/{entry['total']}</td></tr>")
    return (
        f"<!doctype html><meta charset='utf-8'><title>Class report</title><table border=1>"
        f"<tr>{head}</tr>{''.join(rows)}</table>\n"
    )


def run(args) -> int:
    from course_lib.checks.headless import find_workbooks, run_workbooks

    books = find_workbooks([args.folder])
    if not books:
        print(f"No workbooks found in {args.folder}.")
        return 2
    with tempfile.TemporaryDirectory() as tmp:  # grading must not touch anyone's progress file
        reports = run_workbooks(
            books,
            timeout=args.timeout,
            jobs=args.jobs,
            env={"COURSE_PROGRESS_FILE": str(Path(tmp) / "progress.json")},
        )
    report = class_report(reports, args.folder)
    if args.html:
        args.html.write_text(to_html(report), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        from rich.console import Console

        Console().print(_table(report))
        for name, entry in report["learners"].items():
            for err in entry["errors"]:
                print(f"{name}: {err}")
    return 0
