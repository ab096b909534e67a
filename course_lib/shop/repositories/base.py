"""The repository contract every implementation must honour.

Why write it down: a fake that drifts from the real repository makes fast tests lie. The
contract suite (tests/integration/shop/test_repository_contract.py) runs the same tests over
all of them.

Contract, in words:
- add() stores a copy; adding an existing key raises Duplicate.
- get() returns a fresh copy (mutating it changes nothing stored) or None when missing.
  Copies are this contract's choice, not something databases do: a SQLAlchemy Session hands out
  the same object for the same row (its identity map), so the SQLAlchemy repositories build a
  new dataclass from the row on every read.
- list() returns every item ordered by key (SKU for products, id for orders).
- update()/remove() raise NotFound for a missing key.
- What add()/update() stored is visible to a *new* repository over the same store.
- get_for_update() is get() that also locks: until the caller's transaction ends, no other
  transaction can change (or lock) that product or order, so read-check-write cannot oversell or
  lose an update. It always returns what is stored now, even if this repository read it before.
  Stores without a transaction to hold a lock in keep the default, plain get(): the in-memory
  fakes (one process, one thread) and the sqlite3 ones (every call commits on its own).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from course_lib.shop.models import Customer, Order, Product


class ProductRepository(ABC):
    """Products keyed by SKU."""

    def __repr__(self) -> str:  # no memory address or temp path: notebook output stays stable
        return f"<{type(self).__name__}>"

    @abstractmethod
    def add(self, product: Product) -> None:
        """Store a new product; raise Duplicate if the SKU exists."""

    @abstractmethod
    def get(self, sku: str) -> Product | None:
        """Return a copy of the product, or None."""

    def get_for_update(self, sku: str) -> Product | None:
        """Like get(), and lock the product until the caller's transaction ends."""
        return self.get(sku)

    @abstractmethod
    def list(self) -> list[Product]:
        """Return all products ordered by SKU."""

    @abstractmethod
    def update(self, product: Product) -> None:
        """Replace the stored product with the same SKU; raise NotFound if missing."""

    @abstractmethod
    def remove(self, sku: str) -> None:
        """Delete the product; raise NotFound if missing."""


class OrderRepository(ABC):
    """Orders (with their lines) keyed by an id the repository assigns."""

    def __repr__(self) -> str:  # no memory address or temp path: notebook output stays stable
        return f"<{type(self).__name__}>"

    @abstractmethod
    def add(self, order: Order) -> Order:
        """Store a new order with its lines; return a copy with `id` set."""

    @abstractmethod
    def get(self, order_id: int) -> Order | None:
        """Return a copy of the order with its lines in insertion order, or None."""

    def get_for_update(self, order_id: int) -> Order | None:
        """Like get(), and lock the order until the caller's transaction ends."""
        return self.get(order_id)

    @abstractmethod
    def list_for_customer(self, customer_id: int) -> list[Order]:
        """Return the customer's orders ordered by id."""

    @abstractmethod
    def set_status(self, order_id: int, status: str) -> None:
        """Change an order's status; raise NotFound if missing."""


class CustomerRepository(ABC):
    """Customers keyed by an id the repository assigns; e-mails are unique."""

    def __repr__(self) -> str:  # no memory address or temp path: notebook output stays stable
        return f"<{type(self).__name__}>"

    @abstractmethod
    def add(self, customer: Customer) -> Customer:
        """Store a new customer; return a copy with `id` set; raise Duplicate on a taken e-mail."""

    @abstractmethod
    def get(self, customer_id: int) -> Customer | None:
        """Return a copy of the customer, or None."""

    @abstractmethod
    def get_by_email(self, email: str) -> Customer | None:
        """Return a copy of the customer with this e-mail, or None."""
