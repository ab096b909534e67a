"""`python -m course_lib check PATH...`: run workbooks headless; exit 0 only if all checks pass."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HELP = "run workbooks in a fresh kernel and report every check (exit 0 only if all pass)"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="workbooks or folders of workbooks")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="workbooks to run at once (default 1)")


def _print_text(reports) -> None:
    from course_lib.checks.result import NOT_DONE, PASSED

    for rep in reports:
        print(f"{rep.path}")
        for r in rep.results:
            if r.status in (PASSED, NOT_DONE):
                print(f"  {'✓' if r.passed else '·'} {r.exercise} {r.title}: {r.summary}")
            else:
                print("\n".join("  " + line for line in str(r).splitlines()))
        for err in rep.errors:
            print(f"  ! {err}")
    results = [r for rep in reports for r in rep.results]
    ok = sum(r.passed for r in results)
    others = Counter(r.status for r in results if not r.passed)
    detail = (
        f" ({', '.join(f'{n} {status}' for status, n in sorted(others.items()))})" if others else ""
    )
    print(f"{ok} of {len(results)} checks passed{detail} in {len(reports)} workbook(s).")


def outcome(reports) -> tuple[int, dict]:
    """(exit code, JSON payload): 0 only if there are workbooks and every check in them passed."""
    passed = bool(reports) and all(rep.passed for rep in reports)
    return (0 if passed else 1), {"passed": passed, "workbooks": [r.to_dict() for r in reports]}


def run(args) -> int:
    from course_lib.checks.headless import run_workbooks

    reports = run_workbooks(args.paths, timeout=args.timeout, jobs=args.jobs)
    code, payload = outcome(reports)
    if args.json:
        print(json.dumps(payload, indent=1))
    else:
        if not reports:
            print("No workbooks found.")
        _print_text(reports)
    return code
