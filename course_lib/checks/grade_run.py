"""Grade one workbook: run it in a boxed kernel within its budget, losing as little as possible.

The learner's file is read once (bytes, copied into the box); nothing is ever written back.
After every cell that calls check(), the kernel's results are collected over the sealed channel,
so a later hang or crash loses nothing already checked. A cell that runs past its limit or kills
the kernel is skipped: a fresh kernel replays the cells before it (except check cells, already
collected) and runs the rest, so correct later answers still count. The whole workbook, kernel
starts and replays included, stays within `limits.budget` seconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from time import monotonic

from course_lib.checks.grade_box import Box, Limits
from course_lib.checks.grade_inputs import read_regular
from course_lib.checks.headless import WorkbookReport, cell_errors, finish_report, lesson_of
from course_lib.checks.result import Result

MAX_KERNELS = 5  # one workbook never starts more kernels than this
COLLECT_SECONDS = 30.0
_CHECK_CALL = re.compile(r"\bcheck\s*\(")


class _Stop(Exception):
    """This kernel is done for (timeout, death, budget): the message says why."""

    def __init__(self, message: str, cell: int | None = None, budget: bool = False):
        super().__init__(message)
        self.cell, self.budget = cell, budget


class _Run:
    def __init__(self, path: Path, nb, box: Box, report: WorkbookReport):
        self.path, self.nb, self.box, self.report = path, nb, box, report
        self.limits = box.limits
        self.deadline = monotonic() + self.limits.budget
        self.code = [
            i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()
        ]
        self.checks = {i for i in self.code if _CHECK_CALL.search(nb.cells[i].source)}
        self.skip: set[int] = set()
        self.done = 0  # position in self.code of the first cell not run yet
        self.found: dict[str, dict] = {}

    def left(self) -> float:
        return self.deadline - monotonic()

    def plan(self) -> list[int]:
        replay = [i for i in self.code[: self.done] if i not in self.skip and i not in self.checks]
        return replay + [i for i in self.code[self.done :] if i not in self.skip]

    def run(self) -> None:
        for _ in range(MAX_KERNELS):
            if not self._one_kernel():
                return
        self.report.errors.append(f"gave up after {MAX_KERNELS} kernels; later cells did not run")

    def _one_kernel(self) -> bool:
        """Run the plan in a fresh kernel; True when another kernel should continue."""
        from course_lib.checks.grade_kernel import Kernel

        if self.left() <= 1:
            self._budget_note()
            return False
        kernel = Kernel(self.nb, self.box, self.left())
        if kernel.client is None:
            self.report.errors.append(f"the kernel did not start: {kernel.start_error}")
            self._keep_stderr(kernel)
            return False
        try:
            self._run_plan(kernel)
            self._collect(kernel, final=True)
            self.done = len(self.code)
            return False
        except _Stop as stop:
            self.report.errors.append(str(stop))
            if stop.budget:
                return False
            self._keep_stderr(kernel)
            self.skip.add(stop.cell)
            self.done = max(self.done, self.code.index(stop.cell) + 1)
            return True
        finally:
            kernel.stop()

    def _run_plan(self, kernel) -> None:
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        for i in self.plan():
            seconds = min(self.limits.cell_timeout, self.left())
            if seconds <= 1:
                raise _Stop(self._budget_text(i), i, budget=True)
            try:
                kernel.run_cell(self.nb.cells[i], i, seconds)
            except CellTimeoutError:
                if seconds < self.limits.cell_timeout:
                    raise _Stop(self._budget_text(i), i, budget=True) from None
                raise _Stop(
                    f"cell {i + 1} ran past its {self.limits.cell_timeout:g} s limit: stopped; "
                    "the cells after it ran in a fresh kernel",
                    i,
                ) from None
            except DeadKernelError:
                raise _Stop(
                    f"the kernel died in cell {i + 1}; the cells after it ran in a fresh kernel",
                    i,
                ) from None
            if i in self.checks:
                self._collect(kernel)
            if self.code.index(i) >= self.done:
                self.done = self.code.index(i) + 1

    def _collect(self, kernel, final: bool = False) -> None:
        records = kernel.collect(min(COLLECT_SECONDS, max(1.0, self.left())))
        if records is not None:
            self.found.update(records)  # cumulative: a later collect also brings these
        elif final:
            self.report.errors.append("results could not be collected from the kernel")

    def _budget_text(self, cell: int) -> str:
        return (
            f"the workbook's time budget ({self.limits.budget:g} s) ran out at cell {cell + 1}; "
            "later cells did not run"
        )

    def _budget_note(self) -> None:
        nxt = self.code[self.done] if self.done < len(self.code) else len(self.nb.cells)
        self.report.errors.append(self._budget_text(nxt))

    def _keep_stderr(self, kernel) -> None:
        text = kernel.stderr().strip()
        if text:
            self.report.stderr += ("\n" if self.report.stderr else "") + text


def _results(found: dict[str, dict], lesson: str | None, report: WorkbookReport) -> dict:
    """Records -> Results, only for exercises of this workbook's lesson."""
    seen: dict[str, Result] = {}
    for ex_id, record in found.items():
        if lesson is not None and ex_id.split(".")[0] != lesson:
            continue
        try:
            seen[ex_id] = Result.from_record(record)
        except (TypeError, ValueError, AttributeError):
            report.errors.append(f"{ex_id}: the kernel sent an unreadable result")
    return seen


def grade_workbook(
    path: Path, *, limits: Limits | None = None, hide=(), files=None, watch=None
) -> WorkbookReport:
    """Run one learner's workbook in a box; `files` (name -> bytes) go in beside it.

    watch(box), if given, is called once the box exists (the classroom bench reads its user).
    """
    import nbformat

    path = Path(path)
    report = WorkbookReport(path)
    limits = limits or Limits()
    started = monotonic()
    try:
        data = read_regular(path)
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    except (OSError, ValueError) as exc:
        report.errors.append(f"could not read the workbook: {type(exc).__name__}: {exc}"[:300])
        return report
    box = Box({path.name: data, **(files or {})}, limits, hide)
    if watch is not None:
        watch(box)
    run = _Run(path, nb, box, report)
    try:
        run.run()
    finally:
        box.close()
    for i in run.skip:  # already reported as stopped or crashed; their outputs are partial
        nb.cells[i].outputs = []
    report.errors[:0] = cell_errors(nb)
    finish_report(report, _results(run.found, lesson_of(path), report))
    report.seconds = monotonic() - started
    return report
