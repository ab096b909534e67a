"""The shop's tables as a typed SQLAlchemy 2 mapping, plus create_schema/drop_schema.

Why a separate mapping: the domain dataclasses in models.py stay free of persistence; the
SQLAlchemy repositories translate rows <-> dataclasses. Column types and constraints are
portable: the same schema is created on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, Engine, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from course_lib.shop import models


class Base(DeclarativeBase):
    """Declarative base holding the shop's MetaData."""


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))

    def to_model(self) -> models.Customer:
        return models.Customer(id=self.id, email=self.email, name=self.name)


class UserRow(Base):
    """A login: the e-mail is stored lower-case (unique); secrets are stored only as hashes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    verified: Mapped[bool] = mapped_column(default=False)
    verification_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    session_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)


class ProductRow(Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="ck_products_stock_nonnegative"),
        CheckConstraint("price_cents >= 0", name="ck_products_price_nonnegative"),
    )

    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_cents: Mapped[int] = mapped_column(Integer)
    stock: Mapped[int] = mapped_column(Integer, default=0)

    def to_model(self) -> models.Product:
        return models.Product(
            sku=self.sku, name=self.name, price_cents=self.price_cents, stock=self.stock
        )


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    status: Mapped[str] = mapped_column(String(20), default=models.PENDING)
    lines: Mapped[list[OrderLineRow]] = relationship(
        cascade="all, delete-orphan", order_by="OrderLineRow.id"
    )

    def to_model(self) -> models.Order:
        return models.Order(
            id=self.id,
            customer_id=self.customer_id,
            status=self.status,
            lines=[line.to_model() for line in self.lines],
        )


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    __table_args__ = (CheckConstraint("quantity > 0", name="ck_order_lines_quantity_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str] = mapped_column(ForeignKey("products.sku"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Integer)

    def to_model(self) -> models.OrderLine:
        return models.OrderLine(
            sku=self.sku, quantity=self.quantity, unit_price_cents=self.unit_price_cents
        )


class OutboxRow(Base):
    """An event waiting to be published, written in the SAME transaction as the change it
    announces: a rolled-back order leaves no row, a committed one always has its row, and a relay
    publishes the pending rows later (the outbox pattern). `sent_at` is None until published."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    queue: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # the message as JSON text
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class ProcessedEventRow(Base):
    """Ids of the events a consumer has handled: a redelivered event finds its id here and is
    skipped (an idempotent consumer). The primary key makes two deliveries at once safe too."""

    __tablename__ = "processed_events"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)


def create_schema(engine: Engine) -> None:
    """Create every shop table that does not exist yet (idempotent)."""
    Base.metadata.create_all(engine)


def drop_schema(engine: Engine) -> None:
    """Drop every shop table (children first, so foreign keys never block)."""
    Base.metadata.drop_all(engine)
