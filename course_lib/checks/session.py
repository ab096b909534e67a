"""Run the tests of an in-memory module with one in-process `pytest.main`, and report per test.

No files are collected: a placeholder file in a private temp dir is mapped to the module object
(ipytest's trick, without writing into the learner's folder). The project's pytest config is
ignored (own ini, --disable-plugin-autoload) so a check behaves the same everywhere.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import io
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path

import pytest

from course_lib.checks import reaping
from course_lib.checks.db_limits import DatabaseLimits
from course_lib.checks.deadline import CheckTimeout, Deadline
from course_lib.checks.isolation import isolated
from course_lib.checks.outcome import (  # noqa: F401 - ItemReport, truncate: this module's API
    OUTPUT_LIMIT,
    ItemReport,
    Recorder,
    SessionReport,
    truncate,
)

_DIR: Path | None = None


def _workdir() -> Path:
    global _DIR
    if _DIR is None:
        _DIR = Path(tempfile.mkdtemp(prefix="course-check-"))
        (_DIR / "pytest.ini").write_text("[pytest]\n")
        (_DIR / "exercise_module.py").write_text("")
        atexit.register(shutil.rmtree, _DIR, True)
        # atexit does not run when nbval SIGKILLs the kernel: the services watchdog removes it then.
        from course_lib.backends.watchdog import watch_path

        watch_path(_DIR)
    return _DIR


def isolated_args(work: Path) -> list[str]:
    """pytest flags that make a run ignore the project's config and installed plugins."""
    return [
        "-c",
        str(work / "pytest.ini"),
        "--rootdir",
        str(work),
        "-p",
        "no:cacheprovider",
        "--disable-plugin-autoload",
        "-p",
        "course_lib.testing.plugin",
        "--assert=plain",
        "--color=no",  # feedback is shown as text and HTML: no terminal escape codes
        "--code-highlight=no",
        "-W",
        "default",
    ]


def _loaded(plugins) -> list:
    """Plugin objects as given; a dotted name (an exercise's `plugins=`) is imported here."""
    return [importlib.import_module(p) if isinstance(p, str) else p for p in plugins]


class _Sink(io.StringIO):
    """Terminal output of the inner session: kept small, never shown unless something breaks."""

    def write(self, s):
        return super().write(s) if self.tell() < 20_000 else len(s)


def run_module(
    module: types.ModuleType,
    *,
    timeout: float,
    param_fixture: str | None = None,
    plugins: tuple = (),
    stop_when=None,
    checker: frozenset = frozenset(),
) -> SessionReport:
    """Run the module's tests once; the caller's process state is restored afterwards.

    stop_when(item_report) -> bool: after a failure, True skips the remaining tests.
    """
    work = _workdir()
    collector = Recorder(module, param_fixture, stop_when, checker)
    args = [
        *isolated_args(work),
        "-q",
        "--no-header",
        "--capture=sys",
        # The engine explains failures from the exception itself; pytest's own long report (source
        # and locals of every frame) costs up to seconds for a deep SQLAlchemy traceback.
        "--tb=native",
        str(work / "exercise_module.py"),
    ]
    sink = _Sink()
    reaping.note_checker(checker)  # a forked copy of the kernel leaves when back in these files
    with isolated(), Deadline(timeout) as deadline, DatabaseLimits(timeout) as limits:
        sys.stdout = sys.stderr = sink
        gc.freeze()  # pytest's gc.collect() at session end then skips the kernel's own heap
        try:
            code = pytest.main(args, plugins=[collector, deadline, limits, *_loaded(plugins)])
        except CheckTimeout:  # fired in the gap between two tests: nothing of the learner to blame
            code = 2
        except Exception as exc:  # noqa: BLE001 - an internal error is reported, not raised
            collector.report.errors.append(f"{type(exc).__name__}: {exc}")
            code = 3
        finally:
            if os.getpid() != deadline.pid:  # a forked copy of the check never goes on
                os._exit(0)
            gc.unfreeze()
    collector.report.exit_code = int(code)
    collector.report.timed_out = deadline.fired
    if code in (3, 4) and not collector.report.errors:
        collector.report.errors.append(truncate(sink.getvalue()))
    return collector.report
