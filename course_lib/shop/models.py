"""Domain objects as plain dataclasses; money is always integer cents (never floats).

Why plain dataclasses: every repository (in-memory, sqlite3, SQLAlchemy) returns these, so the
services and tests never depend on how a row is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from course_lib.shop.errors import InvalidInput

PENDING = "pending"
PAID = "paid"
PAYMENT_FAILED = "payment_failed"
CANCELLED = "cancelled"
ORDER_STATUSES = (PENDING, PAID, PAYMENT_FAILED, CANCELLED)


def _require_int(name: str, value: object) -> None:
    # bool is an int subclass; True cents is a bug, not a price.
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidInput(f"{name} must be an int (cents), got {value!r}")


@dataclass
class Customer:
    """A registered customer; `id` is None until a repository stores it."""

    email: str
    name: str
    id: int | None = None


@dataclass
class Product:
    """A product in the catalogue; `price_cents` is an integer number of cents."""

    sku: str
    name: str
    price_cents: int
    stock: int = 0

    def __post_init__(self) -> None:
        _require_int("price_cents", self.price_cents)
        _require_int("stock", self.stock)


@dataclass
class OrderLine:
    """One product in an order, with the unit price frozen at the time of ordering."""

    sku: str
    quantity: int
    unit_price_cents: int

    def __post_init__(self) -> None:
        _require_int("quantity", self.quantity)
        _require_int("unit_price_cents", self.unit_price_cents)
        if self.quantity <= 0:
            raise InvalidInput(f"quantity must be positive, got {self.quantity}")

    @property
    def total_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass
class Order:
    """A customer's order; `id` is None until a repository stores it."""

    customer_id: int
    lines: list[OrderLine] = field(default_factory=list)
    status: str = PENDING
    id: int | None = None

    @property
    def total_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)
