"""Lesson 11 (the test pyramid, measured, and CI): layer markers from a test's folder, an auditor
for a CI setup's planted mistakes, tests for that auditor, and tests for a layer counter that reads
pytest's own reports."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_A = "course_lib.lessons.l11_pyramid_ci.ex3_auditor_tests"
_C = "course_lib.lessons.l11_pyramid_ci.ex4_layer_counts"

EXERCISES = [
    CodeExercise(
        id="11.1",
        title="Mark tests by folder",
        hidden="course_lib.lessons.l11_pyramid_ci.ex1_mark_by_folder",
        signature=Signature("mark_by_folder(items, tests_root)", returns="nothing"),
        hint="For each item: folder = item.path.relative_to(tests_root).parts[0] (ValueError: "
        "outside the root, skip it); if folder is 'unit', 'integration' or 'e2e' and the item has "
        "none of those markers yet (item.get_closest_marker(name)), item.add_marker(folder).",
        timeout=20.0,
        plugins=("_pytest.pytester",),
    ),
    CodeExercise(
        id="11.2",
        title="Audit a CI setup",
        hidden="course_lib.lessons.l11_pyramid_ci.ex2_audit_ci",
        signature=Signature(
            "audit_ci(workflow, compose, pytest_ini, production_pg)",
            returns="a sorted list of problem codes",
        ),
        hint="One small function per code: merge env workflow -> job -> step; the major is the "
        "digits at the start of the tag (none: ''); `compose up` needs --exit-code-from; "
        "shlex.split each run line and take the word after every -m (except `-m pytest`); "
        "--strict-markers, --strict, strict_markers or strict.",
        timeout=10.0,
    ),
    TestExercise(
        id="11.3",
        title="Tests for a CI auditor",
        fixture="auditor",
        provide=f"{_A}:provide",
        reference=f"{_A}:Reference",
        hint="Start from sound() and change ONE thing per test: where the URL is set, what it "
        "says, the image tag in the workflow and in compose, the compose command, addopts, the "
        "-m expression; assert the exact list of codes.",
        timeout=10.0,
        given=("test_sound_setup_has_no_problems",),
        variants=(
            Variant(
                "workflow-env-ignored",
                "Environment variables belong to a job or a step.",
                "Move COURSE_DATABASE_URL from the job's env to the workflow's top-level env: "
                "it still reaches every step, so the audit must say [].",
                f"{_A}:workflow_env_ignored",
            ),
            Variant(
                "any-url-will-do",
                "If COURSE_DATABASE_URL is set, the tests use PostgreSQL.",
                "Set COURSE_DATABASE_URL to 'sqlite:///ci.db' in the integration job: "
                "['sqlite-fallback'].",
                f"{_A}:presence_only",
            ),
            Variant(
                "compose-not-read",
                "The workflow's service container is the only PostgreSQL that matters.",
                "Change the compose file's db image to postgres:16-alpine (production: 15.8): "
                "['postgres-version'].",
                f"{_A}:workflow_images_only",
            ),
            Variant(
                "latest-is-fine",
                "An image without a version is the current one, so it is fine.",
                "Set the service image to 'postgres' or 'postgres:latest': that follows Docker "
                "Hub, not production — ['postgres-version'].",
                f"{_A}:untagged_is_fine",
            ),
            Variant(
                "exact-version",
                "CI must run exactly production's version, minor release included.",
                "Use postgres:15.2 in CI with production on 15.8: minor releases only fix bugs "
                "(same features, same data files), so the audit must say [].",
                f"{_A}:whole_version",
            ),
            Variant(
                "abort-is-enough",
                "--abort-on-container-exit makes compose return the tests' exit code.",
                "Replace the compose command with `docker compose up --abort-on-container-exit`: "
                "compose then returns the code of whichever container stops first — "
                "['compose-exit-code'].",
                f"{_A}:abort_is_enough",
            ),
            Variant(
                "first-marker-only",
                "-m takes one marker name.",
                "Use an expression whose SECOND name is unregistered, e.g. "
                "pytest -m 'unit or slow': ['unregistered-marker'].",
                f"{_A}:first_marker_only",
            ),
            Variant(
                "strict-prefix",
                "Any --strict... option makes markers strict.",
                "Set addopts to '--strict-config': it checks the config file, not markers — "
                "['no-strict-markers'].",
                f"{_A}:strict_prefix",
            ),
        ),
    ),
    TestExercise(
        id="11.4",
        title="Tests for a layer counter",
        fixture="layer_counts",
        provide=f"{_C}:provide",
        reference=f"{_C}:Reference",
        hint="Build the reports of a few tests by hand (setup, call, teardown for each) and "
        "compare whole Layer values: a test skipped in setup, an error in teardown, a fixture "
        "that takes time, parametrized cases, a test with no layer marker.",
        timeout=10.0,
        given=("test_one_passing_unit_test",),
        variants=(
            Variant(
                "unmarked-as-unit",
                "A test without a layer marker is a unit test.",
                "Give one test no layer marker: it belongs to 'unmarked', and unit's count "
                "stays as it was.",
                f"{_C}:unmarked_as_unit",
            ),
            Variant(
                "skips-in-setup-vanish",
                "Every test has a call report.",
                "A @pytest.mark.skip test is skipped in SETUP: it has setup and teardown "
                "reports, no call. Count it as skipped.",
                f"{_C}:skips_in_setup_vanish",
            ),
            Variant(
                "setup-time-ignored",
                "A test's time is its call's duration.",
                "Give a test a setup of 2.0 s (a database fixture) and a call of 0.5 s: "
                "its layer's seconds are 2.5 (plus teardown).",
                f"{_C}:setup_time_ignored",
            ),
            Variant(
                "skipped-as-passed",
                "A test that did not fail passed.",
                "A test skipped in its call (pytest.skip() inside): skipped 1, passed 0.",
                f"{_C}:skipped_as_passed",
            ),
            Variant(
                "teardown-error-ignored",
                "The call's outcome is the test's outcome.",
                "A test whose call passed and whose teardown failed (a fixture's cleanup "
                "raised) is failed.",
                f"{_C}:teardown_error_ignored",
            ),
            Variant(
                "parametrized-once",
                "A test is a function.",
                "Three cases test_price[1], test_price[2], test_price[3] are three tests.",
                f"{_C}:parametrized_once",
            ),
        ),
    ),
]
