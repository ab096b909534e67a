"""Repositories over a SQLite file using only the standard library's sqlite3 module.

One short-lived connection per operation, committed by `with conn:` and then closed: nothing
is left open between calls, and what a call stored is visible to every other connection.
The SQL is portable (placeholders aside); only connect() uses a SQLite-specific PRAGMA.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

from course_lib.shop.errors import Duplicate, NotFound
from course_lib.shop.models import Customer, Order, OrderLine, Product
from course_lib.shop.repositories.base import (
    CustomerRepository,
    OrderRepository,
    ProductRepository,
)

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS customers (
        id INTEGER PRIMARY KEY,
        email VARCHAR(254) NOT NULL UNIQUE,
        name VARCHAR(100) NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS products (
        sku VARCHAR(32) PRIMARY KEY,
        name VARCHAR(100) NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0))""",
    """CREATE TABLE IF NOT EXISTS orders (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        status VARCHAR(20) NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS order_lines (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders (id),
        sku VARCHAR(32) NOT NULL REFERENCES products (sku),
        quantity INTEGER NOT NULL CHECK (quantity > 0),
        unit_price_cents INTEGER NOT NULL)""",
)

Path = str | os.PathLike[str]


def connect(path: Path) -> sqlite3.Connection:
    """Open a connection with foreign keys enforced (SQLite leaves them OFF by default)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def create_tables(path: Path) -> None:
    """Create the shop tables in the SQLite file at `path` (idempotent)."""
    with closing(connect(path)) as conn, conn:
        for statement in SCHEMA:
            conn.execute(statement)


@contextmanager
def transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """A fresh connection: commit on success, roll back on error, always close."""
    with closing(connect(path)) as conn, conn:
        yield conn


def _is_unique_violation(exc: sqlite3.IntegrityError) -> bool:
    return "UNIQUE" in str(exc) or "PRIMARY KEY" in str(exc)


class SqliteProductRepository(ProductRepository):
    """Products in the `products` table of a SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, product: Product) -> None:
        try:
            with transaction(self.path) as conn:
                conn.execute(
                    "INSERT INTO products (sku, name, price_cents, stock) VALUES (?, ?, ?, ?)",
                    (product.sku, product.name, product.price_cents, product.stock),
                )
        except sqlite3.IntegrityError as exc:
            if _is_unique_violation(exc):
                raise Duplicate(f"product {product.sku!r} already exists") from exc
            raise

    def get(self, sku: str) -> Product | None:
        with transaction(self.path) as conn:
            row = conn.execute(
                "SELECT sku, name, price_cents, stock FROM products WHERE sku = ?", (sku,)
            ).fetchone()
        return Product(*row) if row else None

    def list(self) -> list[Product]:
        with transaction(self.path) as conn:
            rows = conn.execute(
                "SELECT sku, name, price_cents, stock FROM products ORDER BY sku"
            ).fetchall()
        return [Product(*row) for row in rows]

    def update(self, product: Product) -> None:
        with transaction(self.path) as conn:
            cursor = conn.execute(
                "UPDATE products SET name = ?, price_cents = ?, stock = ? WHERE sku = ?",
                (product.name, product.price_cents, product.stock, product.sku),
            )
            if cursor.rowcount == 0:  # UPDATE of a missing row is not an error in SQL
                raise NotFound(f"no product {product.sku!r}")

    def remove(self, sku: str) -> None:
        with transaction(self.path) as conn:
            if conn.execute("DELETE FROM products WHERE sku = ?", (sku,)).rowcount == 0:
                raise NotFound(f"no product {sku!r}")


class SqliteOrderRepository(OrderRepository):
    """Orders and their lines in the `orders`/`order_lines` tables, written in one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, order: Order) -> Order:
        with transaction(self.path) as conn:
            cursor = conn.execute(
                "INSERT INTO orders (customer_id, status) VALUES (?, ?)",
                (order.customer_id, order.status),
            )
            order_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents)"
                " VALUES (?, ?, ?, ?)",
                [(order_id, ln.sku, ln.quantity, ln.unit_price_cents) for ln in order.lines],
            )
        return Order(
            order.customer_id, [OrderLine(**vars(ln)) for ln in order.lines], order.status, order_id
        )

    def _load(
        self, conn: sqlite3.Connection, order_id: int, customer_id: int, status: str
    ) -> Order:
        lines = conn.execute(
            "SELECT sku, quantity, unit_price_cents FROM order_lines"
            " WHERE order_id = ? ORDER BY id",
            (order_id,),
        ).fetchall()
        return Order(customer_id, [OrderLine(*line) for line in lines], status, order_id)

    def get(self, order_id: int) -> Order | None:
        with transaction(self.path) as conn:
            row = conn.execute(
                "SELECT id, customer_id, status FROM orders WHERE id = ?", (order_id,)
            ).fetchone()
            return self._load(conn, *row) if row else None

    def list_for_customer(self, customer_id: int) -> list[Order]:
        with transaction(self.path) as conn:
            rows = conn.execute(
                "SELECT id, customer_id, status FROM orders WHERE customer_id = ? ORDER BY id",
                (customer_id,),
            ).fetchall()
            return [self._load(conn, *row) for row in rows]

    def set_status(self, order_id: int, status: str) -> None:
        with transaction(self.path) as conn:
            cursor = conn.execute("UPDATE orders SET status = ? WHERE id = ?", (status, order_id))
            if cursor.rowcount == 0:
                raise NotFound(f"no order {order_id}")


class SqliteCustomerRepository(CustomerRepository):
    """Customers in the `customers` table; the UNIQUE e-mail is enforced by the database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, customer: Customer) -> Customer:
        try:
            with transaction(self.path) as conn:
                cursor = conn.execute(
                    "INSERT INTO customers (email, name) VALUES (?, ?)",
                    (customer.email, customer.name),
                )
        except sqlite3.IntegrityError as exc:
            if _is_unique_violation(exc):
                raise Duplicate(f"e-mail {customer.email!r} is already registered") from exc
            raise
        return Customer(customer.email, customer.name, cursor.lastrowid)

    def _one(self, where: str, value: object) -> Customer | None:
        with transaction(self.path) as conn:
            row = conn.execute(
                f"SELECT email, name, id FROM customers WHERE {where} = ?", (value,)
            ).fetchone()
        return Customer(*row) if row else None

    def get(self, customer_id: int) -> Customer | None:
        return self._one("id", customer_id)

    def get_by_email(self, email: str) -> Customer | None:
        return self._one("email", email)
