"""Real dependencies for lessons and tests: PostgreSQL, Redis and a message broker.

Per service, the first that works: a URL from the environment (COURSE_DATABASE_URL,
COURSE_REDIS_URL, COURSE_BROKER_URL) -> Testcontainers when a Docker engine answers a ping ->
an embedded real server from a pip package -> an in-process stand-in, labelled as such.
COURSE_BACKEND=url|docker|embedded|inprocess forces one. Nothing starts until a URL is asked for;
servers live once per process and are stopped at exit or when the process is killed.

On a shared server (a COURSE_*_URL, e.g. a classroom's), each process gets its own database
(postgres_url() points at it; COURSE_SHARED_DATABASE=1 uses the URL's database as it is), its own
Redis key prefix (key_prefix(), applied by connect_redis()) and its own queue names
(queue_name()), all removed at exit or when the process is killed; see shared.py.

SmtpServer (smtp.py) is a real mail server on loopback for tests that read what was sent.
"""

from course_lib.backends.choice import Choice, choose
from course_lib.backends.clients import broker_connection, redis_client
from course_lib.backends.docker import docker_status
from course_lib.backends.errors import ServiceUnavailable, mask_url
from course_lib.backends.report import report
from course_lib.backends.runtime import (
    broker_url,
    key_prefix,
    postgres_url,
    queue_name,
    queue_prefix,
    redis_url,
    stop_all,
)
from course_lib.backends.shared import reap_orphans
from course_lib.backends.smtp import SmtpServer  # aiosmtpd is imported on first use


def connect_redis(url: str | None = None, **kwargs):
    """A Redis client for `url`, by default this process's Redis (redis_url()); on a shared Redis
    that default client keeps to this process's keys (key_prefix() is added and removed)."""
    if url is None:
        return redis_client(redis_url(), prefix=key_prefix(), **kwargs)
    return redis_client(url, **kwargs)


def connect_broker(url: str | None = None, **kwargs):
    """A kombu Connection for `url`, by default this process's broker (broker_url())."""
    return broker_connection(url or broker_url(), **kwargs)


__all__ = [
    "Choice",
    "ServiceUnavailable",
    "SmtpServer",
    "broker_url",
    "choose",
    "connect_broker",
    "connect_redis",
    "docker_status",
    "mask_url",
    "key_prefix",
    "postgres_url",
    "queue_name",
    "queue_prefix",
    "reap_orphans",
    "redis_url",
    "report",
    "stop_all",
]
