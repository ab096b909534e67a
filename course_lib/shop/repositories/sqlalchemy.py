"""Repositories over a SQLAlchemy Session (any database: PostgreSQL in the course, SQLite too).

The repository flushes (so the database checks constraints now and other queries in the same
transaction see the rows) but never commits: the caller owns the transaction. That is what lets
a test wrap everything in a SAVEPOINT and roll it back.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Customer, Order, Product
from course_lib.shop.repositories.base import (
    CustomerRepository,
    OrderRepository,
    ProductRepository,
)


class SqlAlchemyProductRepository(ProductRepository):
    """Products as ProductRow rows; returns fresh dataclasses, never the ORM objects."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, product: Product) -> None:
        if self.session.get(ProductRow, product.sku) is not None:
            raise Duplicate(f"product {product.sku!r} already exists")
        self.session.add(
            ProductRow(
                sku=product.sku,
                name=product.name,
                price_cents=product.price_cents,
                stock=product.stock,
            )
        )
        self.session.flush()

    def get(self, sku: str) -> Product | None:
        row = self.session.get(ProductRow, sku)
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
        if self.get_by_email(customer.email) is not None:
            raise Duplicate(f"e-mail {customer.email!r} is already registered")
        row = CustomerRow(email=customer.email, name=customer.name)
        self.session.add(row)
        self.session.flush()
        return row.to_model()

    def get(self, customer_id: int) -> Customer | None:
        row = self.session.get(CustomerRow, customer_id)
        return row.to_model() if row is not None else None

    def get_by_email(self, email: str) -> Customer | None:
        row = self.session.scalars(select(CustomerRow).where(CustomerRow.email == email)).first()
        return row.to_model() if row is not None else None
