"""Lesson 02, exercise 02.4: the sqlite3 order repository, correct and with five plausible bugs.

The fixture's database already holds customers 1 and 2 and products A1 and B2, so orders can
satisfy their foreign keys; an order for anything else must be refused by the database.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from course_lib.shop.models import Customer, Order, OrderLine, Product
from course_lib.shop.repositories.sqlite import (
    SqliteCustomerRepository,
    SqliteOrderRepository,
    SqliteProductRepository,
    create_tables,
    transaction,
)

Reference = SqliteOrderRepository


def provide_orders(impl, request):
    """Fixture `orders`: an order repository of class `impl` over a seeded SQLite file."""
    path = request.getfixturevalue("tmp_path") / "shop.sqlite3"
    create_tables(path)
    customers = SqliteCustomerRepository(path)
    customers.add(Customer("ada@example.com", "Ada"))
    customers.add(Customer("bob@example.com", "Bob"))
    products = SqliteProductRepository(path)
    products.add(Product("A1", "Mug", 500, stock=10))
    products.add(Product("B2", "Pen", 250, stock=10))
    yield impl(path)


def _insert_lines(conn, order_id, order: Order) -> None:
    conn.executemany(
        "INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)",
        [(order_id, ln.sku, ln.quantity, ln.unit_price_cents) for ln in order.lines],
    )


def _copy(order: Order, order_id) -> Order:
    lines = [OrderLine(ln.sku, ln.quantity, ln.unit_price_cents) for ln in order.lines]
    return Order(order.customer_id, lines, order.status, order_id)


class ForeignKeysOff(SqliteOrderRepository):
    """Bug: opens plain sqlite3 connections; SQLite then ignores every REFERENCES clause."""

    def add(self, order: Order) -> Order:
        with closing(sqlite3.connect(self.path)) as conn, conn:
            cursor = conn.execute(
                "INSERT INTO orders (customer_id, status) VALUES (?, ?)",
                (order.customer_id, order.status),
            )
            _insert_lines(conn, cursor.lastrowid, order)
        return _copy(order, cursor.lastrowid)


class LinesInASecondTransaction(SqliteOrderRepository):
    """Bug: commits the order row first, so a failing line leaves a half-written order behind."""

    def add(self, order: Order) -> Order:
        with transaction(self.path) as conn:
            order_id = conn.execute(
                "INSERT INTO orders (customer_id, status) VALUES (?, ?)",
                (order.customer_id, order.status),
            ).lastrowid
        with transaction(self.path) as conn:
            _insert_lines(conn, order_id, order)
        return _copy(order, order_id)


class LinesNotLoaded(SqliteOrderRepository):
    """Bug: reads the order row and forgets its lines."""

    def _load(self, conn, order_id, customer_id, status) -> Order:
        return Order(customer_id, [], status, order_id)


class ListIgnoresCustomer(SqliteOrderRepository):
    """Bug: the WHERE clause went missing: every customer's orders come back."""

    def list_for_customer(self, customer_id: int) -> list[Order]:
        with transaction(self.path) as conn:
            rows = conn.execute("SELECT id, customer_id, status FROM orders ORDER BY id").fetchall()
            return [self._load(conn, *row) for row in rows]


class AddReturnsTheArgument(SqliteOrderRepository):
    """Bug: writes the new id into the caller's order and returns that same object."""

    def add(self, order: Order) -> Order:
        order.id = super().add(order).id
        return order
