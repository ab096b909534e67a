"""Counting layers from pytest's own per-phase reports (the tiny-plugin way; measure() reads the
same facts from JUnit XML). A report is a dict as `Recorder` writes it:
{"nodeid", "when" ("setup" | "call" | "teardown"), "outcome" ("passed" | "failed" | "skipped"),
"duration" (seconds), "markers" (the test's marker names)}."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from course_lib.testing.pyramid import LAYERS, UNMARKED, Layer, layer_of


class Recorder:
    """A pytest plugin object: `pytest.main(args, plugins=[recorder])`, then `recorder.reports`."""

    def __init__(self):
        self.reports: list[dict] = []
        self._markers: dict[str, list[str]] = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            self._markers[item.nodeid] = sorted({m.name for m in item.iter_markers()})

    def pytest_runtest_logreport(self, report):
        self.reports.append(
            {
                "nodeid": report.nodeid,
                "when": report.when,
                "outcome": report.outcome,
                "duration": report.duration,
                "markers": self._markers.get(report.nodeid, []),
            }
        )


def _outcome(phases: list[dict]) -> str:
    """A test failed if any phase failed, else skipped if any phase skipped, else passed."""
    outcomes = {p["outcome"] for p in phases}
    if "failed" in outcomes:
        return "failed"
    return "skipped" if "skipped" in outcomes else "passed"


def layer_counts(reports: Iterable[dict], layers: Sequence[str] = LAYERS) -> dict[str, Layer]:
    """name -> Layer for every layer (in order, also when empty), plus 'unmarked' when a test has
    no layer marker. One test = one nodeid (each parametrized case); seconds = all its phases."""
    tests: dict[str, list[dict]] = {}
    for report in reports:
        tests.setdefault(report["nodeid"], []).append(report)
    totals = {name: {"passed": 0, "failed": 0, "skipped": 0, "seconds": 0.0} for name in layers}
    for phases in tests.values():
        markers = {m for p in phases for m in p.get("markers", ())}
        row = totals.setdefault(
            layer_of(markers, layers), {"passed": 0, "failed": 0, "skipped": 0, "seconds": 0.0}
        )
        row[_outcome(phases)] += 1
        row["seconds"] += sum(p["duration"] for p in phases)
    return {
        name: Layer(
            name,
            row["passed"] + row["failed"] + row["skipped"],
            row["passed"],
            row["failed"],
            row["skipped"],
            round(row["seconds"], 6),
        )
        for name, row in totals.items()
    }


__all__ = ["UNMARKED", "Recorder", "layer_counts"]
