"""Backend choice without starting anything: environment first, COURSE_BACKEND forces, Docker only
when an engine answers, in-process stand-ins labelled as such."""

import pytest

from course_lib.backends import ServiceUnavailable, choose, mask_url
from course_lib.backends import choice as choice_module
from course_lib.backends.probes import kombu_url_for_redis, normalize

pytestmark = pytest.mark.unit


@pytest.fixture
def clean_env(monkeypatch):
    for var in (
        "COURSE_BACKEND",
        "COURSE_DATABASE_URL",
        "COURSE_REDIS_URL",
        "COURSE_BROKER_URL",
        "COURSE_BROKER_TRANSPORT",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(choice_module, "_docker_answers", lambda: (False, "no Docker engine here"))
    return monkeypatch


def test_embedded_is_the_default_without_docker(clean_env):
    """No URL and no Docker: the embedded real servers, with a reason per skipped backend."""
    for service in ("postgres", "redis", "broker"):
        chosen = choose(service)
        assert (chosen.backend, chosen.real) == ("embedded", True)
        assert [line.split(":")[0] for line in chosen.why_not] == ["url", "docker"]


def test_url_from_the_environment_wins(clean_env):
    """COURSE_DATABASE_URL is used first; the label masks the password."""
    clean_env.setenv("COURSE_DATABASE_URL", "postgresql://u:s3cret@db.example/x")
    chosen = choose("postgres")
    assert chosen.backend == "url" and "s3cret" not in chosen.label and chosen.why_not == []


def test_docker_is_chosen_when_an_engine_answers(clean_env):
    """Wiring only: the ping is faked to succeed; the pinned image is named."""
    clean_env.setattr(choice_module, "_docker_answers", lambda: (True, ""))
    chosen = choose("postgres")
    assert chosen.backend == "docker" and "postgres:18.1-alpine" in chosen.label


def test_course_backend_forces_a_backend(clean_env):
    """COURSE_BACKEND=inprocess gives labelled stand-ins and says why others were not tried."""
    clean_env.setenv("COURSE_BACKEND", "inprocess")
    chosen = choose("redis")
    assert (chosen.backend, chosen.real) == ("inprocess", False)
    assert "in-process stand-in" in chosen.label
    assert all("COURSE_BACKEND=inprocess" in line for line in chosen.why_not)


def test_no_silent_sqlite_for_postgres(clean_env):
    """Without COURSE_BACKEND=inprocess, PostgreSQL never falls back to SQLite."""
    assert "no in-process PostgreSQL" in choice_module._inprocess("postgres", forced=False)[1]


def test_unknown_course_backend_is_one_sentence(clean_env):
    clean_env.setenv("COURSE_BACKEND", "kubernetes")
    with pytest.raises(ServiceUnavailable, match="COURSE_BACKEND='kubernetes' is not one of"):
        choose("postgres")


def test_forced_url_without_a_url_is_unavailable(clean_env):
    clean_env.setenv("COURSE_BACKEND", "url")
    chosen = choose("broker")
    assert not chosen.ok and chosen.why_not == ["url: COURSE_BROKER_URL is not set"]


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "postgresql+psycopg://postgres:pw@127.0.0.1:5432/test",
            "postgresql+psycopg://postgres:***@127.0.0.1:5432/test",
        ),
        ("redis://:pw@host:6379/0", "redis://:***@host:6379/0"),
        ("amqp://guest@host//", "amqp://guest@host//"),
    ],
)
def test_mask_url(url, masked):
    assert mask_url(url) == masked


def test_urls_are_normalised():
    """A plain postgresql:// URL gets the psycopg 3 driver; the broker uses the next Redis db."""
    assert normalize("postgres", "postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert kombu_url_for_redis("redis://h:6379/0") == "redis://h:6379/1"
    assert kombu_url_for_redis("unix:///t/r.sock?db=0") == "redis+socket:///t/r.sock?virtual_host=1"


def test_a_backend_that_fails_to_start_falls_through(clean_env):
    """Docker answers but cannot start the container (offline, no image): embedded is used, and
    the reason is kept for doctor. Servers are faked: this checks the fall-through logic only."""
    from course_lib.backends import runtime

    clean_env.setattr(choice_module, "_docker_answers", lambda: (True, ""))

    def fake_start(choice):
        if choice.backend == "docker":
            raise RuntimeError("pull access denied for postgres")
        return "postgresql+psycopg://u@/db", None, None

    clean_env.setattr(runtime, "_start", fake_start)
    clean_env.setattr(runtime.probes, "version", lambda service, url: "PostgreSQL 18.6")
    run = runtime._first_that_starts("postgres")
    assert run.choice.backend == "embedded"
    assert "docker: failed to start (pull access denied for postgres)" in run.choice.why_not
    clean_env.setenv("COURSE_BACKEND", "docker")  # forced: no fall-through, one sentence instead
    with pytest.raises(ServiceUnavailable, match=r"did not start .*pull access denied"):
        runtime._first_that_starts("postgres")
