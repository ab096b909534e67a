"""Exercise 11.4: tests for layer_counts(reports, layers) — the reference (reports.layer_counts)
and six counters with the mistakes people make when they count pytest's reports by hand."""

from __future__ import annotations

from course_lib.lessons.l11_pyramid_ci.reports import _outcome, layer_counts
from course_lib.testing.pyramid import LAYERS, Layer, layer_of

Reference = layer_counts


def provide(impl, request):
    """Fixture `layer_counts`: the implementation itself."""
    yield impl


def _count(reports, layers, *, key, phases, outcome, seconds, default):
    """A configurable counter: each variant below gets one of these choices wrong."""
    tests: dict[str, list[dict]] = {}
    for report in reports:
        tests.setdefault(key(report["nodeid"]), []).append(report)
    rows = {name: [0, 0, 0, 0.0] for name in layers}
    for found in tests.values():
        counted = [p for p in found if p["when"] in phases]
        if not counted:
            continue
        markers = {m for p in found for m in p.get("markers", ())}
        layer = layer_of(markers, layers)
        layer = default if layer == "unmarked" else layer
        row = rows.setdefault(layer, [0, 0, 0, 0.0])
        row[("passed", "failed", "skipped").index(outcome(counted))] += 1
        row[3] += sum(p["duration"] for p in found if p["when"] in seconds)
    return {
        name: Layer(name, p + f + s, p, f, s, round(t, 6)) for name, (p, f, s, t) in rows.items()
    }


ALL = ("setup", "call", "teardown")


def _same(nodeid):
    return nodeid


def _choices(**changes):
    base = {"key": _same, "phases": ALL, "outcome": _outcome, "seconds": ALL, "default": "unmarked"}
    base.update(changes)
    return base


def _variant(**changes):
    def counter(reports, layers=LAYERS):
        return _count(list(reports), layers, **_choices(**changes))

    return counter


def _not_failed_is_passed(phases):
    return "failed" if any(p["outcome"] == "failed" for p in phases) else "passed"


def _call_decides(phases):
    calls = [p for p in phases if p["when"] == "call"]
    return _outcome(calls or phases)


unmarked_as_unit = _variant(default="unit")  # bug: a test without a layer marker counts as unit
skips_in_setup_vanish = _variant(phases=("call",))  # bug: counts call reports only
setup_time_ignored = _variant(seconds=("call",))  # bug: the time of fixtures is not counted
skipped_as_passed = _variant(outcome=_not_failed_is_passed)  # bug: "not failed" means passed
teardown_error_ignored = _variant(outcome=_call_decides)  # bug: the call's outcome is the test's
parametrized_once = _variant(key=lambda nodeid: nodeid.split("[")[0])  # bug: one per function
