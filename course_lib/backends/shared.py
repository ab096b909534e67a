"""Shared-server mode: one classroom server, a hundred kernels that never see each other's data.

When a service comes from COURSE_DATABASE_URL, COURSE_REDIS_URL or COURSE_BROKER_URL, each process
(kernel, pytest run) gets its own corner of that server, named with its owner token (owner.py):

- PostgreSQL: its own database, course_<host>_<pid>_<random>, created from template0 (or
  COURSE_DATABASE_TEMPLATE) on first use; postgres_url() returns its URL, so every consumer is
  isolated without knowing. COURSE_SHARED_DATABASE=1 opts out and uses the URL's database as it
  is: fine for a CI service container that only one test run uses at a time.
- Redis: its own key prefix, course:<host>:<pid>:<random>:, applied by the client that
  connect_redis() and the `redis_client` fixture return (redis_prefix.py). A raw
  redis.Redis.from_url(redis_url()) is NOT confined: use connect_redis() on a shared Redis.
- Broker: its own queue names, course.<host>.<pid>.<random>.<name>, from queue_name(name), which
  the `broker` fixture uses. On RabbitMQ those queues also expire after COURSE_QUEUE_EXPIRES
  seconds unused (default 3600), so even a lost cleanup ends on its own.

Everything is removed at exit, by the watchdog's reaper when the process is killed, and (database
and keys) by the next process on the same host if even the reaper was lost. Only things whose
owner is gone are reaped; a live kernel's database, keys and queues are never touched.
"""

from __future__ import annotations

import os
import threading

from course_lib.backends import owner, shared_pg, watchdog

OPT_OUT = "COURSE_SHARED_DATABASE"
EXPIRES_ENV = "COURSE_QUEUE_EXPIRES"
TIMEOUT = 5  # seconds for any connection made here: cleanup must never hang

_lock = threading.Lock()
_queues: dict = {"pid": 0, "names": {}}  # queue name -> watchdog key, for this process


def shared_database() -> bool:
    """True when COURSE_SHARED_DATABASE asks to use the URL's database itself."""
    return os.environ.get(OPT_OUT, "").strip().lower() in ("1", "true", "yes", "on")


def queue_expires() -> float:
    """Seconds a per-process RabbitMQ queue may stay unused before the server deletes it."""
    try:
        return max(0.1, float(os.environ.get(EXPIRES_ENV, "") or 3600))
    except ValueError:
        return 3600.0


def start(service: str, url: str) -> dict:
    """This process's private corner of the shared server at `url`: a dict with url, stop,
    detail (what doctor shows) and prefix (Redis keys, broker queues; "" for PostgreSQL)."""
    if service == "postgres":
        return _start_postgres(url)
    if service == "redis":
        return _start_redis(url)
    return start_queues(url)


def _start_postgres(url: str) -> dict:
    if shared_database():
        return {"url": url, "detail": f"shared server, its database used as is ({OPT_OUT}=1)"}
    name = owner.database_name()
    key = watchdog.watch_remote({"remote": "postgres", "url": url, "name": name})  # before CREATE
    try:
        private = shared_pg.create(url, name)
    except BaseException:
        watchdog.unwatch(key)
        raise

    def stop() -> None:
        _quietly(shared_pg.drop, url, name)
        watchdog.unwatch(key)

    return {"url": private, "stop": stop, "detail": f"shared server, private database {name}"}


def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=TIMEOUT, socket_connect_timeout=TIMEOUT)


def _start_redis(url: str) -> dict:
    from course_lib.backends import redis_prefix

    prefix = owner.key_prefix()
    client = _redis(url)
    try:
        redis_prefix.reap(client, owner.host_tag())
    finally:
        client.close()
    key = watchdog.watch_remote({"remote": "redis", "url": url, "prefix": prefix})

    def stop() -> None:
        _quietly(delete_keys, url, prefix)
        watchdog.unwatch(key)

    detail = f"shared server, private key prefix {prefix}"
    return {"url": url, "stop": stop, "detail": detail, "prefix": prefix}


def delete_keys(url: str, prefix: str) -> int:
    from course_lib.backends import redis_prefix

    client = _redis(url)
    try:
        return redis_prefix.delete_keys(client, prefix)
    finally:
        client.close()


def start_queues(url: str) -> dict:
    """Per-process queue names on the broker at `url` (or a kombu transport over a shared Redis);
    the queues queue_name() handed out are deleted by stop()."""
    prefix = owner.queue_prefix()

    def stop() -> None:
        with _lock:
            names = _queues["names"] if _queues["pid"] == os.getpid() else {}
            _queues["names"] = {}
        if names:
            _quietly(delete_queues, url, list(names))
        for key in names.values():
            watchdog.unwatch(key)

    detail = f"shared server, private queues {prefix}*"
    return {"url": url, "stop": stop, "detail": detail, "prefix": prefix}


def track_queue(url: str, name: str) -> None:
    """Remember queue `name` on `url` for deletion at exit (and by the reaper if killed)."""
    with _lock:
        if _queues["pid"] != os.getpid():  # a forked child owns none of its parent's queues
            _queues.update(pid=os.getpid(), names={})
        if name not in _queues["names"]:
            _queues["names"][name] = watchdog.watch_remote(
                {"remote": "queue", "url": url, "name": name}
            )


def delete_queues(url: str, names: list[str]) -> None:
    """Delete queues `names` and their same-named exchanges (kombu's SimpleQueue makes both)."""
    from course_lib.backends.clients import broker_connection, release_broker

    conn = broker_connection(url, connect_timeout=TIMEOUT)
    try:
        channel = conn.channel()
        for name in names:
            for delete in ("queue_delete", "exchange_delete"):
                try:
                    getattr(channel, delete)(name)
                except Exception:  # noqa: BLE001 - the broker closed the channel: take another
                    channel = conn.channel()
    finally:
        release_broker(conn)


def cleanup(records: list[dict]) -> None:
    """The reaper's part: remove what `records` (watch_remote) name, each failure on its own."""
    queues: dict[str, list[str]] = {}
    for record in records:
        kind = record.get("remote")
        if kind == "postgres":
            _quietly(shared_pg.drop, record["url"], record["name"])
        elif kind == "redis":
            _quietly(delete_keys, record["url"], record["prefix"])
        elif kind == "queue":
            queues.setdefault(record["url"], []).append(record["name"])
    for url, names in queues.items():
        _quietly(delete_queues, url, names)


def reap_orphans(database_url: str | None = None, redis_url: str | None = None) -> dict:
    """Remove this host's orphans (owners gone) from the servers given, or from those in
    COURSE_DATABASE_URL / COURSE_REDIS_URL: what the first start of a process does anyway."""
    from course_lib.backends.probes import normalize

    database_url = database_url or os.environ.get("COURSE_DATABASE_URL", "").strip()
    redis_url = redis_url or os.environ.get("COURSE_REDIS_URL", "").strip()
    reaped: dict[str, list[str]] = {"databases": [], "key_prefixes": []}
    if database_url:
        reaped["databases"] = shared_pg.reap_url(normalize("postgres", database_url))
    if redis_url:
        from course_lib.backends import redis_prefix

        client = _redis(redis_url)
        try:
            reaped["key_prefixes"] = redis_prefix.reap(client, owner.host_tag())
        finally:
            client.close()
    return reaped


def _quietly(action, *args) -> None:
    """Cleanup goes on past a server that is down or a thing already gone."""
    try:
        action(*args)
    except Exception:  # noqa: BLE001 - at exit there is no one left to tell
        pass
