"""Testcontainers backend: real servers in Docker, used only when a Docker engine answers a ping.

Images are pinned (never `latest`). Containers stop at normal exit; if the kernel is SIGKILLed,
Testcontainers' Ryuk sidecar removes them when our connection to it drops. RabbitMQ runs as a plain
DockerContainer with a kombu readiness probe: testcontainers' RabbitMqContainer needs pika, a second
AMQP client the course does not otherwise use.
"""

from __future__ import annotations

import atexit

from course_lib.backends.docker import docker_answers
from course_lib.backends.errors import ServiceUnavailable

IMAGES = {
    "postgres": "postgres:18.1-alpine",  # major 18: embedded server and CI match
    "redis": "redis:7.4.1-alpine",
    "broker": "rabbitmq:3.13.7-alpine",
}


def require_docker() -> None:
    """Raise ServiceUnavailable (one sentence) unless a Docker engine answers."""
    ok, why = docker_answers()
    if not ok:
        raise ServiceUnavailable(
            f"Needs a Docker engine, but {why}: Testcontainers cannot start containers here "
            "(Binder and JupyterHub have none), so the course uses its embedded servers instead."
        )


def start(service: str) -> dict:
    """Start the pinned container for `service`; return {"url", "stop"} (stop is idempotent)."""
    require_docker()
    container, url_of = _build(service)
    container.start()
    stopped = []

    def stop() -> None:
        if not stopped:
            stopped.append(True)
            try:
                container.stop()
            except Exception:  # noqa: BLE001 - already removed (by Ryuk or by hand): nothing to do
                pass

    atexit.register(stop)
    return {"url": url_of(container), "stop": stop}


def _build(service: str):
    if service == "postgres":
        from testcontainers.community.postgres import PostgresContainer

        container = PostgresContainer(IMAGES["postgres"], driver="psycopg")
        return container, lambda c: c.get_connection_url()
    if service == "redis":
        from testcontainers.community.redis import RedisContainer

        container = RedisContainer(IMAGES["redis"])
        return (
            container,
            lambda c: f"redis://{c.get_container_host_ip()}:{c.get_exposed_port(6379)}/0",
        )
    if service == "broker":
        container = _rabbit_class()(IMAGES["broker"]).with_exposed_ports(5672)
        return container, lambda c: c.url
    raise ValueError(f"unknown service {service!r}")


def _rabbit_class():
    from testcontainers.core.container import DockerContainer

    class RabbitMq(DockerContainer):
        """RabbitMQ with a kombu readiness probe (polls until a connection succeeds)."""

        @property
        def url(self) -> str:
            return (
                f"amqp://guest:guest@{self.get_container_host_ip()}:{self.get_exposed_port(5672)}//"
            )

        def start(self):
            super().start()
            from kombu import Connection

            with Connection(self.url, connect_timeout=2) as conn:
                conn.ensure_connection(
                    max_retries=60, interval_start=0.5, interval_step=0.5, interval_max=1
                )
            return self

    return RabbitMq
