"""What the lesson-05 checks share: the shop's app on the plugin's PostgreSQL session.

`app_on_postgres(factory, request)` builds an app with `factory` (create_app or a buggy variant of
it) over the SQLAlchemy repositories on `db_session`, the SAVEPOINT-isolated session whose work is
rolled back after the test; the product table starts empty. The dataclasses are what the learner's
tests receive as their fixture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from course_lib.lessons.kit import ensure_shop_schema
from course_lib.shop.db import OrderLineRow, OrderRow, ProductRow
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def empty_shop_session(request) -> Session:
    """The plugin's db_session with the shop schema and no products (rolled back afterwards)."""
    ensure_shop_schema(request.getfixturevalue("engine"))
    session = request.getfixturevalue("db_session")
    for row in (OrderLineRow, OrderRow, ProductRow):  # a shared server may hold old rows
        session.execute(delete(row))
    return session


def app_on_postgres(factory, session: Session) -> Flask:
    """factory(config, products=..., orders=...) with the token set, over PostgreSQL."""
    return factory(
        {"API_TOKEN": TOKEN, "TESTING": True},
        products=SqlAlchemyProductRepository(session),
        orders=SqlAlchemyOrderRepository(session),
    )


def product_row(session: Session, sku: str) -> tuple[str, int, int] | None:
    """(name, price_cents, stock) of `sku` as PostgreSQL has it, by SQL; None when absent."""
    found = session.execute(
        text("SELECT name, price_cents, stock FROM products WHERE sku = :sku"), {"sku": sku}
    ).first()
    return tuple(found) if found is not None else None


def add_product(session: Session, sku: str, name: str, price_cents: int, stock: int) -> None:
    """Put a product straight into the table (flushed, rolled back after the test)."""
    session.add(ProductRow(sku=sku, name=name, price_cents=price_cents, stock=stock))
    session.flush()


@dataclass
class ApiUnderTest:
    """The `api` fixture: a Flask test client of the shop on PostgreSQL.

    `api.client` sends requests without a socket; `api.auth` is the header writes need;
    `api.row(sku)` reads the product back from the database by SQL."""

    client: FlaskClient
    session: Session = field(repr=False)
    auth: dict[str, str] = field(default_factory=lambda: dict(AUTH))

    def row(self, sku: str) -> tuple[str, int, int] | None:
        """(name, price_cents, stock) in the products table, or None."""
        return product_row(self.session, sku)

    def add(self, sku: str, name: str = "Thing", price_cents: int = 100, stock: int = 0) -> None:
        """Insert a product directly in the table (no HTTP)."""
        add_product(self.session, sku, name, price_cents, stock)


@dataclass
class LiveShop:
    """The `shop` fixture: the shop served over real HTTP, backed by PostgreSQL.

    `shop.url` is its base URL (use requests with a timeout); `shop.auth` the header writes need;
    `shop.add(...)` inserts a product directly in the table; `shop.row(sku)` reads one back."""

    url: str = field(repr=False)
    session: Session = field(repr=False)
    auth: dict[str, str] = field(default_factory=lambda: dict(AUTH))

    def row(self, sku: str) -> tuple[str, int, int] | None:
        """(name, price_cents, stock) in the products table, or None."""
        return product_row(self.session, sku)

    def add(self, sku: str, name: str = "Thing", price_cents: int = 100, stock: int = 0) -> None:
        """Insert a product directly in the table (no HTTP)."""
        add_product(self.session, sku, name, price_cents, stock)
