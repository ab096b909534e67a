"""Integration: the API over the SQLAlchemy repositories on PostgreSQL, checked in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course_lib.shop.api import create_app
from course_lib.shop.db import OrderRow, ProductRow
from course_lib.shop.models import Customer
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyCustomerRepository,
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def client(shop_session):
    """A test client of an app whose repositories share one SAVEPOINT-isolated session."""
    app = create_app(
        {"TESTING": True},
        products=SqlAlchemyProductRepository(shop_session),
        orders=SqlAlchemyOrderRepository(shop_session),
    )
    return app.test_client()


def test_created_product_is_a_row(client, shop_session):
    body = {"sku": "PG-1", "name": "Mug", "price_cents": 1250, "stock": 3}
    assert client.post("/products", json=body).status_code == 201
    row = shop_session.scalars(select(ProductRow).where(ProductRow.sku == "PG-1")).one()
    assert (row.name, row.price_cents, row.stock) == ("Mug", 1250, 3)


def test_order_reserves_stock_in_the_database(client, shop_session):
    customer = SqlAlchemyCustomerRepository(shop_session).add(Customer("pg@example.com", "Pg"))
    client.post("/products", json={"sku": "PG-2", "name": "Pen", "price_cents": 199, "stock": 5})
    placed = client.post("/orders", json={"customer_id": customer.id, "items": {"PG-2": 2}})
    assert placed.status_code == 201
    order = shop_session.get(OrderRow, placed.get_json()["id"])
    assert [(ln.sku, ln.quantity) for ln in order.lines] == [("PG-2", 2)]
    assert shop_session.get(ProductRow, "PG-2").stock == 3
