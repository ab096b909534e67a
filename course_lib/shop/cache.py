"""A Redis read cache for products and orders (cache-aside), invalidated on every update.

Cache-aside: read the cache; on a miss, load from the database and store the result with a TTL;
on an update, write the database, then DELETE the key (the next read loads the new value). Why
delete rather than overwrite: two writers racing to overwrite can leave the older value in the
cache; a delete cannot. The TTL bounds how long any entry missed by an invalidation stays stale.
A miss (no such product) is NOT cached: a product created a second later must be found.
The Redis client is injected; values are JSON (ints stay ints: money is cents).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Generic, TypeVar

from course_lib.shop.errors import NotFound
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.repositories.sqlalchemy import SqlAlchemyProductRepository

T = TypeVar("T")
DEFAULT_TTL = 300  # seconds


class ReadCache(Generic[T]):
    """`cache.get(key, load)`: the cached value, or load(key) stored for `ttl` seconds."""

    def __init__(
        self,
        client,
        prefix: str,
        encode: Callable[[T], dict],
        decode: Callable[[dict], T],
        ttl: int = DEFAULT_TTL,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.encode = encode
        self.decode = decode
        self.ttl = ttl

    def key(self, key: object) -> str:
        return f"{self.prefix}:{key}"

    def get(self, key: object, load: Callable[[object], T | None]) -> T | None:
        cached = self.client.get(self.key(key))
        if cached is not None:
            return self.decode(json.loads(cached))
        value = load(key)
        if value is not None:  # never cache a miss
            self.client.set(self.key(key), json.dumps(self.encode(value)), ex=self.ttl)
        return value

    def invalidate(self, key: object) -> None:
        """Forget `key`: call it AFTER the update is committed (before, a reader could cache
        the old row again in between)."""
        self.client.delete(self.key(key))


def _order_from(data: dict) -> Order:
    lines = [OrderLine(**line) for line in data.pop("lines")]
    return Order(lines=lines, **data)


def product_cache(client, ttl: int = DEFAULT_TTL) -> ReadCache[Product]:
    """Products under `product:<sku>`."""
    return ReadCache(client, "product", dataclasses.asdict, lambda d: Product(**d), ttl)


def order_cache(client, ttl: int = DEFAULT_TTL) -> ReadCache[Order]:
    """Orders under `order:<id>`."""
    return ReadCache(client, "order", dataclasses.asdict, _order_from, ttl)


class CachedProducts:
    """Product reads through the cache, price changes that invalidate it; `sessions()` gives a
    Session (one transaction per call)."""

    def __init__(self, sessions, cache: ReadCache[Product]) -> None:
        self.sessions = sessions
        self.cache = cache

    def get(self, sku: str) -> Product | None:
        return self.cache.get(sku, self._load)

    def set_price(self, sku: str, price_cents: int) -> None:
        with self.sessions() as session, session.begin():
            products = SqlAlchemyProductRepository(session)
            product = products.get_for_update(sku)
            if product is None:
                raise NotFound(f"no product {sku!r}")
            products.update(dataclasses.replace(product, price_cents=price_cents))
        self.cache.invalidate(sku)  # after the commit

    def _load(self, sku: object) -> Product | None:
        with self.sessions() as session:
            return SqlAlchemyProductRepository(session).get(str(sku))
