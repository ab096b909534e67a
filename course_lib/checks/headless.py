"""Run workbooks in a fresh kernel (nbclient) and collect every check() result.

`check` (a learner's own workbooks, on their own machine): check() appends a JSON line per result
to $COURSE_CHECK_RECORDS (engine.RECORDS_ENV); the runner points that at a temp file, so results
are read back exactly, whatever the cells display. `grade` must not trust a file its kernels can
write: it passes run_workbooks a task that runs each workbook in a sandbox and reads its results
over a sealed channel instead (course_lib.checks.grade_run).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from course_lib.checks.engine import RECORDS_ENV
from course_lib.checks.result import ERROR, FAILED, PASSED, Result

NOT_RUN = "not run"


@dataclass
class WorkbookReport:
    path: Path
    results: list[Result] = field(default_factory=list)
    # cell errors not tagged raises-exception, kernel trouble
    errors: list[str] = field(default_factory=list)
    stderr: str = ""  # graded runs: the tail of a kernel's own output when it died or hung
    seconds: float = 0.0  # graded runs: wall time, kernel starts and re-runs included

    @property
    def passed(self) -> bool:
        return (
            not self.errors and bool(self.results) and all(r.status == PASSED for r in self.results)
        )

    def to_dict(self) -> dict:
        found = {
            "path": str(self.path),
            "passed": self.passed,
            "errors": self.errors,
            "results": [r.to_record() for r in self.results],
        }
        return {**found, "stderr": self.stderr} if self.stderr else found


def lesson_of(path: Path) -> str | None:
    match = re.match(r"(\d\d)-", path.name)
    return match.group(1) if match else None


def find_workbooks(paths) -> list[Path]:
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        else:
            found.append(p)
    return found


def cell_errors(nb) -> list[str]:
    errors = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
            continue
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(
                    f"cell {i + 1} raised {out.get('ename')}: {out.get('evalue')}".strip()
                )
    return errors


def run_workbook(path: Path, *, timeout: float = 120, env: dict | None = None) -> WorkbookReport:
    """Execute one workbook start to end (errors don't stop it) and return its checks."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    report = WorkbookReport(path)
    if not path.exists():
        report.errors.append("file not found")
        return report
    fd, records = tempfile.mkstemp(prefix="course-records-", suffix=".jsonl")
    os.close(fd)
    try:
        nb = nbformat.read(path, as_version=4)
        kernel_env = {**os.environ, **(env or {}), RECORDS_ENV: records, "MPLBACKEND": "agg"}
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=True,
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )
        try:
            # the kernel's stderr (a transport warning) is noise; errors come back as outputs
            client.execute(env=kernel_env, stderr=subprocess.DEVNULL)
        except Exception as exc:  # noqa: BLE001 - a dead kernel or a timeout is one line of report
            report.errors.append(f"the workbook did not finish: {type(exc).__name__}: {exc}"[:500])
        report.errors += cell_errors(nb)
        with open(records, encoding="utf-8") as fh:
            seen = [Result.from_record(json.loads(line)) for line in fh if line.strip()]
    finally:
        os.unlink(records)
    finish_report(report, {r.exercise: r for r in seen})  # the last result per exercise counts
    return report


def finish_report(report: WorkbookReport, latest: dict[str, Result]) -> None:
    """Results in id order, "not run" for each exercise of the workbook's lesson without one."""
    lesson = lesson_of(report.path)
    if lesson is not None:
        from course_lib.checks import registry

        for ex in registry.exercises(lesson):
            if ex.id not in latest:
                latest[ex.id] = Result(
                    ex.id,
                    ex.title,
                    ex.kind,
                    NOT_RUN,
                    "no result: the check cell did not run or is missing.",
                )
    report.results = sorted(
        latest.values(), key=lambda r: tuple(int(p) for p in r.exercise.split(".") if p.isdigit())
    )
    for r in report.results:
        if r.status == ERROR:
            report.errors.append(f"{r.exercise}: engine error: {r.summary}")


def _in_worker(task, path: Path):
    """task(path) in a pool thread; closes the event loop nbclient made for this thread."""
    try:
        return task(path)
    finally:
        from jupyter_core.utils import ensure_event_loop

        ensure_event_loop().close()


def run_workbooks(
    paths,
    *,
    timeout: float = 120,
    jobs: int = 1,
    env: dict | None = None,
    task=None,
    on_done=None,
):
    """Reports in the order of find_workbooks(paths), `jobs` workbooks at a time.

    task(path) -> WorkbookReport runs one workbook (default: run_workbook; `grade` passes its
    sandboxed runner). on_done(report) is called as each workbook finishes (a progress bar).
    """
    books = find_workbooks(paths)
    if task is None:

        def task(path):
            return run_workbook(path, timeout=timeout, env=env)

    def one(path):
        try:
            report = task(path)
        except Exception as exc:  # noqa: BLE001 - one workbook's trouble is one line of report
            report = WorkbookReport(path, errors=[f"not graded: {type(exc).__name__}: {exc}"])
        if on_done is not None:
            on_done(report)
        return report

    if jobs <= 1:
        return [one(p) for p in books]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda p: _in_worker(one, p), books))


__all__ = ["FAILED", "NOT_RUN", "WorkbookReport", "run_workbook", "run_workbooks"]
