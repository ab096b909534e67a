"""Hidden tests for exercise 02.1: FakeProductRepository() must honour the repository contract.

A fake earns its place only by behaving like the real repositories: copies in and out of every
method (a database never shares objects with its callers), SKU order, and the shop's own errors.
The values differ from the workbook's examples, so an answer tuned to them fails.
"""

from __future__ import annotations

import pytest

from course_lib.lessons.l02_repository_pattern.expect import expect_error
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Product


def kettle() -> Product:
    return Product("K10", "Kettle", 3999, stock=12)


@pytest.fixture
def repo(submission):
    return submission()


def _listed(repo) -> list[Product]:
    """repo.list(), which must be a real list (a generator cannot be read twice)."""
    got = repo.list()
    assert isinstance(got, list), f"expected list() to return a list, got {type(got).__name__}"
    return got


def _found(repo, sku: str) -> Product:
    """repo.get(sku) for a SKU the test added, which must not be None."""
    got = repo.get(sku)
    assert got is not None, f"expected get({sku!r}) to return the product you added, got None"
    return got


def _skus(repo) -> list[str]:
    return [p.sku for p in _listed(repo)]


def test_new_repository_is_empty(submission):
    """A new repository is empty, even after another one was filled"""
    first = submission()
    first.add(kettle())
    second = submission()
    assert second.get("K10") is None, (
        "expected a new repository to know no products, but it found K10 added to another one: "
        "keep the products on the instance (self.items = {} in __init__), not on the class"
    )
    got = _listed(second)
    assert got == [], f"expected list() of a new repository to be [], got {got!r}"


def test_add_then_get(repo):
    """A product you add is read back with every field"""
    repo.add(kettle())
    got = repo.get("K10")
    assert got == kettle(), f"expected get('K10') == {kettle()!r}, got {got!r}"


def test_get_unknown_is_none(repo):
    """get() of a SKU nobody added returns None, also when other products exist"""
    assert repo.get("Z9") is None, "expected get('Z9') of an empty repository to return None"
    repo.add(kettle())
    got = repo.get("Z9")
    assert got is None, f"expected get('Z9') to return None when only K10 exists, got {got!r}"


def test_add_stores_a_copy(repo):
    """Changing your product after add() changes nothing stored"""
    mine = kettle()
    repo.add(mine)
    mine.name, mine.price_cents, mine.stock = "Changed", 1, 0
    got = repo.get("K10")
    assert got == kettle(), (
        f"add() kept your object: after changing it, get('K10') returned {got!r}, expected "
        f"{kettle()!r}. Store a copy."
    )


def test_get_returns_a_copy(repo):
    """Changing what get() returned changes nothing stored"""
    repo.add(kettle())
    _found(repo, "K10").stock = 0
    got = repo.get("K10")
    assert got == kettle(), (
        f"get() handed out the stored object: after changing it, get('K10') returned {got!r}, "
        f"expected {kettle()!r}. Return a copy."
    )


def test_duplicate_raises_duplicate(repo):
    """add() of a SKU that exists raises Duplicate"""
    repo.add(kettle())
    expect_error(
        Duplicate, repo.add, Product("K10", "Other kettle", 1), what="add() of a taken SKU"
    )


def test_refused_duplicate_keeps_the_first(repo):
    """A refused duplicate leaves the first product exactly as it was"""
    repo.add(kettle())
    expect_error(Duplicate, repo.add, Product("K10", "Impostor", 1, stock=1), what="add() of K10")
    got = repo.get("K10")
    assert got == kettle(), f"expected the first K10 {kettle()!r} to survive, got {got!r}"


def test_list_of_one(repo):
    """list() of one product is a list holding that product"""
    repo.add(kettle())
    got = _listed(repo)
    assert got == [kettle()], f"expected [{kettle()!r}], got {got!r}"


def test_list_is_ordered_by_sku(repo):
    """list() orders by SKU as text, not by insertion, name, price or number"""
    for product in (
        Product("K9", "Apron", 500),
        Product("K10", "Whisk", 300),
        Product("B5", "Colander", 900),
    ):
        repo.add(product)
    got = _skus(repo)
    assert got == ["B5", "K10", "K9"], (
        f"expected SKUs in text order ['B5', 'K10', 'K9'] (as ORDER BY sku gives), got {got}"
    )


def test_list_returns_copies(repo):
    """Changing a product list() returned changes nothing stored"""
    repo.add(kettle())
    listed = _listed(repo)
    assert len(listed) == 1, f"expected list() to hold the one product you added, got {listed!r}"
    listed[0].stock = 0
    got = repo.get("K10")
    assert got == kettle(), (
        f"list() handed out the stored object: after changing it, get('K10') returned {got!r}. "
        "Return copies."
    )


def test_list_returns_a_new_list(repo):
    """Changing the list list() returned (append, clear) changes nothing stored"""
    repo.add(kettle())
    listed = _listed(repo)
    listed.append(Product("X1", "Ghost", 1))
    listed.reverse()
    _listed(repo).clear()
    got = _skus(repo)
    assert got == ["K10"], f"list() handed out its own list: expected ['K10'] after that, got {got}"


def test_update_replaces_every_field(repo):
    """update() replaces name, price and stock of the stored product"""
    repo.add(kettle())
    new = Product("K10", "Steel kettle", 4550, stock=0)
    repo.update(new)
    got = repo.get("K10")
    assert got == new, f"expected get('K10') == {new!r} after update(), got {got!r}"


def test_update_stores_a_copy(repo):
    """Changing your product after update() changes nothing stored"""
    repo.add(kettle())
    mine = Product("K10", "Steel kettle", 4550, stock=7)
    repo.update(mine)
    mine.stock = 0
    got = repo.get("K10")
    assert got is not None and got.stock == 7, (
        f"update() kept your object: after changing it, get('K10') returned {got!r}, expected "
        "stock=7. Store a copy."
    )


def test_update_keeps_one_product_per_sku(repo):
    """After update(), list() shows the SKU once, in its place"""
    for sku in ("K9", "B5", "K10"):
        repo.add(Product(sku, f"item {sku}", 100))
    repo.update(Product("B5", "new B5", 250, stock=3))
    got = _listed(repo)
    assert [p.sku for p in got] == ["B5", "K10", "K9"], (
        f"expected SKUs ['B5', 'K10', 'K9'] after update(), got {[p.sku for p in got]}"
    )
    assert got[0] == Product("B5", "new B5", 250, stock=3), f"expected the new B5, got {got[0]!r}"


def test_update_unknown_raises_not_found(repo):
    """update() of a SKU nobody added raises NotFound and adds nothing"""
    repo.add(kettle())
    expect_error(NotFound, repo.update, Product("Z9", "x", 1), what="update() of an unknown SKU")
    got = _skus(repo)
    assert got == ["K10"], f"a refused update() must add nothing: expected ['K10'], got {got}"


def test_remove_deletes_only_that_sku(repo):
    """remove() deletes that SKU: get() returns None, the others stay"""
    repo.add(kettle())
    repo.add(Product("B5", "Colander", 900))
    repo.remove("K10")
    assert repo.get("K10") is None, "expected get('K10') to return None after remove('K10')"
    got = _skus(repo)
    assert got == ["B5"], f"expected list() to hold only B5 after remove('K10'), got {got}"


def test_remove_unknown_raises_not_found(repo):
    """remove() of a SKU nobody added (or already removed) raises NotFound"""
    repo.add(kettle())
    expect_error(NotFound, repo.remove, "Z9", what="remove() of an unknown SKU")
    repo.remove("K10")
    expect_error(NotFound, repo.remove, "K10", what="a second remove('K10')")


def test_removed_sku_can_be_added_again(repo):
    """A removed SKU can be added again and read back"""
    repo.add(kettle())
    repo.remove("K10")
    again = Product("K10", "Kettle mk2", 4200, stock=2)
    repo.add(again)
    got = repo.get("K10")
    assert got == again, f"expected {again!r} after remove() and add(), got {got!r}"
