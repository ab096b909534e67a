"""Real dependencies for lessons and tests: PostgreSQL, Redis and a message broker.

Per service, the first that works: a URL from the environment (COURSE_DATABASE_URL,
COURSE_REDIS_URL, COURSE_BROKER_URL) -> Testcontainers when a Docker engine answers a ping ->
an embedded real server from a pip package -> an in-process stand-in, labelled as such.
COURSE_BACKEND=url|docker|embedded|inprocess forces one. Nothing starts until a URL is asked for;
servers live once per process and are stopped at exit or when the process is killed.
"""

from course_lib.backends.choice import Choice, choose
from course_lib.backends.clients import broker_connection, redis_client
from course_lib.backends.docker import docker_status
from course_lib.backends.errors import ServiceUnavailable, mask_url
from course_lib.backends.report import report
from course_lib.backends.runtime import broker_url, postgres_url, redis_url, stop_all


def connect_redis(url: str | None = None, **kwargs):
    """A Redis client for `url`, by default this process's Redis (redis_url())."""
    return redis_client(url or redis_url(), **kwargs)


def connect_broker(url: str | None = None, **kwargs):
    """A kombu Connection for `url`, by default this process's broker (broker_url())."""
    return broker_connection(url or broker_url(), **kwargs)


__all__ = [
    "Choice",
    "ServiceUnavailable",
    "broker_url",
    "choose",
    "connect_broker",
    "connect_redis",
    "docker_status",
    "mask_url",
    "postgres_url",
    "redis_url",
    "report",
    "stop_all",
]
