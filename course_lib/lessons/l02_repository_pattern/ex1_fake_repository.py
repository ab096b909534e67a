"""Hidden tests for exercise 02.1: FakeProductRepository() must honour the repository contract."""

from __future__ import annotations

import pytest

from course_lib.checks.shape import class_shape
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Product

METHODS = {"add": ["product"], "get": ["sku"], "list": [], "update": ["product"], "remove": ["sku"]}


def shape(submission):
    return class_shape(submission, "FakeProductRepository", METHODS)


@pytest.fixture
def repo(submission):
    return submission()


def test_add_then_get(repo):
    """A product you add can be read back"""
    repo.add(Product("A1", "Mug", 1250, stock=3))
    got = repo.get("A1")
    assert got == Product("A1", "Mug", 1250, stock=3), (
        f"expected get('A1') to return the product you added, got {got!r}"
    )


def test_missing_is_none(repo):
    """get() of an unknown SKU returns None"""
    assert repo.get("NOPE") is None, "expected get('NOPE') to return None for an unknown SKU"


def test_duplicate(repo):
    """Adding an existing SKU raises Duplicate and keeps the first product"""
    repo.add(Product("A1", "Mug", 1250))
    with pytest.raises(Duplicate):
        repo.add(Product("A1", "Impostor", 1))
    assert repo.get("A1").name == "Mug", "the first product must survive a duplicate add()"


def test_get_returns_a_copy(repo):
    """Changing what get() returned does not change what is stored"""
    repo.add(Product("A1", "Mug", 1250, stock=3))
    repo.get("A1").stock = 99
    assert repo.get("A1").stock == 3, (
        "get() handed out the stored object: changing it changed the 'database'. Return a copy."
    )


def test_add_stores_a_copy(repo):
    """Changing the object after add() does not change what is stored"""
    product = Product("A1", "Mug", 1250, stock=3)
    repo.add(product)
    product.stock = 99
    assert repo.get("A1").stock == 3, "add() kept the caller's object; store a copy instead"


def test_list_is_ordered_by_sku(repo):
    """list() returns every product ordered by SKU"""
    for sku in ["C3", "A1", "B2"]:
        repo.add(Product(sku, sku, 100))
    skus = [p.sku for p in repo.list()]
    assert skus == ["A1", "B2", "C3"], f"expected SKUs in order ['A1', 'B2', 'C3'], got {skus}"


def test_update(repo):
    """update() replaces the stored product"""
    repo.add(Product("A1", "Mug", 1250, stock=3))
    repo.update(Product("A1", "Big mug", 1500, stock=2))
    got = repo.get("A1")
    assert got == Product("A1", "Big mug", 1500, stock=2), (
        f"expected the updated product, got {got!r}"
    )


def test_update_missing(repo):
    """update() of an unknown SKU raises NotFound"""
    with pytest.raises(NotFound):
        repo.update(Product("NOPE", "x", 1))


def test_remove(repo):
    """remove() deletes; removing again raises NotFound"""
    repo.add(Product("A1", "Mug", 1250))
    repo.remove("A1")
    assert repo.get("A1") is None, "expected get() to return None after remove()"
    with pytest.raises(NotFound):
        repo.remove("A1")
