"""Hidden tests for exercise 05.1: add_restock_route(app, products) registers
POST /products/<sku>/restock on the shop's app; checked through the test client and over real
HTTP, with the stock read back from PostgreSQL by SQL.

The app: create_app with API_TOKEN set, over the SQLAlchemy repositories on the SAVEPOINT session;
A1 ("Mug", 1250, stock 5) and Z9 ("Lamp", 4500, stock 9) in the table.
"""

from __future__ import annotations

import pytest
import requests

from course_lib.lessons.l05_api_testing.wiring import (
    AUTH,
    add_product,
    empty_shop_session,
    product_row,
)
from course_lib.shop.api import create_app
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)

MUG = ("Mug", 1250, 5)
LAMP = ("Lamp", 4500, 9)


class Shop:
    """The app with the learner's route, its test client and its session."""

    def __init__(self, submission, session):
        self.session = session
        products = SqlAlchemyProductRepository(session)
        self.app = create_app(
            {"API_TOKEN": AUTH["Authorization"].removeprefix("Bearer "), "TESTING": True},
            products=products,
            orders=SqlAlchemyOrderRepository(session),
        )
        submission(self.app, products)
        self.client = self.app.test_client()

    def restock(self, sku, body=None, headers=AUTH, **kwargs):
        return self.client.post(f"/products/{sku}/restock", json=body, headers=headers, **kwargs)

    def row(self, sku):
        return product_row(self.session, sku)


@pytest.fixture
def shop(submission, request):
    session = empty_shop_session(request)
    add_product(session, "A1", *MUG)
    add_product(session, "Z9", *LAMP)
    return Shop(submission, session)


def _status(response, want, what):
    assert response.status_code == want, (
        f"expected {what} to answer {want}, got {response.status_code} "
        f"{response.get_data(as_text=True)[:200]!r}"
    )


def _json_error(response, what):
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and isinstance(body.get("error"), str), (
        f"expected {what} to answer a JSON body {{'error': '...'}}, got "
        f"{response.content_type} {response.get_data(as_text=True)[:200]!r}: raise NotFound / "
        "InvalidInput (course_lib.shop.errors) and the app's error handlers write the JSON"
    )


def test_adds_to_the_stock(shop):
    """Restocking 3 answers 200 with the product, and the database has stock 8"""
    response = shop.restock("A1", {"quantity": 3})
    _status(response, 200, "POST /products/A1/restock {'quantity': 3}")
    want = {"sku": "A1", "name": "Mug", "price_cents": 1250, "stock": 8}
    got = response.get_json(silent=True)
    assert got == want, f"expected the body {want}, got {got!r}"
    row = shop.row("A1")
    assert row == ("Mug", 1250, 8), (
        f"expected the row ('Mug', 1250, 8) in PostgreSQL, found {row}: changing the Product "
        "you got from products.get() changes a copy; store it with products.update(...)"
    )


def test_twice_adds_up(shop):
    """Two restocks (3, then 2) add up: stock 10"""
    shop.restock("A1", {"quantity": 3})
    response = shop.restock("A1", {"quantity": 2})
    got = (response.get_json(silent=True) or {}).get("stock"), shop.row("A1")
    assert got == (10, ("Mug", 1250, 10)), (
        f"expected stock 10 in the body and in the row after restocking 3 then 2, got {got}"
    )


def test_only_that_product(shop):
    """Only the restocked product changes"""
    shop.restock("A1", {"quantity": 3})
    assert shop.row("Z9") == LAMP, f"expected Z9 to stay {LAMP}, found {shop.row('Z9')}"


def test_unknown_sku_is_404(shop):
    """An unknown SKU answers 404 with a JSON error and creates nothing"""
    response = shop.restock("NOPE", {"quantity": 3})
    _status(response, 404, "restocking an unknown SKU")
    _json_error(response, "a 404")
    assert shop.row("NOPE") is None, f"expected no row NOPE, found {shop.row('NOPE')}"


@pytest.mark.parametrize(
    "body",
    [
        {"quantity": 0},
        {"quantity": -2},
        {"quantity": "3"},
        {"quantity": 2.5},
        {"quantity": True},
        {"quantity": None},
        {"amount": 3},
    ],
    ids=["zero", "negative", "string", "float", "bool", "null", "missing"],
)
def test_bad_quantity_is_400(shop, body):
    """A quantity that is not a whole number >= 1 answers 400 (JSON) and changes nothing"""
    response = shop.restock("A1", body)
    _status(response, 400, f"restocking with {body}")
    _json_error(response, f"a 400 for {body}")
    assert shop.row("A1") == MUG, f"expected A1 to stay {MUG}, found {shop.row('A1')}"


@pytest.mark.parametrize(
    "raw", ["[3]", '"3"', "", "not json"], ids=["list", "string", "empty", "text"]
)
def test_body_not_an_object_is_400(shop, raw):
    """A body that is not a JSON object answers 400 with a JSON error"""
    response = shop.client.post(
        "/products/A1/restock", data=raw, content_type="application/json", headers=AUTH
    )
    _status(response, 400, f"restocking with the body {raw!r}")
    _json_error(response, f"a 400 for the body {raw!r}")


@pytest.mark.parametrize(
    ("headers", "want"),
    [({}, 401), ({"Authorization": "Bearer wrong"}, 403), ({"Authorization": "s3cret"}, 401)],
    ids=["no-token", "wrong-token", "no-bearer"],
)
def test_needs_the_token(shop, headers, want):
    """Without the token 401, with a wrong one 403 (JSON), and the stock stays"""
    response = shop.restock("A1", {"quantity": 3}, headers=headers)
    _status(response, want, f"restocking with headers {headers}")
    _json_error(response, f"a {want}")
    assert shop.row("A1") == MUG, f"expected A1 to stay {MUG}, found {shop.row('A1')}"


def test_token_before_lookup(shop):
    """The token is checked first: no token on an unknown SKU is 401, not 404"""
    response = shop.restock("NOPE", {"quantity": 3}, headers={})
    _status(response, 401, "an unauthenticated restock of an unknown SKU")


def test_over_real_http(shop, live_server):
    """Over a live server (real HTTP) it works too"""
    server = live_server(shop.app)
    response = requests.post(
        server.url + "/products/A1/restock", json={"quantity": 4}, headers=AUTH, timeout=10
    )
    assert (response.status_code, shop.row("A1")) == (200, ("Mug", 1250, 9)), (
        f"expected 200 and the row ('Mug', 1250, 9), got {response.status_code} and "
        f"{shop.row('A1')}"
    )
