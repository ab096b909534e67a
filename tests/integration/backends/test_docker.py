"""The Testcontainers path: a Docker socket whose engine is dead means "no Docker", and tests that
need Docker are skipped with one clear sentence. Real where possible; wiring tests say so."""

import socket
import subprocess
import sys
import textwrap
import threading
from unittest import mock

import pytest

from course_lib.backends import ServiceUnavailable, containers, docker


def test_the_real_probe_gives_a_verdict_and_one_line_reason():
    """The real probe, run for real: either an engine answers, or the reason is one line."""
    ok, why = docker.docker_answers()
    assert (ok and why == "") or (not ok and why and "\n" not in why)


def test_socket_file_without_an_engine_is_no_docker(tmp_path):
    """A leftover socket file nobody listens on: refused, reported as no engine."""
    path = tmp_path / "docker.sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()
    ok, why = docker.ping(f"unix://{path}", timeout=0.2)
    assert not ok and "no engine answered" in why


def test_hung_engine_is_no_docker(tmp_path):
    """An engine that accepts but never replies: the short timeout turns it into 'no Docker'."""
    path = tmp_path / "docker.sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        server.listen()
        ok, why = docker.ping(f"unix://{path}", timeout=0.2)
    assert not ok and "no engine answered" in why


def test_answering_engine_is_docker(tmp_path):
    """A socket that answers /_ping like Docker does counts as an engine."""
    path = tmp_path / "docker.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen()

    def answer():
        conn, _ = server.accept()
        with conn:
            conn.recv(1024)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")

    thread = threading.Thread(target=answer)
    thread.start()
    try:
        assert docker.ping(f"unix://{path}", timeout=5) == (True, "")
    finally:
        thread.join(5)
        server.close()


def test_require_docker_raises_one_sentence(monkeypatch):
    monkeypatch.setattr(containers, "docker_answers", lambda: (False, "no Docker socket exists"))
    with pytest.raises(
        ServiceUnavailable,
        match=r"^Needs a Docker engine, but no Docker socket exists: Testcontainers cannot",
    ):
        containers.require_docker()


def test_docker_marked_test_runs_or_is_skipped_with_the_reason(tmp_path):
    """A real `@pytest.mark.docker` test starting PostgresContainer: it runs where an engine
    answers, and is skipped, saying why, where none does."""
    test = tmp_path / "test_needs_docker.py"
    test.write_text(
        textwrap.dedent("""
        import pytest
        from course_lib.backends.containers import IMAGES

        @pytest.mark.docker
        def test_real_postgres_container():
            from testcontainers.community.postgres import PostgresContainer
            with PostgresContainer(IMAGES["postgres"], driver="psycopg") as pg:
                assert pg.get_connection_url().startswith("postgresql+psycopg://")
    """)
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-rs",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            str(test),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if docker.docker_answers()[0]:
        assert "1 passed" in result.stdout, result.stdout
    else:
        assert "1 skipped" in result.stdout, result.stdout
        assert "Testcontainers cannot start containers" in result.stdout


@pytest.mark.wiring
def test_postgres_container_wiring(monkeypatch):
    """Wiring only (Docker mocked): the pinned image, the psycopg driver, its URL returned."""
    monkeypatch.setattr(containers, "docker_answers", lambda: (True, ""))
    with mock.patch("testcontainers.community.postgres.PostgresContainer") as fake:
        fake.return_value.get_connection_url.return_value = "postgresql+psycopg://t:t@localhost:1/t"
        started = containers.start("postgres")
    fake.assert_called_once_with("postgres:18.1-alpine", driver="psycopg")
    fake.return_value.start.assert_called_once_with()
    assert started["url"] == "postgresql+psycopg://t:t@localhost:1/t"
    started["stop"]()
    fake.return_value.stop.assert_called_once_with()


def test_images_are_pinned():
    assert all(
        ":" in image and not image.endswith(":latest") for image in containers.IMAGES.values()
    )


@pytest.mark.wiring
def test_redis_and_rabbitmq_container_wiring(monkeypatch):
    """Wiring only (containers mocked): pinned images, and URLs built from the mapped ports."""
    monkeypatch.setattr(containers, "docker_answers", lambda: (True, ""))
    with mock.patch("testcontainers.community.redis.RedisContainer") as fake:
        fake.return_value.get_container_host_ip.return_value = "localhost"
        fake.return_value.get_exposed_port.return_value = "32768"
        started = containers.start("redis")
    fake.assert_called_once_with("redis:7.4.1-alpine")
    assert started["url"] == "redis://localhost:32768/0"
    rabbit = mock.MagicMock()
    rabbit.return_value.with_exposed_ports.return_value.url = "amqp://guest:guest@localhost:1//"
    monkeypatch.setattr(containers, "_rabbit_class", lambda: rabbit)
    started = containers.start("broker")
    rabbit.assert_called_once_with("rabbitmq:3.13.7-alpine")
    rabbit.return_value.with_exposed_ports.assert_called_once_with(5672)
    assert started["url"] == "amqp://guest:guest@localhost:1//"
