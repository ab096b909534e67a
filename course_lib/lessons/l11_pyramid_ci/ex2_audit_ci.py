"""Hidden tests for exercise 11.2: audit_ci(workflow, compose, pytest_ini, production_pg) finds
each planted mistake of a CI setup — alone, together, and not where the setup is sound — on
configurations parsed from YAML and TOML as a real project's would be."""

from __future__ import annotations

import copy

import pytest
import yaml

from course_lib.lessons.l11_pyramid_ci.samples import sound


@pytest.fixture
def setup():
    """(workflow, compose, pytest_ini, production_pg) of a sound setup, fresh for each test."""
    return sound()


def _audit(submission, workflow, compose, ini, production):
    got = submission(workflow, compose, ini, production)
    assert isinstance(got, list), f"expected a list of codes, got {got!r}"
    return got


def _steps(workflow, job):
    return workflow["jobs"][job]["steps"]


def _set_run(workflow, job, old, new):
    for step in _steps(workflow, job):
        if step.get("run", "").startswith(old):
            step["run"] = new
            return
    raise AssertionError(f"no step starting with {old!r}")  # the sample changed


def test_sound_setup(submission, setup):
    """The sound setup (URL in the job's env, postgres 15.8 like production) gives []"""
    got = _audit(submission, *setup)
    assert got == [], f"expected [] for the sound setup, got {got}"


def test_no_url(submission, setup):
    """No COURSE_DATABASE_URL for a job with a PostgreSQL service: sqlite-fallback"""
    workflow, compose, ini, production = setup
    del workflow["jobs"]["integration"]["env"]
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["sqlite-fallback"], f"expected ['sqlite-fallback'], got {got}"


def test_sqlite_url(submission, setup):
    """COURSE_DATABASE_URL set to sqlite:///ci.db in that job: sqlite-fallback"""
    workflow, compose, ini, production = setup
    workflow["jobs"]["integration"]["env"]["COURSE_DATABASE_URL"] = "sqlite:///ci.db"
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["sqlite-fallback"], f"expected ['sqlite-fallback'], got {got}"


def test_url_at_workflow_level(submission, setup):
    """The URL in the workflow's top-level env (not the job's) reaches every step: []"""
    workflow, compose, ini, production = setup
    workflow["env"] = workflow["jobs"]["integration"].pop("env")
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] (workflow env applies to every job), got {got}"


def test_url_on_the_test_steps(submission, setup):
    """The URL only in the env of the two steps that run pytest: []"""
    workflow, compose, ini, production = setup
    env = workflow["jobs"]["integration"].pop("env")
    for step in _steps(workflow, "integration"):
        if "pytest" in step.get("run", ""):
            step["env"] = dict(env)
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] (each pytest step has the URL), got {got}"


def test_step_overrides_job(submission, setup):
    """A pytest step whose own env sets the URL to SQLite overrides the job's: sqlite-fallback"""
    workflow, compose, ini, production = setup
    step = next(s for s in _steps(workflow, "integration") if "nbval" in s.get("run", ""))
    step["env"] = {"COURSE_DATABASE_URL": "sqlite:///notebooks.db"}
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["sqlite-fallback"], f"expected ['sqlite-fallback'], got {got}"


def test_postgres_16_in_ci(submission, setup):
    """The service container runs postgres:16.4 while production runs 15.8: postgres-version"""
    workflow, compose, ini, production = setup
    workflow["jobs"]["integration"]["services"]["postgres"]["image"] = "postgres:16.4"
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["postgres-version"], f"expected ['postgres-version'], got {got}"


def test_postgres_16_in_compose(submission, setup):
    """The compose file's db runs postgres:16-alpine, production 15.8: postgres-version"""
    workflow, compose, ini, production = setup
    compose["services"]["db"]["image"] = "postgres:16-alpine"
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["postgres-version"], f"expected ['postgres-version'], got {got}"


@pytest.mark.parametrize("image", ["postgres", "postgres:latest", "postgres:alpine"])
def test_unversioned_image(submission, setup, image):
    """An image without a version follows Docker Hub, not production: postgres-version"""
    workflow, compose, ini, production = setup
    workflow["jobs"]["integration"]["services"]["postgres"]["image"] = image
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["postgres-version"], f"expected ['postgres-version'] for {image!r}, got {got}"


@pytest.mark.parametrize(
    ("image", "production"),
    [("postgres:15", "15.8"), ("postgres:15.2-bookworm", "15.8"), ("postgres:10.23", "10.7")],
)
def test_same_major(submission, setup, image, production):
    """Same major, other minor (15.2 vs 15.8; 10.23 vs 10.7): no postgres-version"""
    workflow, compose, ini, _ = setup
    workflow["jobs"]["integration"]["services"]["postgres"]["image"] = image
    compose["services"]["db"]["image"] = image
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] for {image} vs production {production}, got {got}"


def test_other_services_are_not_postgres(submission, setup):
    """A redis:7.4 service and a python:3.12-slim container are not PostgreSQL: []"""
    workflow, compose, ini, production = setup
    workflow["jobs"]["integration"]["services"]["redis"] = {"image": "redis:7.4"}
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] (redis and python are not PostgreSQL), got {got}"


@pytest.mark.parametrize(
    "command",
    [
        "docker compose -f compose.yaml up --build",
        "docker compose up --abort-on-container-exit",
        "docker-compose up --build --abort-on-container-exit",
    ],
)
def test_compose_without_exit_code(submission, setup, command):
    """`compose up` without --exit-code-from tests: compose-exit-code"""
    workflow, compose, ini, production = setup
    _set_run(workflow, "e2e", "docker compose -f compose.yaml up", command)
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["compose-exit-code"], (
        f"expected ['compose-exit-code'] for {command!r}, got {got}"
    )


def test_compose_down_and_legacy_up(submission, setup):
    """`docker-compose up --exit-code-from tests` and a `down` line are fine: []"""
    workflow, compose, ini, production = setup
    _set_run(
        workflow,
        "e2e",
        "docker compose -f compose.yaml up",
        "docker-compose pull\ndocker-compose up --exit-code-from tests\ndocker-compose down",
    )
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [], got {got}"


@pytest.mark.parametrize(
    "addopts", ["-p no:cacheprovider", "--strict-config -p no:cacheprovider", ""]
)
def test_no_strict_markers(submission, setup, addopts):
    """addopts without --strict-markers (--strict-config is another check): no-strict-markers"""
    workflow, compose, ini, production = setup
    ini["addopts"] = addopts
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["no-strict-markers"], (
        f"expected ['no-strict-markers'] for {addopts!r}, got {got}"
    )


@pytest.mark.parametrize(
    "settings",
    [{"addopts": "--strict"}, {"addopts": "-q", "strict_markers": True}, {"strict": "true"}],
    ids=["--strict", "strict_markers", "strict"],
)
def test_other_ways_to_be_strict(submission, setup, settings):
    """--strict, strict_markers = true or strict = true also make markers strict: []"""
    workflow, compose, ini, production = setup
    ini.pop("addopts")
    ini.update(settings)
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] with {settings}, got {got}"


@pytest.mark.parametrize(
    "command",
    ['pytest -m "not integraton and not e2e"', "pytest -m 'unit or slow'", "pytest -m smoke"],
)
def test_unregistered_marker_in_m(submission, setup, command):
    """A -m expression naming an unregistered marker (a typo, 'slow'): unregistered-marker"""
    workflow, compose, ini, production = setup
    _set_run(workflow, "unit", "pytest -m", command)
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["unregistered-marker"], (
        f"expected ['unregistered-marker'] for {command!r}, got {got}"
    )


def test_unregistered_marker_in_addopts(submission, setup):
    """addopts = '--strict-markers -m \"not slow\"' with slow unregistered: unregistered-marker"""
    workflow, compose, ini, production = setup
    ini["addopts"] = '--strict-markers -m "not slow"'
    got = _audit(submission, workflow, compose, ini, production)
    assert got == ["unregistered-marker"], f"expected ['unregistered-marker'], got {got}"


def test_markers_as_ini_text(submission, setup):
    """markers as pytest.ini text (one per line), python -m pytest -m \"(unit or e2e)\": []"""
    workflow, compose, ini, production = setup
    ini["markers"] = "\nunit: fast\nintegration: real services\ne2e(stack): whole workflows\n"
    _set_run(
        workflow, "unit", "pytest -m", 'python -m pytest -m "(unit or e2e) and not integration"'
    )
    got = _audit(submission, workflow, compose, ini, production)
    assert got == [], f"expected [] (python -m pytest is a module, not a marker), got {got}"


def test_all_mistakes_sorted_once(submission, setup):
    """Every mistake at once, two of them twice: each code once, in sorted order"""
    workflow, compose, ini, production = setup
    integration = workflow["jobs"]["integration"]
    integration["env"]["COURSE_DATABASE_URL"] = "sqlite://"
    integration["services"]["postgres"]["image"] = "postgres:17.2"
    compose["services"]["db"]["image"] = "postgres:14"
    ini["addopts"] = ""
    _set_run(workflow, "unit", "pytest -m", "pytest -m integraton")
    _set_run(
        workflow,
        "e2e",
        "docker compose -f compose.yaml up",
        "docker compose up\ndocker compose up -d",
    )
    got = _audit(submission, workflow, compose, ini, production)
    expected = [
        "compose-exit-code",
        "no-strict-markers",
        "postgres-version",
        "sqlite-fallback",
        "unregistered-marker",
    ]
    assert got == expected, f"expected {expected}, got {got}"


def test_from_yaml_text(submission):
    """A workflow written as YAML text, parsed with yaml.safe_load ('on:' becomes True): found"""
    text = """\
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    services:
      postgres:
        image: postgres:13
        options: --health-cmd pg_isready
    steps:
      - run: pytest
"""
    ini = {"addopts": "--strict-markers", "markers": ["unit: fast"]}
    got = _audit(submission, yaml.safe_load(text), {}, ini, "13.4")
    assert got == ["sqlite-fallback"], f"expected ['sqlite-fallback'], got {got}"


def test_inputs_unchanged(submission, setup):
    """The configurations are read, never changed"""
    before = copy.deepcopy(setup)
    _audit(submission, *setup)
    assert setup == before, "expected the inputs unchanged"
