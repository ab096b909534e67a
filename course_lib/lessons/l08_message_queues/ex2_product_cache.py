"""Hidden tests for exercise 08.2: ProductCache(redis, session) — cache-aside on a real Redis over
real PostgreSQL: get() caches hits under product:<sku> with a TTL, never misses; set_price()
updates the row and invalidates the key (for every instance: the cache is Redis, not a dict)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from course_lib.lessons.kit import mug_in_stock, shop_pg_session
from course_lib.lessons.l08_message_queues.rig import spy_commits
from course_lib.shop.db import ProductRow
from course_lib.shop.errors import NotFound
from course_lib.shop.models import Product

__all__ = ["mug_in_stock", "shop_pg_session"]

MUG = Product("A1", "Mug", 1250, 5)


@pytest.fixture
def session(mug_in_stock):
    mug_in_stock.info["commits"] = spy_commits(mug_in_stock)
    return mug_in_stock


def _product(got, what: str) -> Product:
    """`got` if it is a Product; else fail with a sentence (never an AttributeError)."""
    assert isinstance(got, Product), f"expected {what} to return a Product, got {got!r}"
    return got


def _cached(redis_client, key: str) -> bool:
    return bool(redis_client.exists(key))


def _price_behind_its_back(session, sku: str, cents: int) -> None:
    session.execute(
        text("UPDATE products SET price_cents = :c WHERE sku = :s"), {"c": cents, "s": sku}
    )


def test_reads_a_product(submission, session, redis_client):
    """get('A1') returns the stored product"""
    got = submission(redis_client, session).get("A1")
    assert got == MUG, f"expected {MUG}, got {got!r}"


def test_a_cached_read_is_still_a_product(submission, session, redis_client):
    """The second get (from Redis) returns an equal Product with int cents"""
    cache = submission(redis_client, session)
    cache.get("A1")
    got = cache.get("A1")
    assert got == MUG and isinstance(got, Product), (
        f"expected {MUG} from the cache too, got {got!r}"
    )
    assert type(got.price_cents) is int, f"expected int cents, got {got.price_cents!r}"


def test_hit_is_stored_in_redis(submission, session, redis_client):
    """After get('A1') the key product:A1 is in Redis, with a TTL of at most 300 s"""
    submission(redis_client, session).get("A1")
    cached = _cached(redis_client, "product:A1")
    assert cached, (
        f"expected the key 'product:A1' in Redis after get('A1'), found {redis_client.keys()}"
    )
    ttl = redis_client.ttl("product:A1")
    assert 0 < ttl <= 300, f"expected a TTL between 1 and 300 s on product:A1, got {ttl}"


def test_second_read_comes_from_the_cache(submission, session, redis_client):
    """A second get does not query the database (a change behind its back is not seen yet)"""
    cache = submission(redis_client, session)
    cache.get("A1")
    _price_behind_its_back(session, "A1", 999)
    got = _product(cache.get("A1"), "the second get('A1')")
    assert got.price_cents == 1250, (
        f"expected the cached price 1250 (the row was changed without set_price), got {got!r}: "
        "the second get went to the database"
    )


def test_unknown_product_is_none(submission, session, redis_client):
    """get('ZZ') for an unknown SKU returns None"""
    got = submission(redis_client, session).get("ZZ")
    assert got is None, f"expected None for an unknown SKU, got {got!r}"


def test_a_miss_is_not_cached(submission, session, redis_client):
    """A product created after a miss is found by the next get"""
    cache = submission(redis_client, session)
    cache.get("N1")
    session.add(ProductRow(sku="N1", name="Notebook", price_cents=450, stock=3))
    session.flush()
    got = cache.get("N1")
    assert got == Product("N1", "Notebook", 450, 3), (
        f"expected the new product N1 after it was created, got {got!r}: a cached miss hides it"
    )


def test_set_price_then_get(submission, session, redis_client):
    """get, set_price('A1', 1399), get: the new price"""
    cache = submission(redis_client, session)
    cache.get("A1")
    cache.set_price("A1", 1399)
    got = _product(cache.get("A1"), "get('A1') after set_price")
    assert got.price_cents == 1399, (
        f"expected price 1399 after set_price, got {got!r}: the cached entry is stale"
    )


def test_invalidation_reaches_every_instance(submission, session, redis_client):
    """Two caches (two processes) share Redis: B.set_price is seen by A.get"""
    a, b = submission(redis_client, session), submission(redis_client, session)
    a.get("A1")
    b.set_price("A1", 1499)
    got = _product(a.get("A1"), "A.get('A1') after B.set_price")
    assert got.price_cents == 1499, (
        f"expected 1499 through the other instance, got {got!r}: keep entries in Redis (shared), "
        "not in a dict of one instance"
    )


def test_set_price_writes_the_database(submission, session, redis_client):
    """set_price changes the row in the caller's session and deletes product:A1"""
    cache = submission(redis_client, session)
    cache.get("A1")
    cache.set_price("A1", 1599)
    stored = session.execute(text("SELECT price_cents FROM products WHERE sku = 'A1'")).scalar()
    assert stored == 1599, f"expected price_cents 1599 in the database, found {stored}"
    still = _cached(redis_client, "product:A1")
    assert not still, (
        "expected product:A1 to be deleted by set_price (invalidation), but it is still there"
    )


def test_set_price_of_unknown_product(submission, session, redis_client):
    """set_price('ZZ', 100) raises NotFound"""
    with pytest.raises(NotFound):
        submission(redis_client, session).set_price("ZZ", 100)
        pytest.fail("expected NotFound for an unknown SKU, got no exception")


def test_other_keys_survive(submission, session, redis_client):
    """set_price('A1', ...) deletes only product:A1"""
    redis_client.set("product:B2", "{}")
    redis_client.set("order:7", "{}")
    submission(redis_client, session).set_price("A1", 1299)
    left = sorted(k.decode() if isinstance(k, bytes) else k for k in redis_client.keys())
    assert left == ["order:7", "product:B2"], (
        f"expected the keys order:7 and product:B2 to stay, found {left}"
    )


def test_never_commits(submission, session, redis_client):
    """set_price leaves the commit to its caller"""
    submission(redis_client, session).set_price("A1", 1299)
    commits = len(session.info["commits"])
    assert commits == 0, f"set_price called commit() {commits} time(s): the caller commits"
