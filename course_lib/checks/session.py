"""Run the tests of an in-memory module with one in-process `pytest.main`, and report per test.

No files are collected: a placeholder file in a private temp dir is mapped to the module object
(ipytest's trick, without writing into the learner's folder). The project's pytest config is
ignored (own ini, --disable-plugin-autoload) so a check behaves the same everywhere.
"""

from __future__ import annotations

import atexit
import io
import shutil
import tempfile
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from course_lib.checks.deadline import CheckTimeout, Watchdog
from course_lib.checks.isolation import isolated

OUTPUT_LIMIT = 1000
_DIR: Path | None = None


@dataclass
class ItemReport:
    """What happened to one test item (one test × one implementation)."""

    name: str
    doc: str
    param: str | None = None  # implementation id for test checks
    passed: bool = True
    phase: str = "call"
    exc: BaseException | None = None
    tb: types.TracebackType | None = None
    text: str = ""  # pytest's own failure text, for exceptions the engine does not explain
    output: str = ""
    checker: frozenset = frozenset()  # files of the checking code (hidden tests): never "yours"


@dataclass
class SessionReport:
    items: list[ItemReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # collection/internal errors
    exit_code: int = 0
    timed_out: bool = False
    stopped: bool = False  # stop_when() asked to skip the rest

    @property
    def interrupted(self) -> bool:
        return self.exit_code == 2 and not (self.errors or self.timed_out or self.stopped)


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
        "-W",
        "default",
    ]


def truncate(text: str, limit: int = OUTPUT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… ({len(text) - limit} more characters hidden)"


class _ObjectModule(pytest.Module):
    def _getobj(self):
        return self.config._course_module


class _Collector:
    """pytest plugin: maps the placeholder file to the module and records every test's outcome."""

    def __init__(self, module, param_fixture, stop_when=None, checker=frozenset()):
        self.stop_when = stop_when
        self.checker = checker
        self.module = module
        self.param_fixture = param_fixture
        self.report = SessionReport()
        self._by_id: dict[str, ItemReport] = {}

    def pytest_configure(self, config):
        config._course_module = self.module

    def pytest_collect_file(self, file_path, parent):
        if file_path.name == "exercise_module.py":
            return _ObjectModule.from_parent(parent, path=file_path)
        return None

    def pytest_collectreport(self, report):
        if report.failed:
            self.report.errors.append(truncate(str(report.longrepr)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item, call):
        rep = yield
        entry = self._by_id.get(item.nodeid)
        if entry is None:
            doc = (getattr(item.obj, "__doc__", None) or "").strip().splitlines()
            callspec = getattr(item, "callspec", None)
            param = (
                callspec.params.get(self.param_fixture) if callspec and self.param_fixture else None
            )
            entry = ItemReport(
                name=item.originalname or item.name,
                doc=doc[0] if doc else "",
                param=param,
                checker=self.checker,
            )
            self._by_id[item.nodeid] = entry
            self.report.items.append(entry)
        if rep.failed and entry.passed:
            entry.passed, entry.phase = False, rep.when
            if call.excinfo is not None:
                entry.exc, entry.tb = call.excinfo.value, call.excinfo.tb
            entry.text = truncate(str(rep.longrepr))
            entry.output = truncate((rep.capstdout or "") + (rep.capstderr or ""))
            if self.stop_when is not None and self.stop_when(entry):
                self.report.stopped = True
                item.session.shouldstop = "the rest cannot change the verdict"
        return rep


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
    collector = _Collector(module, param_fixture, stop_when, checker)
    args = [
        *isolated_args(work),
        "-q",
        "--no-header",
        "--capture=sys",
        str(work / "exercise_module.py"),
    ]
    sink = _Sink()
    watchdog = Watchdog(timeout)
    with isolated():
        import sys

        sys.stdout = sys.stderr = sink
        try:
            code = pytest.main(args, plugins=[collector, watchdog, *plugins])
        except CheckTimeout:  # fired in the gap between two tests: nothing of the learner to blame
            code = 2
        except Exception as exc:  # noqa: BLE001 - an internal error is reported, not raised
            collector.report.errors.append(f"{type(exc).__name__}: {exc}")
            code = 3
    collector.report.exit_code = int(code)
    collector.report.timed_out = watchdog.fired
    if code in (3, 4) and not collector.report.errors:
        collector.report.errors.append(truncate(sink.getvalue()))
    return collector.report
