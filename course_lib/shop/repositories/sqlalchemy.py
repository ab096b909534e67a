"""Repositories over a SQLAlchemy Session (any database: PostgreSQL in the course, SQLite too).

The repository flushes (so the database checks constraints now and other queries in the same
transaction see the rows) but never commits: the caller owns the transaction. That is what lets
a test wrap everything in a SAVEPOINT and roll it back.

Two sessions can insert the same key at once: both look, see nothing, both INSERT, and the
database refuses the second. add() therefore flushes inside a SAVEPOINT (`begin_nested()`) and
turns a unique violation into Duplicate; rolling back only the SAVEPOINT keeps the caller's
transaction usable. That needs an engine on which SAVEPOINTs work: PostgreSQL, or SQLite through
`sqlite_engine()` (with a plain `create_engine("sqlite://...")` the sqlite3 module would commit at
RELEASE SAVEPOINT, see lesson 03). get_for_update() is SELECT ... FOR UPDATE; SQLite has no row
locks and SQLAlchemy leaves the clause out there (SQLite lets only one transaction write anyway).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Customer, Order, Product
from course_lib.shop.repositories.base import (
    CustomerRepository,
    OrderRepository,
    ProductRepository,
)

UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a duplicate key


def _is_unique_violation(exc: IntegrityError) -> bool:
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if sqlstate is not None:  # psycopg 3 / psycopg2
        return sqlstate == UNIQUE_VIOLATION
    return "UNIQUE constraint failed" in str(exc.orig)  # SQLite (primary keys included)


@contextmanager
def _insert_or_duplicate(session: Session, message: str) -> Iterator[None]:
    """Flush what the block adds inside a SAVEPOINT; a unique violation becomes Duplicate.

    Only the SAVEPOINT is rolled back, so the caller's transaction (and what it did before) lives
    on: the caller may catch Duplicate and go on, or commit.
    """
    try:
        with session.begin_nested():  # flushes, then RELEASE SAVEPOINT (or ROLLBACK TO it)
            yield
    except IntegrityError as exc:
        if not _is_unique_violation(exc):
            raise
        raise Duplicate(message) from exc


class SqlAlchemyProductRepository(ProductRepository):
    """Products as ProductRow rows; returns fresh dataclasses, never the ORM objects."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, product: Product) -> None:
        message = f"product {product.sku!r} already exists"
        if self.session.get(ProductRow, product.sku) is not None:  # seen by this session
            raise Duplicate(message)
        with _insert_or_duplicate(self.session, message):  # added by another one meanwhile
            self.session.add(
                ProductRow(
                    sku=product.sku,
                    name=product.name,
                    price_cents=product.price_cents,
                    stock=product.stock,
                )
            )

    def get(self, sku: str) -> Product | None:
        row = self.session.get(ProductRow, sku)
        return row.to_model() if row is not None else None

    def get_for_update(self, sku: str) -> Product | None:
        # populate_existing: a row this session read earlier is read again, not served stale.
        row = self.session.get(ProductRow, sku, with_for_update=True, populate_existing=True)
        return row.to_model() if row is not None else None

    def list(self) -> list[Product]:
        rows = self.session.scalars(select(ProductRow).order_by(ProductRow.sku))
        return [row.to_model() for row in rows]

    def update(self, product: Product) -> None:
        row = self.session.get(ProductRow, product.sku)
        if row is None:
            raise NotFound(f"no product {product.sku!r}")
        row.name, row.price_cents, row.stock = product.name, product.price_cents, product.stock
        self.session.flush()

    def remove(self, sku: str) -> None:
        row = self.session.get(ProductRow, sku)
        if row is None:
            raise NotFound(f"no product {sku!r}")
        self.session.delete(row)
        self.session.flush()


class SqlAlchemyOrderRepository(OrderRepository):
    """Orders as OrderRow + OrderLineRow rows, added together in one flush."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, order: Order) -> Order:
        row = OrderRow(customer_id=order.customer_id, status=order.status)
        row.lines = [
            OrderLineRow(sku=ln.sku, quantity=ln.quantity, unit_price_cents=ln.unit_price_cents)
            for ln in order.lines
        ]
        self.session.add(row)
        self.session.flush()
        return row.to_model()

    def get(self, order_id: int) -> Order | None:
        row = self.session.get(OrderRow, order_id)
        return row.to_model() if row is not None else None

    def get_for_update(self, order_id: int) -> Order | None:
        # Locks the order's row only: its lines are loaded by a second, plain SELECT.
        row = self.session.get(OrderRow, order_id, with_for_update=True, populate_existing=True)
        return row.to_model() if row is not None else None

    def list_for_customer(self, customer_id: int) -> list[Order]:
        query = select(OrderRow).where(OrderRow.customer_id == customer_id).order_by(OrderRow.id)
        return [row.to_model() for row in self.session.scalars(query)]

    def set_status(self, order_id: int, status: str) -> None:
        row = self.session.get(OrderRow, order_id)
        if row is None:
            raise NotFound(f"no order {order_id}")
        row.status = status
        self.session.flush()


class SqlAlchemyCustomerRepository(CustomerRepository):
    """Customers as CustomerRow rows; a taken e-mail raises Duplicate."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, customer: Customer) -> Customer:
        message = f"e-mail {customer.email!r} is already registered"
        if self.get_by_email(customer.email) is not None:
            raise Duplicate(message)
        row = CustomerRow(email=customer.email, name=customer.name)
        with _insert_or_duplicate(self.session, message):
            self.session.add(row)
        return row.to_model()

    def get(self, customer_id: int) -> Customer | None:
        row = self.session.get(CustomerRow, customer_id)
        return row.to_model() if row is not None else None

    def get_by_email(self, email: str) -> Customer | None:
        row = self.session.scalars(select(CustomerRow).where(CustomerRow.email == email)).first()
        return row.to_model() if row is not None else None
