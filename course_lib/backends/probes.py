"""Normalise service URLs and ask each server for its version (which also proves it answers)."""

from __future__ import annotations

import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from course_lib.backends.clients import (
    broker_connection,
    redis_client,
    release_broker,
    transport_kind,
)


def normalize(service: str, url: str) -> str:
    """postgresql:// and postgres:// get the psycopg 3 driver the course installs."""
    if service == "postgres":
        scheme, sep, rest = url.partition("://")
        if scheme in ("postgres", "postgresql", "postgresql+psycopg2"):
            return f"postgresql+psycopg{sep}{rest}"
    return url


def kombu_url_for_redis(url: str) -> str:
    """The kombu URL for the broker on the course's Redis, one database above the data's, so
    flushing the data database between tests never deletes queued messages."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "unix":
        db = int(query.pop("db", 0))
        return f"redis+socket://{parts.path}?virtual_host={(db + 1) % 16}"
    db = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(db + 1) % 16}", query=urlencode(query)))


def version(service: str, url: str) -> str:
    """The server's own version string; raises if it does not answer."""
    if service == "postgres":
        return _postgres_version(url)
    if service == "redis":
        return _redis_version(url)
    return _broker_version(url)


def pg_params(url: str) -> dict:
    """psycopg.connect() keyword arguments for a SQLAlchemy PostgreSQL URL."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    params = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        **parsed.query,
    }
    return {k: v for k, v in params.items() if v is not None}


def _postgres_version(url: str) -> str:
    if url.startswith("sqlite"):
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(connect_timeout=5, **pg_params(url)) as conn:
        return "PostgreSQL " + str(conn.execute("SHOW server_version").fetchone()[0])


def _redis_version(url: str) -> str:
    if url.startswith("fakeredis://"):
        import fakeredis

        redis_client(url).ping()
        return f"fakeredis {getattr(fakeredis, '__version__', '')}".strip()
    client = redis_client(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        return "Redis " + str(client.info("server").get("redis_version", "?"))
    finally:
        client.close()


def _broker_version(url: str) -> str:
    import kombu

    conn = broker_connection(url)
    try:
        conn.ensure_connection(max_retries=1)
        kind = transport_kind(conn)
        if kind == "redis":
            server = "Redis " + conn.default_channel.client.info("server")["redis_version"]
        elif kind == "sqlalchemy":
            server = _postgres_version(url.removeprefix("sqla+"))
        elif kind == "amqp":
            props = conn.connection.server_properties or {}
            server = f"{_text(props.get('product', 'AMQP'))} {_text(props.get('version', '?'))}"
        else:
            server = "in-process memory"
    finally:
        release_broker(conn)
    return f"{server} via kombu {kombu.__version__} ({kind} transport)"


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
