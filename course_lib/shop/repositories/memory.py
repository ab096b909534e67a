"""In-memory fakes: fast stand-ins for unit tests, held to the same contract as the real ones.

Why copies everywhere: a real database hands out new objects on every read; a fake that returns
its stored object lets a test mutate "the database" by accident and pass for the wrong reason.
"""

from __future__ import annotations

import copy
import itertools

from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Customer, Order, Product
from course_lib.shop.repositories.base import (
    CustomerRepository,
    OrderRepository,
    ProductRepository,
)


class InMemoryProductRepository(ProductRepository):
    """Products in a dict. Pass the same `store` to two instances to share data."""

    def __init__(self, store: dict[str, Product] | None = None) -> None:
        self._items = {} if store is None else store

    def add(self, product: Product) -> None:
        if product.sku in self._items:
            raise Duplicate(f"product {product.sku!r} already exists")
        self._items[product.sku] = copy.deepcopy(product)

    def get(self, sku: str) -> Product | None:
        found = self._items.get(sku)
        return copy.deepcopy(found) if found is not None else None

    def list(self) -> list[Product]:
        return [copy.deepcopy(self._items[sku]) for sku in sorted(self._items)]

    def update(self, product: Product) -> None:
        if product.sku not in self._items:
            raise NotFound(f"no product {product.sku!r}")
        self._items[product.sku] = copy.deepcopy(product)

    def remove(self, sku: str) -> None:
        if self._items.pop(sku, None) is None:
            raise NotFound(f"no product {sku!r}")


class InMemoryOrderRepository(OrderRepository):
    """Orders in a dict keyed by an increasing id."""

    def __init__(self) -> None:
        self._items: dict[int, Order] = {}
        self._ids = itertools.count(1)

    def add(self, order: Order) -> Order:
        stored = copy.deepcopy(order)
        stored.id = next(self._ids)
        self._items[stored.id] = stored
        return copy.deepcopy(stored)

    def get(self, order_id: int) -> Order | None:
        found = self._items.get(order_id)
        return copy.deepcopy(found) if found is not None else None

    def list_for_customer(self, customer_id: int) -> list[Order]:
        return [
            copy.deepcopy(o) for _, o in sorted(self._items.items()) if o.customer_id == customer_id
        ]

    def set_status(self, order_id: int, status: str) -> None:
        if order_id not in self._items:
            raise NotFound(f"no order {order_id}")
        self._items[order_id].status = status


class InMemoryCustomerRepository(CustomerRepository):
    """Customers in a dict keyed by an increasing id; e-mails unique."""

    def __init__(self) -> None:
        self._items: dict[int, Customer] = {}
        self._ids = itertools.count(1)

    def add(self, customer: Customer) -> Customer:
        if self.get_by_email(customer.email) is not None:
            raise Duplicate(f"e-mail {customer.email!r} is already registered")
        stored = copy.deepcopy(customer)
        stored.id = next(self._ids)
        self._items[stored.id] = stored
        return copy.deepcopy(stored)

    def get(self, customer_id: int) -> Customer | None:
        found = self._items.get(customer_id)
        return copy.deepcopy(found) if found is not None else None

    def get_by_email(self, email: str) -> Customer | None:
        for customer in self._items.values():
            if customer.email == email:
                return copy.deepcopy(customer)
        return None
