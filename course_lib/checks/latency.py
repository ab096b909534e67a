"""Check latency, measured the way a learner meets it: in a warm kernel, beside a pytest floor.

For every `check(...)` cell of the solution workbooks, the cell is re-run N times after the
workbook ran up to it; the floor is one in-process `pytest.main` on the same hidden tests (code
checks) or one `ipytest.run()` of the learner's tests against the reference (test checks).
Prints medians; never asserts (CONTRACT: no timed tests).
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

TARGETS = {"code": 0.25, "test": 1.0, "headless": 5.0}
_MARK = "COURSE-BENCH "


def floor(exercise_id: str, objects: tuple = ()):
    """A zero-argument callable: the plain pytest run this check is built on."""
    from course_lib.checks import registry
    from course_lib.checks.model import CodeExercise

    ex = registry.get(exercise_id)
    if isinstance(ex, CodeExercise):
        import pytest

        from course_lib.checks.code_check import _Submission
        from course_lib.checks.loader import load_hidden
        from course_lib.checks.session import _workdir, isolated_args

        path, work = load_hidden(ex.hidden).__file__, _workdir()
        value = objects[0] if len(objects) == 1 else tuple(objects)
        plugins = [arg for name in ex.plugins for arg in ("-p", name)]  # as the check loads them
        args = ["-q", *isolated_args(work), *plugins, path]
        return lambda: _quiet(lambda: pytest.main(args, plugins=[_Submission(value)]))
    import ipytest

    return lambda: _quiet(lambda: ipytest.run("-q"))


def _quiet(fn):
    """Run fn silently; restore sys.path (pytest's prepend import mode leaves entries)."""
    from course_lib.checks.isolation import isolated

    with (
        isolated(),
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        return fn()


def median_seconds(fn, n: int) -> float:
    from course_lib.backends.measure import median_ms

    return median_ms(fn, n) / 1000


def _snippet(source: str, n: int) -> str | None:
    try:
        call = ast.parse(source.strip()).body[0].value
    except (SyntaxError, IndexError, AttributeError):
        return None
    if not (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "check" and call.args):
        return None
    ex_id = ast.literal_eval(call.args[0])
    objects = ", ".join(ast.unparse(a) for a in call.args[1:])
    return (
        "import json as _j\nfrom course_lib.checks import latency as _b, registry as _r\n"
        f"_m = _b.median_seconds(lambda: {source.strip()}, {n})\n"
        f"_f = _b.median_seconds(_b.floor({ex_id!r}, ({objects}{',' if objects else ''})), {n})\n"
        f"_ok = ({source.strip()}).passed\n_x = _r.get({ex_id!r})\n"
        f"print({_MARK!r} + _j.dumps({{'id': {ex_id!r}, 'kind': _x.kind, 'check': _m, 'floor': _f, "
        "'passed': _ok, 'variants': len(getattr(_x, 'variants', ()))}))\n"
    )


def bench_workbook(path: Path, n: int = 7) -> list[dict]:
    """Run the workbook cell by cell in one kernel; time each check cell right after it ran."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    rows = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        client.setup_kernel(
            env={
                **__import__("os").environ,
                "COURSE_PROGRESS_FILE": f"{tmp}/progress.json",
                "MPLBACKEND": "agg",
            },
            stderr=subprocess.DEVNULL,
        ),
    ):
        for i, cell in enumerate(list(nb.cells)):
            if cell.cell_type != "code":
                continue
            client.execute_cell(cell, i)
            code = _snippet(cell.source, n)
            if code is None:
                continue
            probe = nbformat.v4.new_code_cell(code)
            client.execute_cell(probe, i)
            for out in probe.outputs:
                if out.get("output_type") == "error":
                    print(
                        f"  {path.name} cell {i + 1}: bench probe failed: "
                        f"{out.get('ename')}: {out.get('evalue')}"
                    )
                for line in out.get("text", "").splitlines():
                    if line.startswith(_MARK):
                        rows.append(json.loads(line[len(_MARK) :]))
    return rows


def run_bench(paths=None, n: int = 7) -> None:
    """Print median check latency per exercise and per kind, beside the pytest.main floor."""
    from course_lib.checks.build import default_root
    from course_lib.checks.headless import find_workbooks, run_workbook

    root = default_root()
    books = find_workbooks(paths or [root / "solutions"])
    print(f"Checks bench (warm kernel, medians of {n}; floor = plain in-process pytest run)")
    print(f"  {'exercise':<9} {'kind':<5} {'variants':>8} {'check':>10} {'floor':>10}  ok")
    rows = []
    for book in books:
        for row in bench_workbook(book, n):
            rows.append(row)
            print(
                f"  {row['id']:<9} {row['kind']:<5} {row['variants']:>8}"
                f" {row['check'] * 1000:>8.0f} ms"
                f" {row['floor'] * 1000:>7.0f} ms  {'yes' if row['passed'] else 'NO'}"
            )
    for kind in ("code", "test"):
        mine = [r for r in rows if r["kind"] == kind]
        if mine:
            med = statistics.median(r["check"] for r in mine)
            flo = statistics.median(r["floor"] for r in mine)
            print(
                f"  median {kind} check: {med * 1000:.0f} ms (floor {flo * 1000:.0f} ms; "
                f"target <= {TARGETS[kind] * 1000:.0f} ms)"
            )
    if books:
        start = time.perf_counter()
        report = run_workbook(books[0])
        took = time.perf_counter() - start
        print(
            f"  headless check of {books[0].name} (kernel start included): {took:.1f} s "
            f"(target <= {TARGETS['headless']:g} s){'' if report.passed else ' — NOT all passed'}"
        )
