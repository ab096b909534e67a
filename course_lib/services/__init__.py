"""Real dependencies for lessons and tests: PostgreSQL, Redis and a message broker.

Per service, the first that works: a URL from the environment (COURSE_DATABASE_URL,
COURSE_REDIS_URL, COURSE_BROKER_URL) -> Testcontainers when a Docker engine answers a ping ->
an embedded real server from a pip package -> an in-process stand-in, labelled as such.
COURSE_BACKEND=url|docker|embedded|inprocess forces one. Nothing starts until a URL is asked for;
servers live once per process and are stopped at exit or when the process is killed.
"""

from course_lib.services.choice import Choice, choose
from course_lib.services.clients import connect_broker, connect_redis
from course_lib.services.docker import docker_status
from course_lib.services.errors import ServiceUnavailable, mask_url
from course_lib.services.report import report
from course_lib.services.runtime import broker_url, postgres_url, redis_url, stop_all

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
