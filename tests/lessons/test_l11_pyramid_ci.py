"""Lesson 11 keeps its promises: the topics are in the notebook; the sound CI sample passes the
reference auditor and each planted mistake is found; every variant of 11.3 and 11.4 shows its bug
where its hint says (and passes the starter test); the report counter and measure() agree on a
real pytest run."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
import yaml

from course_lib.checks import registry
from course_lib.lessons.l11_pyramid_ci import ex3_auditor_tests as auditors
from course_lib.lessons.l11_pyramid_ci import ex4_layer_counts as counters
from course_lib.lessons.l11_pyramid_ci.audit import audit_ci
from course_lib.lessons.l11_pyramid_ci.reports import Recorder, layer_counts
from course_lib.lessons.l11_pyramid_ci.samples import sound
from course_lib.testing.pyramid import Layer, measure

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "11-pyramid-and-ci.ipynb"


def _text() -> str:
    return "\n".join(c.source for c in nbformat.read(LESSON, as_version=4).cells)


@pytest.mark.parametrize(
    "topic",
    [
        "--strict-markers",
        "pytest_collection_modifyitems",
        "Predict, then run",
        "--junitxml",
        "measure(",
        "plot_pyramid(",
        "describe_shape(",
        "trophy",
        "ice-cream cone",
        '"not integration"',
        "--durations",
        "-n auto",
        "--nbval-lax",
        "--health-cmd",
        "COURSE_DATABASE_URL",
        "COURSE_REDIS_URL",
        "COURSE_BROKER_URL",
        "yaml.safe_load",
        "--exit-code-from",
        "service_healthy",
        "scratch_dir",
    ],
)
def test_notebook_teaches(topic):
    assert topic in _text(), f"notebook 11 no longer mentions {topic!r}"


def test_the_courses_own_ci_has_health_commands_and_the_url_pattern():
    ci = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    job = ci["jobs"]["test"]
    assert "pg_isready" in job["services"]["postgres"]["options"]
    step = next(s for s in job["steps"] if s["name"].startswith("Pass 2"))
    assert {"COURSE_DATABASE_URL", "COURSE_REDIS_URL", "COURSE_BROKER_URL"} <= set(step["env"])
    assert "-m integration" in step["run"]


# --- the reference auditor ---------------------------------------------------------------------


def test_sound_sample_passes_and_is_not_changed():
    setup = sound()
    before = copy.deepcopy(setup)
    assert audit_ci(*setup) == []
    assert setup == before


def _planted(change):
    workflow, compose, ini, production = sound()
    change(workflow, compose, ini)
    return audit_ci(workflow, compose, ini, production)


def test_each_planted_mistake_is_found():
    def no_url(w, c, i):
        del w["jobs"]["integration"]["env"]

    def pg16(w, c, i):
        c["services"]["db"]["image"] = "postgres:16.1"

    def typo(w, c, i):
        w["jobs"]["unit"]["steps"][3]["run"] = "pytest -m 'not integraton'"

    def compose_up(w, c, i):
        w["jobs"]["e2e"]["steps"][1]["run"] = "docker compose up"

    def lax(w, c, i):
        i["addopts"] = "-p no:cacheprovider"

    assert _planted(no_url) == ["sqlite-fallback"]
    assert _planted(pg16) == ["postgres-version"]
    assert _planted(typo) == ["unregistered-marker"]
    assert _planted(compose_up) == ["compose-exit-code"]
    assert _planted(lax) == ["no-strict-markers"]


# --- 11.3: each buggy auditor passes the starter test and fails where its hint says --------------


def _with(change):
    workflow, compose, ini, production = sound()
    change(workflow, compose, ini)
    return workflow, compose, ini, production


def _top_env(w, c, i):
    w["env"] = w["jobs"]["integration"].pop("env")


def _sqlite(w, c, i):
    w["jobs"]["integration"]["env"]["COURSE_DATABASE_URL"] = "sqlite:///ci.db"


def _compose16(w, c, i):
    c["services"]["db"]["image"] = "postgres:16-alpine"


def _latest(w, c, i):
    w["jobs"]["integration"]["services"]["postgres"]["image"] = "postgres:latest"


def _minor(w, c, i):
    c["services"]["db"]["image"] = "postgres:15.2"


def _abort(w, c, i):
    w["jobs"]["e2e"]["steps"][1]["run"] = "docker compose up --abort-on-container-exit"


def _second(w, c, i):
    w["jobs"]["unit"]["steps"][3]["run"] = "pytest -m 'unit or slow'"


def _config(w, c, i):
    i["addopts"] = "--strict-config"


AUDITOR_BUGS = {
    "workflow-env-ignored": _top_env,
    "any-url-will-do": _sqlite,
    "compose-not-read": _compose16,
    "latest-is-fine": _latest,
    "exact-version": _minor,
    "abort-is-enough": _abort,
    "first-marker-only": _second,
    "strict-prefix": _config,
}


@pytest.mark.parametrize("variant", registry.get("11.3").variants, ids=lambda v: v.id)
def test_auditor_variant_shows_its_bug_only_there(variant):
    buggy = registry.resolve(variant.impl)
    assert buggy(*sound()) == [], "a variant must pass the starter test"
    change = AUDITOR_BUGS[variant.id]
    assert buggy(*_with(change)) != audit_ci(*_with(change))
    others = [c for v, c in AUDITOR_BUGS.items() if v != variant.id and c is not change]
    agree = [c.__name__ for c in others if buggy(*_with(c)) == audit_ci(*_with(c))]
    assert len(agree) >= len(others) - 1, f"{variant.id} differs in too many places: {agree}"


def test_every_auditor_variant_is_exercised():
    assert {v.id for v in registry.get("11.3").variants} == set(AUDITOR_BUGS)
    assert auditors.Reference is audit_ci


# --- 11.4: each buggy counter -------------------------------------------------------------------


def _phases(nodeid, markers=("unit",), setup=("passed", 0.0), call=("passed", 0.0), teardown=None):
    teardown = teardown or ("passed", 0.0)
    found = []
    for when, result in (("setup", setup), ("call", call), ("teardown", teardown)):
        if result is not None:
            found.append(
                {
                    "nodeid": nodeid,
                    "when": when,
                    "outcome": result[0],
                    "duration": result[1],
                    "markers": list(markers),
                }
            )
    return found


COUNTER_CASES = {
    "unmarked-as-unit": _phases("a::t", markers=()),
    "skips-in-setup-vanish": _phases("a::t", setup=("skipped", 0.0), call=None),
    "setup-time-ignored": _phases("a::t", setup=("passed", 2.0), call=("passed", 0.5)),
    "skipped-as-passed": _phases("a::t", call=("skipped", 0.0)),
    "teardown-error-ignored": _phases("a::t", teardown=("failed", 0.0)),
    "parametrized-once": _phases("a::t[1]") + _phases("a::t[2]"),
}


@pytest.mark.parametrize("variant", registry.get("11.4").variants, ids=lambda v: v.id)
def test_counter_variant_shows_its_bug(variant):
    buggy = registry.resolve(variant.impl)
    given = _phases("a::t", call=("passed", 0.25))
    assert buggy(given) == layer_counts(given), "a variant must pass the starter test"
    reports = COUNTER_CASES[variant.id]
    assert buggy(reports) != layer_counts(reports)


def test_every_counter_variant_is_exercised():
    assert {v.id for v in registry.get("11.4").variants} == set(COUNTER_CASES)
    assert counters.Reference is layer_counts


# --- the two ways of reading pytest's reports agree on a real run --------------------------------

SUITE = {
    "pytest.ini": "[pytest]\nmarkers =\n    unit: u\n    integration: i\n",
    "test_mix.py": (
        "import pytest\n\n@pytest.fixture\ndef broken():\n    raise RuntimeError('down')\n\n"
        "@pytest.fixture\ndef leaky():\n    yield\n    raise RuntimeError('cleanup')\n\n"
        "@pytest.mark.unit\n@pytest.mark.parametrize('n', [1, 2])\ndef test_n(n):\n    pass\n\n"
        "@pytest.mark.unit\n@pytest.mark.skip(reason='later')\ndef test_later():\n    pass\n\n"
        "@pytest.mark.integration\ndef test_down(broken):\n    pass\n\n"
        "@pytest.mark.integration\ndef test_leaky(leaky):\n    pass\n\n"
        "def test_plain():\n    pytest.skip('inside')\n"
    ),
}


def _counts_only(layers):
    return {name: (x.count, x.passed, x.failed, x.skipped) for name, x in layers.items()}


def test_recorder_and_junit_agree(tmp_path):
    for name, source in SUITE.items():
        (tmp_path / name).write_text(source)
    recorder = Recorder()
    args = [
        str(tmp_path),
        "-q",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:randomly",
        "--import-mode=importlib",
        "-c",
        str(tmp_path / "pytest.ini"),
        "--rootdir",
        str(tmp_path),
    ]
    assert pytest.main(args, plugins=[recorder]) == 1
    from_reports = _counts_only(layer_counts(recorder.reports))
    from_junit = _counts_only({x.name: x for x in measure([], cwd=tmp_path, timeout=120)})
    assert (
        from_reports
        == from_junit
        == {
            "unit": (3, 2, 0, 1),
            "integration": (2, 0, 2, 0),
            "e2e": (0, 0, 0, 0),
            "unmarked": (1, 0, 0, 1),
        }
    )


def test_layer_counts_keeps_every_given_layer():
    got = layer_counts([], layers=("unit", "e2e"))
    assert got == {"unit": Layer("unit", 0, 0, 0, 0, 0.0), "e2e": Layer("e2e", 0, 0, 0, 0, 0.0)}
