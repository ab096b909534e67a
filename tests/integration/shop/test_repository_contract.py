"""The repository contract, run over every implementation through the `backend` fixture.

Why: the in-memory fake is only a safe stand-in if it behaves like the real repositories.
"""

from __future__ import annotations

import pytest

from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Customer, Order, OrderLine, Product

pytestmark = pytest.mark.integration


@pytest.fixture
def products(backend):
    """A product repository of the current backend."""
    return backend.products()


def test_added_product_can_be_read_back(products):
    products.add(Product("A1", "Mug", 1250, stock=3))
    assert products.get("A1") == Product("A1", "Mug", 1250, stock=3)


def test_missing_product_is_none(products):
    assert products.get("NOPE") is None


def test_a_new_repository_sees_what_was_added(backend):
    backend.products().add(Product("A1", "Mug", 1250))
    assert backend.products().get("A1") == Product("A1", "Mug", 1250)


def test_adding_a_duplicate_sku_raises(products):
    products.add(Product("A1", "Mug", 1250))
    with pytest.raises(Duplicate):
        products.add(Product("A1", "Other", 1))
    assert products.get("A1").name == "Mug"


def test_get_returns_a_copy(products):
    products.add(Product("A1", "Mug", 1250, stock=3))
    products.get("A1").stock = 99
    assert products.get("A1").stock == 3


def test_get_for_update_reads_like_get(products):
    products.add(Product("A1", "Mug", 1250, stock=3))
    locked = products.get_for_update("A1")
    assert locked == products.get("A1") == Product("A1", "Mug", 1250, stock=3)
    locked.stock = 99
    assert products.get_for_update("A1").stock == 3
    assert products.get_for_update("NOPE") is None


def test_get_for_update_sees_a_change_made_after_this_repository_read(backend):
    """The stock check of a checkout must see what is stored now, not what it read earlier."""
    products = backend.products()
    products.add(Product("A1", "Mug", 1250, stock=3))
    assert products.get("A1").stock == 3
    backend.products().update(Product("A1", "Mug", 1250, stock=0))
    assert products.get_for_update("A1").stock == 0


def test_list_is_ordered_by_sku(products):
    for sku in ["C3", "A1", "B2"]:
        products.add(Product(sku, sku.lower(), 100))
    assert [p.sku for p in products.list()] == ["A1", "B2", "C3"]


def test_update_is_visible_to_a_new_repository(backend):
    backend.products().add(Product("A1", "Mug", 1250, stock=3))
    backend.products().update(Product("A1", "Big mug", 1500, stock=2))
    assert backend.products().get("A1") == Product("A1", "Big mug", 1500, stock=2)


def test_update_of_a_missing_product_raises(products):
    with pytest.raises(NotFound):
        products.update(Product("NOPE", "x", 1))


def test_remove(products):
    products.add(Product("A1", "Mug", 1250))
    products.remove("A1")
    assert products.get("A1") is None
    with pytest.raises(NotFound):
        products.remove("A1")


@pytest.fixture
def customer(backend):
    """A stored customer (orders need one: customer_id is a foreign key)."""
    return backend.customers().add(Customer("ada@example.com", "Ada"))


def test_customer_ids_are_assigned_and_emails_unique(backend, customer):
    assert customer.id is not None
    assert backend.customers().get(customer.id) == customer
    assert backend.customers().get_by_email("ada@example.com") == customer
    with pytest.raises(Duplicate):
        backend.customers().add(Customer("ada@example.com", "Someone else"))


def test_order_round_trip_keeps_lines_in_order(backend, customer):
    for sku in ["B2", "A1"]:
        backend.products().add(Product(sku, sku, 100, stock=5))
    lines = [OrderLine("B2", 2, 100), OrderLine("A1", 1, 100)]
    stored = backend.orders().add(Order(customer.id, lines))
    assert stored.id is not None
    again = backend.orders().get(stored.id)
    assert again == stored and again.lines == lines and again.total_cents == 300


def test_orders_for_a_customer_and_status(backend, customer):
    backend.products().add(Product("A1", "Mug", 100, stock=5))
    first = backend.orders().add(Order(customer.id, [OrderLine("A1", 1, 100)]))
    second = backend.orders().add(Order(customer.id, [OrderLine("A1", 2, 100)]))
    backend.orders().set_status(first.id, "paid")
    found = backend.orders().list_for_customer(customer.id)
    assert [o.id for o in found] == [first.id, second.id]
    assert [o.status for o in found] == ["paid", "pending"]
    with pytest.raises(NotFound):
        backend.orders().set_status(10_000, "paid")


def test_order_get_for_update_reads_like_get_and_sees_later_changes(backend, customer):
    backend.products().add(Product("A1", "Mug", 100, stock=5))
    orders = backend.orders()
    stored = orders.add(Order(customer.id, [OrderLine("A1", 1, 100)]))
    assert orders.get_for_update(stored.id) == orders.get(stored.id) == stored
    backend.orders().set_status(stored.id, "cancelled")
    assert orders.get_for_update(stored.id).status == "cancelled"
    assert orders.get_for_update(10_000) is None
