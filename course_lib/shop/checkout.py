"""Checkout: place an order in ONE database transaction (unit of work).

The repositories only flush; this is the place that decides where a transaction starts and
ends. `sessions.begin()` commits when the block succeeds and rolls back when it raises, so a
failed order leaves neither reserved stock nor a half-written order behind.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from course_lib.shop.models import Order
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService


class Checkout:
    """Places orders; every call is its own transaction on `engine`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    def service(self, session: Session) -> OrderService:
        """An OrderService whose repositories share `session` (and so one transaction)."""
        products = SqlAlchemyProductRepository(session)
        return OrderService(products, SqlAlchemyOrderRepository(session))

    def place_order(self, customer_id: int, items: Mapping[str, int]) -> Order:
        """Reserve stock and store the order; all of it is committed, or none of it."""
        with self.sessions.begin() as session:
            return self.service(session).place_order(customer_id, items)
