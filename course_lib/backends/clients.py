"""Clients for the course's services that also accept the in-process stand-ins' URLs.

They take a URL and nothing else decides it: choosing the default server is runtime's job
(course_lib.backends.connect_redis/connect_broker join the two), so the arrows point one way.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

# kombu's virtual transports (memory, SQLAlchemy) poll, once a second by default: a test waiting for
# one message would wait up to 1 s. 10 ms keeps publish->consume latency low at negligible CPU cost.
POLLING_INTERVAL = 0.01

_fake = {"server": None}
_fake_lock = threading.Lock()
_pools: dict[str, object] = {}  # url -> the process's redis.ConnectionPool for it


def redis_client(url: str, prefix: str = "", *, pooled: bool = False, **kwargs):
    """A redis.Redis for `url`; a fakeredis client for the stand-in's fakeredis:// URL; with a
    `prefix`, a client confined to keys under it (a shared Redis, see redis_prefix.py).

    pooled=True: the client shares the process's connection pool for `url` (its close() leaves
    the pool open). Why: a new connection costs ~2 ms, redis-py reading its own version from
    the package metadata for each one, and the redis_client fixture makes a client per test."""
    if pooled and not kwargs and not url.startswith("fakeredis://"):
        kwargs["connection_pool"] = _pool(url)
    if prefix:
        from course_lib.backends.redis_prefix import prefixed_client

        return prefixed_client(url, prefix, **kwargs)
    if url.startswith("fakeredis://"):
        import fakeredis

        with _fake_lock:  # one fake server per process, like one real server per process
            if _fake["server"] is None:
                _fake["server"] = fakeredis.FakeServer()
        db = int(urlsplit(url).path.strip("/") or 0)
        return fakeredis.FakeRedis(server=_fake["server"], db=db, **kwargs)
    import redis

    if "connection_pool" in kwargs:
        return redis.Redis(**kwargs)
    return redis.Redis.from_url(url, **kwargs)


def _pool(url: str):
    """One pool per URL and process (redis-py resets a pool it finds in a forked child)."""
    import redis

    with _fake_lock:
        if url not in _pools:
            _pools[url] = redis.ConnectionPool.from_url(url)
        return _pools[url]


def broker_connection(url: str, **kwargs):
    """A kombu.Connection for `url` with polling set deliberately."""
    from kombu import Connection

    kwargs.setdefault("connect_timeout", 5)
    if url.startswith("memory://"):
        kwargs.setdefault("transport_options", {"polling_interval": POLLING_INTERVAL})
    conn = Connection(url, **kwargs)
    if url.startswith("sqla+"):
        # The SQLAlchemy transport forwards transport_options to create_engine(), which rejects
        # polling_interval, so set it on the transport instead.
        conn.transport.polling_interval = POLLING_INTERVAL
        _configure_kombu_sqla_models(conn)
    return conn


def _configure_kombu_sqla_models(conn) -> None:
    """kombu's SQLAlchemy transport maps its tables with lazy="noload", deprecated in SQLAlchemy
    2.1; the warning fires when the mappers are configured, which would fail a filterwarnings=error
    suite. It is kombu's code, not ours: configure those mappers now, ignoring that one message."""
    import warnings

    from sqlalchemy.exc import SADeprecationWarning
    from sqlalchemy.orm import configure_mappers

    channel = conn.default_channel  # creates kombu's model classes
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message="The ``noload`` loader strategy is deprecated",
            category=SADeprecationWarning,
        )
        assert channel.queue_cls is not None and channel.message_cls is not None
        configure_mappers()


def release_broker(conn) -> None:
    """Close a connection from broker_connection(). kombu's SQLAlchemy transport never closes its
    session nor disposes its engine, so do that here (else PostgreSQL connections linger)."""
    if transport_kind(conn) == "sqlalchemy":
        from kombu.transport.sqlalchemy import Channel

        for channel in list(getattr(conn.transport, "channels", [])):
            if channel._session is not None:
                channel._session.close()
        cached = Channel._engines.pop(conn.hostname, None)
        conn.release()
        if cached:
            cached[0].dispose()
        return
    conn.release()


def transport_kind(conn) -> str:
    """redis, amqp, sqlalchemy or memory."""
    kind = conn.transport.driver_type
    return "sqlalchemy" if kind == "sql" else kind
