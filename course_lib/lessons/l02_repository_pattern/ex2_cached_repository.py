"""Hidden tests for exercise 02.2: CachedProductRepository(inner) over the PostgreSQL repository.

A cache is a decorator around another repository: it must keep the whole contract (copies in and
out of every method, SKU order, the shop's errors, fresh data after every write) while sparing the
database repeated reads. `inner` records every call, so "served from the cache" is measured; the
database is read with plain SQL, so "stored" means what PostgreSQL holds.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from course_lib.lessons.kit import shop_pg_session
from course_lib.lessons.l02_repository_pattern.expect import expect_error
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Product
from course_lib.shop.repositories.sqlalchemy import SqlAlchemyProductRepository

__all__ = ["shop_pg_session"]  # a fixture imported for pytest, not an unused name


class RecordingRepository(SqlAlchemyProductRepository):
    """The real repository, recording each call ("get('K10')") that reached it."""

    def __init__(self, session):
        super().__init__(session)
        self.calls: list[str] = []

    def add(self, product):
        self.calls.append(f"add({product.sku!r})")
        return super().add(product)

    def get(self, sku):
        self.calls.append(f"get({sku!r})")
        return super().get(sku)

    def list(self):
        self.calls.append("list()")
        return super().list()

    def update(self, product):
        self.calls.append(f"update({product.sku!r})")
        return super().update(product)

    def remove(self, sku):
        self.calls.append(f"remove({sku!r})")
        return super().remove(sku)


def kettle() -> Product:
    return Product("K10", "Kettle", 3999, stock=12)


@pytest.fixture
def inner(shop_pg_session):
    return RecordingRepository(shop_pg_session)


@pytest.fixture
def cached(submission, inner):
    return submission(inner)


@pytest.fixture
def stored(shop_pg_session):
    """stored(sku): the product as PostgreSQL holds it (plain SQL, no ORM identity map)."""

    def read(sku):
        row = shop_pg_session.execute(
            text("SELECT sku, name, price_cents, stock FROM products WHERE sku = :sku"),
            {"sku": sku},
        ).first()
        return Product(*row) if row else None

    return read


def _found(repo, sku: str) -> Product:
    """repo.get(sku) for a SKU the test added, which must not be None."""
    got = repo.get(sku)
    assert got is not None, f"expected get({sku!r}) to return the product you added, got None"
    return got


def _listed(repo, skus) -> list[Product]:
    """repo.list() restricted to this test's SKUs (the shared database may hold others)."""
    got = repo.list()
    assert isinstance(got, list), f"expected list() to return a list, got {type(got).__name__}"
    return [p for p in got if p.sku in skus]


def test_add_then_get(cached, stored):
    """A product added through the cache is stored and read back with every field"""
    cached.add(kettle())
    assert stored("K10") == kettle(), f"add() did not store {kettle()!r} in the database"
    got = cached.get("K10")
    assert got == kettle(), f"expected get('K10') == {kettle()!r}, got {got!r}"


def test_miss_reads_through(cached, inner):
    """get() of a SKU the cache has not seen reads it from inner"""
    inner.add(kettle())
    got = cached.get("K10")
    assert got == kettle(), (
        f"expected get('K10') to find the product another writer added, got {got!r}"
    )


def test_hit_does_not_call_inner(cached, inner):
    """A second get() of the same SKU is served from the cache: no call to inner at all"""
    cached.add(kettle())
    cached.get("K10")
    inner.calls.clear()
    got = cached.get("K10")
    assert not inner.calls, (
        f"expected no call to the inner repository for a cached SKU, got {', '.join(inner.calls)}"
    )
    assert got == kettle(), f"expected the cached {kettle()!r}, got {got!r}"


def test_several_skus_stay_cached(cached, inner):
    """Several SKUs stay cached at once: reading them again calls inner for none"""
    for sku in ("K9", "B5"):
        cached.add(Product(sku, f"item {sku}", 100))
    cached.get("K9")
    cached.get("B5")
    inner.calls.clear()
    got = [cached.get("K9"), cached.get("B5")]
    assert not inner.calls, (
        f"expected K9 and B5 both served from the cache, but inner got {', '.join(inner.calls)}"
    )
    assert [p.sku for p in got if p] == ["K9", "B5"], f"expected K9 then B5, got {got!r}"


def test_miss_is_not_cached_after_add(cached):
    """get() finds nothing, add() through the cache, then get() finds the product"""
    assert cached.get("K10") is None, "expected None for a SKU nobody added"
    cached.add(kettle())
    got = cached.get("K10")
    assert got == kettle(), f"the cache remembered 'missing' after add(): got {got!r}"


def test_miss_is_not_cached_at_all(cached, inner):
    """get() finds nothing, another writer adds the product, then get() finds it"""
    assert cached.get("K10") is None, "expected None for a SKU nobody added"
    inner.add(kettle())
    got = cached.get("K10")
    assert got == kettle(), (
        f"the cache remembered 'missing': another writer added K10 but get() returned {got!r}. "
        "Never cache a miss."
    )


def test_first_get_returns_a_copy(cached):
    """Changing what the first get() (a miss) returned changes nothing cached"""
    cached.add(kettle())
    _found(cached, "K10").stock = 0
    got = cached.get("K10")
    assert got == kettle(), (
        f"the cache kept the object it handed out: the next get() returned {got!r}. Return a copy."
    )


def test_cached_get_returns_a_copy(cached):
    """Changing what a cached get() (a hit) returned changes nothing cached"""
    cached.add(kettle())
    cached.get("K10")
    _found(cached, "K10").stock = 0
    got = cached.get("K10")
    assert got == kettle(), (
        f"the cache handed out its own object: the next get() returned {got!r}. Return a copy."
    )


def test_add_stores_a_copy(cached, stored):
    """Changing your product after add() changes nothing cached or stored"""
    mine = kettle()
    cached.add(mine)
    mine.name, mine.stock = "Changed", 0
    got = cached.get("K10")
    assert got == kettle(), f"add() kept your object: get('K10') returned {got!r}. Store a copy."
    assert stored("K10") == kettle(), f"the database holds {stored('K10')!r}"


def test_refused_duplicate_leaves_the_first(cached, stored):
    """add() of a taken SKU raises Duplicate and get() still returns the first product"""
    cached.add(kettle())
    cached.get("K10")
    impostor = Product("K10", "Impostor", 1, stock=1)
    expect_error(Duplicate, cached.add, impostor, what="add() of a taken SKU")
    got = cached.get("K10")
    assert got == kettle(), (
        f"after a refused add() get('K10') returned {got!r}: call inner first and touch the "
        "cache only when it succeeded"
    )
    assert stored("K10") == kettle(), f"the database holds {stored('K10')!r}"


def test_update_is_seen(cached, stored):
    """After update(), get() returns the new product and the database holds it"""
    cached.add(kettle())
    cached.get("K10")
    new = Product("K10", "Steel kettle", 4550, stock=1)
    cached.update(new)
    got = cached.get("K10")
    assert got == new, f"get() after update() returned the stale {got!r}, expected {new!r}"
    assert stored("K10") == new, f"update() did not reach the database: {stored('K10')!r}"


def test_update_stores_a_copy(cached, stored):
    """Changing your product after update() changes nothing cached or stored"""
    cached.add(kettle())
    cached.get("K10")
    mine = Product("K10", "Steel kettle", 4550, stock=7)
    cached.update(mine)
    mine.stock = 0
    got = cached.get("K10")
    assert got is not None and got.stock == 7, (
        f"update() cached your object: after changing it, get('K10') returned {got!r}, "
        "expected stock=7. Cache a copy."
    )
    want = Product("K10", "Steel kettle", 4550, stock=7)
    assert stored("K10") == want, f"expected the database to hold {want!r}, got {stored('K10')!r}"


def test_update_unknown_raises_and_caches_nothing(cached):
    """update() of an unknown SKU raises NotFound and get() still finds nothing"""
    ghost = Product("Z9", "Ghost", 1)
    expect_error(NotFound, cached.update, ghost, what="update() of an unknown SKU")
    got = cached.get("Z9")
    assert got is None, (
        f"after a refused update() get('Z9') returned {got!r}: call inner first and touch the "
        "cache only when it succeeded"
    )


def test_remove_is_seen(cached, stored):
    """After remove(), get() returns None and the database no longer holds the product"""
    cached.add(kettle())
    cached.get("K10")
    cached.remove("K10")
    got = cached.get("K10")
    assert got is None, f"get() after remove() still returned the cached {got!r}"
    assert stored("K10") is None, "remove() did not reach the database"


def test_removed_sku_can_be_added_again(cached):
    """A removed SKU, added again, is read back with its new fields"""
    cached.add(kettle())
    cached.get("K10")
    cached.remove("K10")
    cached.get("K10")
    again = Product("K10", "Kettle mk2", 4200, stock=2)
    cached.add(again)
    got = cached.get("K10")
    assert got == again, f"expected {again!r} after remove() and add(), got {got!r}"


def test_remove_unknown_raises_not_found(cached):
    """remove() of a SKU nobody added raises NotFound"""
    expect_error(NotFound, cached.remove, "Z9", what="remove() of an unknown SKU")


def test_list_holds_every_product_in_sku_order(cached):
    """list() holds every product, read or not, ordered by SKU"""
    for sku in ("K9", "K10", "B5"):
        cached.add(Product(sku, f"item {sku}", 100))
    cached.get("K9")
    got = [p.sku for p in _listed(cached, {"K9", "K10", "B5"})]
    assert got == ["B5", "K10", "K9"], (
        f"expected list() to give ['B5', 'K10', 'K9'] (every product, ordered by SKU), got {got}"
    )


def test_list_sees_every_write(cached):
    """list() after update() and remove() shows the database as it is now"""
    for sku in ("K9", "B5"):
        cached.add(Product(sku, f"item {sku}", 100))
    _listed(cached, {"K9", "B5"})
    cached.update(Product("K9", "new K9", 250, stock=4))
    cached.remove("B5")
    got = _listed(cached, {"K9", "B5"})
    assert got == [Product("K9", "new K9", 250, stock=4)], (
        f"expected list() to hold only the updated K9 after update() and remove(), got {got!r}"
    )


def test_list_returns_copies(cached):
    """Changing a product list() returned changes nothing cached"""
    cached.add(kettle())
    cached.get("K10")
    for product in _listed(cached, {"K10"}):
        product.stock = 0
    got = cached.get("K10")
    assert got == kettle(), (
        f"list() handed out a cached object: after changing it, get('K10') returned {got!r}"
    )
