"""What happened in a check's pytest run: one record per test item, and the plugin writing them.

Failures, skips and xfails are all "not passed": a skipped test checked nothing.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field

import pytest

from course_lib.checks.result import plain

OUTPUT_LIMIT = 1000


@dataclass
class ItemReport:
    """What happened to one test item (one test × one implementation)."""

    name: str  # as pytest names it inside the module, without the implementation's id
    doc: str
    param: str | None = None  # implementation id for test checks
    passed: bool = True  # False on failure AND on skip/xfail: a skipped test checked nothing
    skipped: bool = False
    phase: str = "call"
    exc: BaseException | None = None
    tb: types.TracebackType | None = None
    text: str = ""  # pytest's own failure text, for exceptions the engine does not explain
    output: str = ""
    checker: frozenset = frozenset()  # course files (hidden tests, exercise code): not "yours"


@dataclass
class SessionReport:
    items: list[ItemReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors
    collect_errors: list[str] = field(default_factory=list)  # the module could not be collected
    exit_code: int = 0
    timed_out: bool = False
    stopped: bool = False  # stop_when() asked to skip the rest

    @property
    def interrupted(self) -> bool:
        failed = self.errors or self.collect_errors
        return self.exit_code == 2 and not (failed or self.timed_out or self.stopped)


def truncate(text: str, limit: int = OUTPUT_LIMIT) -> str:
    text = plain(text)
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n… ({len(text) - limit} more characters hidden)"


def display_name(item, param_fixture: str | None) -> str:
    """`TestCart::test_total[empty]`: the node id inside the module, minus the implementation id."""
    name = item.nodeid.split("::", 1)[-1].split("[", 1)[0]
    callspec = getattr(item, "callspec", None)
    ids = list(getattr(callspec, "_idlist", ()))
    if callspec is not None and param_fixture in callspec.params:
        impl = callspec.params[param_fixture]
        ids = ids[: ids.index(impl)] + ids[ids.index(impl) + 1 :] if impl in ids else ids
    return f"{name}[{'-'.join(ids)}]" if ids else name


class ObjectModule(pytest.Module):
    def _getobj(self):
        return self.config._course_module


class Recorder:
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
            return ObjectModule.from_parent(parent, path=file_path)
        return None

    def pytest_collectreport(self, report):
        if report.failed:
            text = str(report.longrepr).replace("exercise_module.py::", "")
            self.report.collect_errors.append(truncate(text))

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
                name=display_name(item, self.param_fixture),
                doc=doc[0] if doc else "",
                param=param,
                checker=self.checker,
            )
            self._by_id[item.nodeid] = entry
            self.report.items.append(entry)
        if (rep.failed or rep.skipped) and entry.passed:
            entry.passed, entry.phase, entry.skipped = False, rep.when, rep.skipped
            if call.excinfo is not None:
                entry.exc, entry.tb = call.excinfo.value, call.excinfo.tb
            entry.text = truncate(_reason(rep))
            entry.output = truncate((rep.capstdout or "") + (rep.capstderr or ""))
            if self.stop_when is not None and self.stop_when(entry):
                self.report.stopped = True
                item.session.shouldstop = "the rest cannot change the verdict"
        return rep


def _reason(rep) -> str:
    """pytest's failure text; for a skip or xfail, its reason."""
    if hasattr(rep, "wasxfail"):
        return f"marked xfail{': ' + rep.wasxfail if rep.wasxfail else ''}"
    if rep.skipped and isinstance(rep.longrepr, tuple):
        return str(rep.longrepr[-1])
    return str(rep.longrepr)
