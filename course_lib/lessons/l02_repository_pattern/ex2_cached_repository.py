"""Hidden tests for exercise 02.2: CachedProductRepository(inner) over the PostgreSQL repository.

A cache is a decorator around another repository: it must keep the contract (copies, fresh data
after writes) while sparing the database repeated reads.
"""

from __future__ import annotations

import pytest

from course_lib.checks.shape import class_shape
from course_lib.shop.db import create_schema
from course_lib.shop.errors import Duplicate
from course_lib.shop.models import Product
from course_lib.shop.repositories.sqlalchemy import SqlAlchemyProductRepository


def shape(submission):
    return class_shape(
        submission,
        "CachedProductRepository",
        {"add": ["product"], "get": ["sku"], "list": [], "update": ["product"], "remove": ["sku"]},
    )


class CountingRepository(SqlAlchemyProductRepository):
    """The real repository, counting get() calls (how many reads reached the database)."""

    def __init__(self, session):
        super().__init__(session)
        self.gets = 0

    def get(self, sku):
        self.gets += 1
        return super().get(sku)


@pytest.fixture(scope="module")
def schema(engine):
    create_schema(engine)


@pytest.fixture
def inner(schema, db_session):
    return CountingRepository(db_session)


@pytest.fixture
def cached(submission, inner):
    return submission(inner)


def test_add_then_get(cached):
    """A product you add can be read back through the cache"""
    cached.add(Product("A1", "Mug", 1250, stock=3))
    got = cached.get("A1")
    assert got == Product("A1", "Mug", 1250, stock=3), (
        f"expected the product you added, got {got!r}"
    )


def test_second_get_is_cached(cached, inner):
    """A second get() of the same SKU does not reach the database"""
    cached.add(Product("A1", "Mug", 1250))
    cached.get("A1")
    cached.get("A1")
    assert inner.gets <= 1, (
        f"expected at most 1 database read for two get() calls, got {inner.gets}"
    )


def test_get_returns_a_copy(cached):
    """Changing what get() returned does not change the cached product"""
    cached.add(Product("A1", "Mug", 1250, stock=3))
    cached.get("A1").stock = 99
    assert cached.get("A1").stock == 3, "the cache handed out its own object; return a copy"


def test_update_is_seen(cached, inner):
    """After update(), get() returns the new product (cache refreshed) and the database has it"""
    cached.add(Product("A1", "Mug", 1250, stock=3))
    cached.get("A1")
    cached.update(Product("A1", "Mug", 1250, stock=1))
    assert cached.get("A1").stock == 1, "get() after update() returned the stale cached product"
    assert inner.get("A1").stock == 1, "update() did not reach the database"


def test_remove_is_seen(cached):
    """After remove(), get() returns None"""
    cached.add(Product("A1", "Mug", 1250))
    cached.get("A1")
    cached.remove("A1")
    assert cached.get("A1") is None, "get() after remove() still returned the cached product"


def test_a_miss_is_not_cached_forever(cached):
    """get() of a missing SKU, then add(), then get() finds the product"""
    assert cached.get("A1") is None, "expected None for a SKU nobody added"
    cached.add(Product("A1", "Mug", 1250))
    assert cached.get("A1") is not None, (
        "the cache remembered 'missing' after the product was added"
    )


def test_list_and_duplicates_still_work(cached):
    """list() is ordered by SKU and a duplicate add() still raises Duplicate"""
    for sku in ["B2", "A1"]:
        cached.add(Product(sku, sku, 100))
    assert [p.sku for p in cached.list()] == ["A1", "B2"], "expected list() ordered by SKU"
    with pytest.raises(Duplicate):
        cached.add(Product("A1", "again", 1))
