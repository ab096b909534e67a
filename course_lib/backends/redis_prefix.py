"""A Redis client that keeps one process to its own key space on a shared Redis.

On a classroom's COURSE_REDIS_URL a hundred kernels share one database, so each gets a key prefix
(course:<host>:<pid>:<random>:, see owner.py) and `connect_redis()` returns a PrefixedRedis: every
key a command names is prefixed on the way out and stripped on the way back, so `r.set("cart:1")`
stores `course:...:cart:1` and `r.keys()` lists `cart:1`. DBSIZE, FLUSHDB, KEYS, SCAN and RANDOMKEY
only see this process's keys. Key positions come from the server's own COMMAND table (key specs),
so every command and its options are covered, including EVAL, XREAD and SORT ... STORE.
Pub/Sub channels are not keys and are not prefixed: name them with key_prefix() yourself.
"""

from __future__ import annotations

import random

import redis
from redis.client import Pipeline

_tables: dict[tuple, dict] = {}  # server -> command table, fetched once per process and server
KEYS_IN_REPLY = {  # commands whose reply names keys: where, so they can be stripped
    "BLPOP": "first",
    "BRPOP": "first",
    "BZPOPMIN": "first",
    "BZPOPMAX": "first",
    "LMPOP": "first",
    "BLMPOP": "first",
    "ZMPOP": "first",
    "BZMPOP": "first",
    "KEYS": "all",
    "SCAN": "scan",
    "XREAD": "streams",
    "XREADGROUP": "streams",
}
EMULATED = ("DBSIZE", "FLUSHDB", "FLUSHALL", "RANDOMKEY")  # whole-database commands, scoped


def _text(value) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode(errors="replace")
    return str(value)


def _add(prefix: str, key):
    return prefix.encode() + bytes(key) if isinstance(key, bytes | bytearray) else prefix + str(key)


def _strip(prefix: str, key):
    if isinstance(key, bytes) and key.startswith(prefix.encode()):
        return key[len(prefix) :]
    if isinstance(key, str) and key.startswith(prefix):
        return key[len(prefix) :]
    return key


def command_table(client: redis.Redis) -> dict:
    """name (and "name|subcommand") -> {first, last, step, movable, specs}, from COMMAND."""
    kwargs = client.connection_pool.connection_kwargs
    server = tuple(kwargs.get(k) for k in ("host", "port", "path", "db"))
    if server not in _tables:
        plain = redis.Redis(connection_pool=client.connection_pool)
        table = {}
        for name, info in plain.command().items():
            table[name] = {
                "first": info["first_key_pos"],
                "last": info["last_key_pos"],
                "step": info["step_count"],
                "movable": "movablekeys" in info["flags"],
                "specs": info.get("key_specifications") or [],
            }
            for sub in info.get("subcommands") or []:
                table[_text(sub[0]).lower()] = {
                    "first": sub[3],
                    "last": sub[4],
                    "step": sub[5],
                    "movable": b"movablekeys" in sub[2],
                    "specs": sub[8] if len(sub) > 8 else [],
                }
        _tables[server] = table
    return _tables[server]


def _entry(table: dict, words: list) -> dict | None:
    name = _text(words[0]).lower()
    if len(words) > 1 and f"{name}|{_text(words[1]).lower()}" in table:
        return table[f"{name}|{_text(words[1]).lower()}"]
    return table.get(name)


def _search_start(begin: dict, words: list) -> int | None:
    """Where a key spec's keys begin (index), or None when the spec cannot say (unknown)."""
    kind, spec = begin[b"type"], begin[b"spec"]
    if kind == b"index":
        return spec[b"index"]
    if kind != b"keyword":
        return None
    keyword, start = _text(spec[b"keyword"]).upper(), spec[b"startfrom"]
    order = range(start, len(words)) if start > 0 else range(len(words) + start, 0, -1)
    found = [i for i in order if _text(words[i]).upper() == keyword]
    return found[0] + 1 if found else len(words)  # an absent keyword: no keys from this spec


def _spec_positions(spec: dict, words: list) -> list[int] | None:
    start = _search_start(spec[b"begin_search"], words)
    find = spec[b"find_keys"]
    if start is None or find[b"type"] not in (b"range", b"keynum"):
        return None
    if start >= len(words):
        return []
    rule = find[b"spec"]
    if find[b"type"] == b"keynum":
        count, first = int(words[start + rule[b"keynumidx"]]), start + rule[b"firstkey"]
        return list(range(first, first + count * rule[b"keystep"], rule[b"keystep"]))
    last = rule[b"lastkey"]
    if last >= 0:
        end = start + last
    elif rule[b"limit"] > 1:  # e.g. XREAD STREAMS k1 k2 id1 id2: the first half are keys
        end = start + (len(words) - start) // rule[b"limit"] - 1
    else:
        end = len(words) + last
    return list(range(start, min(end, len(words) - 1) + 1, rule[b"keystep"]))


def key_positions(client: redis.Redis, words: list) -> list[int]:
    """Indexes of the keys in a command's words (["SET", "k", "v"] -> [1])."""
    entry = _entry(command_table(client), words)
    if entry is None:
        return []
    if entry["specs"]:
        found = [_spec_positions(spec, words) for spec in entry["specs"]]
        if None not in found:
            return sorted({i for positions in found for i in positions})
    elif not entry["movable"]:
        if entry["first"] <= 0:
            return []
        last = entry["last"] if entry["last"] >= 0 else len(words) + entry["last"]
        return list(range(entry["first"], last + 1, entry["step"]))
    return _ask_server(client, words)


def _ask_server(client: redis.Redis, words: list) -> list[int]:
    """COMMAND GETKEYS for what the table cannot place (SORT ... BY/STORE), matched in order."""
    plain = redis.Redis(connection_pool=client.connection_pool)
    try:
        keys = [_text(k) for k in plain.command_getkeys(*words)]
    except redis.ResponseError:  # "the command has no key arguments"
        return []
    positions, i = [], 1
    for key in keys:
        while i < len(words) and _text(words[i]) != key:
            i += 1
        positions.append(i)
        i += 1
    return [p for p in positions if p < len(words)]


def prefix_args(client: redis.Redis, prefix: str, args: tuple, options: dict) -> tuple:
    """The command's arguments with every key prefixed (SCAN/KEYS patterns too)."""
    words = _text(args[0]).split() + list(args[1:])
    shift = len(words) - len(args)  # "MEMORY USAGE" arrives as one word, the table sees two
    name = _text(words[0]).upper()
    out = list(args)
    if name == "KEYS":
        out[1] = _add(prefix, args[1])
    elif name == "SCAN":
        upper = [_text(a).upper() for a in out]
        if "MATCH" in upper:
            at = upper.index("MATCH") + 1
            out[at] = _add(prefix, out[at])
        else:
            out += ["MATCH", prefix + "*"]
    else:
        for position in key_positions(client, words):
            out[position - shift] = _add(prefix, out[position - shift])
    if options.get("keys"):
        options["keys"] = [_add(prefix, k) for k in options["keys"]]
    return tuple(out)


def strip_reply(prefix: str, name, reply):
    """Take this process's prefix off the key names a reply carries."""
    where = KEYS_IN_REPLY.get(_text(name).split()[0].upper())
    if reply is None or where is None or isinstance(reply, Exception):
        return reply
    if where == "all":
        return [_strip(prefix, k) for k in reply]
    if where == "scan":
        return reply[0], [_strip(prefix, k) for k in reply[1]]
    if where == "first":
        head = [_strip(prefix, reply[0]), *reply[1:]]
        return tuple(head) if isinstance(reply, tuple) else head
    if isinstance(reply, dict):  # XREAD in RESP3
        return {_strip(prefix, k): v for k, v in reply.items()}
    return [[_strip(prefix, stream), *rest] for stream, *rest in reply]


class PrefixedRedis(redis.Redis):
    """redis.Redis confined to keys under `key_prefix` (see the module docstring)."""

    key_prefix = ""

    def execute_command(self, *args, **options):
        name = _text(args[0]).upper()
        if name in EMULATED:
            return self._emulate(name)
        reply = super().execute_command(
            *prefix_args(self, self.key_prefix, args, options), **options
        )
        return strip_reply(self.key_prefix, name, reply)

    def _own_keys(self):
        plain = redis.Redis(connection_pool=self.connection_pool)
        return plain.scan_iter(match=self.key_prefix + "*", count=1000)

    def _emulate(self, name: str):
        if name == "DBSIZE":
            return sum(1 for _ in self._own_keys())
        if name == "RANDOMKEY":
            keys = list(self._own_keys())
            return _strip(self.key_prefix, random.choice(keys)) if keys else None
        delete_keys(redis.Redis(connection_pool=self.connection_pool), self.key_prefix)
        return True

    def pipeline(self, transaction=True, shard_hint=None) -> Pipeline:
        pipe = PrefixedPipeline(
            self.connection_pool, self.response_callbacks, transaction, shard_hint
        )
        pipe.key_prefix = self.key_prefix
        return pipe


class PrefixedPipeline(Pipeline):
    """A pipeline of a PrefixedRedis: commands are prefixed as they are queued."""

    key_prefix = ""

    def execute_command(self, *args, **options):
        name = _text(args[0]).upper()
        if name in EMULATED:
            raise redis.RedisError(f"{name} on a shared Redis only works outside a pipeline")
        return super().execute_command(
            *prefix_args(self, self.key_prefix, args, options), **options
        )

    def immediate_execute_command(self, *args, **options):  # WATCH and what follows it
        return strip_reply(
            self.key_prefix, args[0], super().immediate_execute_command(*args, **options)
        )

    def execute(self, raise_on_error: bool = True) -> list:
        names = [args[0] for args, _options in self.command_stack]
        replies = super().execute(raise_on_error)
        return [strip_reply(self.key_prefix, n, r) for n, r in zip(names, replies, strict=False)]


def prefixed_client(url: str, prefix: str, **kwargs) -> PrefixedRedis:
    """A PrefixedRedis on `url` confined to keys starting with `prefix`."""
    if "connection_pool" in kwargs:
        client = PrefixedRedis(**kwargs)
    else:
        client = PrefixedRedis.from_url(url, **kwargs)
    client.key_prefix = prefix
    return client


def delete_keys(client: redis.Redis, prefix: str) -> int:
    """Delete every key under `prefix` (a plain client: patterns are not prefixed again)."""
    deleted, batch = 0, []
    for key in client.scan_iter(match=prefix + "*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            deleted += client.unlink(*batch)
            batch = []
    if batch:
        deleted += client.unlink(*batch)
    return deleted


def reap(client: redis.Redis, tag: str) -> list[str]:
    """Delete the keys of this host's dead processes (prefixes course:<tag>:<pid>:<random>:)."""
    from course_lib.backends import owner

    prefixes = set()
    for key in client.scan_iter(match=f"{owner.PREFIX}:{tag}:*", count=1000):
        parts = owner.parse(_text(key), ":")
        if parts is not None:
            prefixes.add(parts)
    reaped = []
    for parts in sorted(prefixes):
        if owner.is_orphan(parts):
            prefix = ":".join([owner.PREFIX, *map(str, parts)]) + ":"
            delete_keys(client, prefix)
            reaped.append(prefix)
    return reaped
