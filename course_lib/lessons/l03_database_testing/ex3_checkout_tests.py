"""Lesson 03, exercise 03.3: a checkout that must place each order in ONE transaction on a
SQLite file with foreign keys on — the correct one and four plausible transaction bugs.

The fixture `shop` gives the learner place_order(customer_id, items), the seeded customer_id,
and new_session() to read back what was really committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from course_lib.shop import db
from course_lib.shop.checkout import Checkout
from course_lib.shop.db import CustomerRow, ProductRow
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.sqlite_engine import sqlite_engine
from course_lib.shop.usecases.orders import OrderService


@dataclass
class ShopUnderTest:
    """What the learner's tests get as `shop`."""

    checkout: Checkout
    customer_id: int

    def place_order(self, customer_id: int, items: dict[str, int]):
        """Place an order (the code under test)."""
        return self.checkout.place_order(customer_id, items)

    def new_session(self) -> Session:
        """A NEW session: it sees only what was committed."""
        return Session(self.checkout.engine)


class Reference(Checkout):
    """Correct: one transaction per order, on an engine with foreign keys on."""

    @staticmethod
    def make_engine(path) -> Engine:
        return sqlite_engine(path)


def provide_shop(impl, request):
    """Fixture `shop`: a fresh SQLite file with Ada and products A1 (stock 5) and B2 (stock 1)."""
    engine = impl.make_engine(request.getfixturevalue("tmp_path") / "shop.sqlite3")
    db.create_schema(engine)
    with Session(engine) as session, session.begin():
        ada = CustomerRow(email="ada@example.com", name="Ada")
        session.add_all(
            [
                ada,
                ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5),
                ProductRow(sku="B2", name="Pen", price_cents=199, stock=1),
            ]
        )
        session.flush()
        customer_id = ada.id
    checkout = impl(engine)
    yield ShopUnderTest(checkout, customer_id)
    if hasattr(checkout, "close"):
        checkout.close()
    engine.dispose()


class ForeignKeysOff(Reference):
    """Bug: the engine never runs PRAGMA foreign_keys = ON, so orders of unknown customers pass."""

    @staticmethod
    def make_engine(path) -> Engine:
        return sqlite_engine(path, foreign_keys=False)


class _CommitEachUpdate(SqlAlchemyProductRepository):
    def update(self, product) -> None:
        super().update(product)
        self.session.commit()


class PartialWrite(Reference):
    """Bug: stock changes are committed one by one, before the order row is written."""

    def place_order(self, customer_id, items):
        with self.sessions() as session:
            service = OrderService(_CommitEachUpdate(session), SqlAlchemyOrderRepository(session))
            order = service.place_order(customer_id, items)
            session.commit()
            return order


class NeverCommits(Reference):
    """Bug: everything is flushed (ids assigned!) but the session closes without commit()."""

    def place_order(self, customer_id, items):
        with self.sessions() as session:
            return self.service(session).place_order(customer_id, items)


class NoRollbackAfterError(Reference):
    """Bug: one long-lived session, never rolled back after a failed flush."""

    def __init__(self, engine) -> None:
        super().__init__(engine)
        self._session = self.sessions()

    def place_order(self, customer_id, items):
        order = self.service(self._session).place_order(customer_id, items)
        self._session.commit()
        return order

    def close(self) -> None:
        self._session.close()
