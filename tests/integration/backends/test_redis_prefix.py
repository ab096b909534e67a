"""The prefixed Redis client of shared-server mode, against a real Redis: commands with keys in
any position are confined to the prefix, replies come back without it, and the whole-database
commands (DBSIZE, FLUSHDB, KEYS, SCAN) see only this prefix's keys — never a neighbour's."""

from __future__ import annotations

import os
import secrets

import pytest

from course_lib.backends import owner
from course_lib.backends.redis_prefix import prefixed_client, reap
from tests.helpers import missing_tool

pytestmark = pytest.mark.integration


@pytest.fixture
def server():
    """A plain client on the shared Redis (COURSE_REDIS_URL, else this machine's); the test's
    keys are removed afterwards."""
    import redis

    url = os.environ.get("COURSE_REDIS_URL", "").strip() or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        missing_tool(f"a shared Redis at {url} does not answer ({exc})")
    client.url = url
    prefixes: list[str] = []
    client.prefixes = prefixes
    yield client
    for prefix in prefixes:
        for key in client.scan_iter(match=prefix + "*"):
            client.delete(key)
    client.close()


def confined(server, prefix: str | None = None):
    prefix = prefix or f"test-{secrets.token_hex(4)}:"
    server.prefixes.append(prefix)
    return prefixed_client(server.url, prefix)


def stored(server, prefix: str) -> list[str]:
    return sorted(k.decode()[len(prefix) :] for k in server.scan_iter(match=prefix + "*"))


def test_keys_are_prefixed_on_the_server_and_stripped_in_replies(server):
    r = confined(server)
    r.set("a", 1)
    r.mset({"b": 2, "c": 3})
    r.rpush("list", "x")
    assert stored(server, r.key_prefix) == ["a", "b", "c", "list"]
    assert sorted(r.keys()) == [b"a", b"b", b"c", b"list"] and r.dbsize() == 4
    assert r.mget("a", "c", "missing") == [b"1", b"3", None]
    assert r.blpop(["empty", "list"], timeout=1) == (b"list", b"x")
    assert sorted(r.scan_iter(match="[ab]")) == [b"a", b"b"]


def test_neighbours_do_not_see_each_other(server):
    """Two kernels use the same key names; each sees its own value, and FLUSHDB is its own."""
    alice, bob = confined(server), confined(server)
    alice.set("cart", "alice")
    bob.set("cart", "bob")
    assert (alice.get("cart"), bob.get("cart")) == (b"alice", b"bob")
    alice.flushdb()
    assert (alice.dbsize(), bob.dbsize(), bob.get("cart")) == (0, 1, b"bob")
    assert alice.randomkey() is None and bob.randomkey() == b"cart"


def test_movable_keys_scripts_streams_sort_and_pipelines(server):
    """Keys found by the server's key specs: EVAL's numkeys, XREAD's STREAMS, ZUNIONSTORE,
    SORT ... STORE (asked of the server), a Lua script, a lock, a transaction."""
    r = confined(server)
    r.set("n", 41)
    assert r.eval("return redis.call('incr', KEYS[1])", 1, "n") == 42
    assert r.register_script("return redis.call('get', KEYS[1])")(keys=["n"]) == b"42"
    r.xadd("events", {"kind": "paid"})
    [(stream, entries)] = r.xread({"events": 0})
    assert stream == b"events" and entries[0][1] == {b"kind": b"paid"}
    r.zadd("z1", {"m": 1})
    r.zunionstore("z2", ["z1"])
    r.rpush("letters", "b", "a")
    assert r.sort("letters", alpha=True, store="sorted") == 2
    with r.pipeline() as pipe:
        assert pipe.set("p", 1).get("p").keys("p*").execute() == [True, b"1", [b"p"]]

    def bump(pipe):
        value = int(pipe.get("n"))
        pipe.multi()
        pipe.set("n", value + 1)

    r.transaction(bump, "n")
    with r.lock("lock", timeout=5):
        assert "lock" in stored(server, r.key_prefix)
    expected = ["events", "letters", "n", "p", "sorted", "z1", "z2"]
    assert stored(server, r.key_prefix) == expected and r.get("n") == b"43"
    assert r.lrange("sorted", 0, -1) == [b"a", b"b"] and r.zrange("z2", 0, -1) == [b"m"]


def test_reap_deletes_only_keys_of_processes_that_are_gone(server):
    """A dead pid's keys go; a live process's keys (ours here) stay; another host's stay."""
    tag = owner.host_tag()
    dead = f"{owner.PREFIX}:{tag}:{_dead_pid()}:abcdef:"
    other_host = f"{owner.PREFIX}:{'0' * 8 if tag != '0' * 8 else '1' * 8}:{_dead_pid()}:abcdef:"
    mine = owner.key_prefix()
    for prefix in (dead, other_host, mine):
        confined(server, prefix).set("k", 1)
    assert dead in reap(server, tag)
    assert stored(server, dead) == [] and stored(server, mine) == ["k"]
    assert stored(server, other_host) == ["k"]


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
