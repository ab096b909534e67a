"""The Flask API through the test client: status codes, JSON errors, auth, pagination."""

from __future__ import annotations

import pytest

from course_lib.shop.api import create_app
from course_lib.shop.models import Product
from course_lib.shop.repositories.memory import InMemoryProductRepository
from course_lib.shop.usecases.payments import ChargeResult

AUTH = {"Authorization": "Bearer s3cret"}
MUG = {"sku": "A1", "name": "Mug", "price_cents": 1250, "stock": 3}


class ApprovingGateway:
    def charge(self, amount_cents, currency, source):
        return ChargeResult(
            source == "tok_visa",
            amount_cents,
            "ch_1",
            None if source == "tok_visa" else "card_declined",
        )


@pytest.fixture
def products():
    return InMemoryProductRepository()


@pytest.fixture
def client(products):
    """A test client of an app with a token and an approving gateway."""
    app = create_app(
        {"API_TOKEN": "s3cret", "TESTING": True}, products=products, gateway=ApprovingGateway()
    )
    return app.test_client()


def test_create_read_update_delete(client, products):
    created = client.post("/products", json=MUG, headers=AUTH)
    assert created.status_code == 201 and created.headers["Location"] == "/products/A1"
    assert products.get("A1") == Product(**MUG)  # verify in the store, not only in the response
    assert client.get("/products/A1").get_json() == MUG
    changed = client.put("/products/A1", json={**MUG, "stock": 9}, headers=AUTH)
    assert changed.status_code == 200 and products.get("A1").stock == 9
    assert client.delete("/products/A1", headers=AUTH).status_code == 204
    assert client.get("/products/A1").status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [({**MUG, "price_cents": 12.5}, 400), ({"sku": "A1"}, 400), ("not an object", 400)],
)
def test_validation_errors_are_json(client, body, status):
    response = client.post("/products", json=body, headers=AUTH)
    assert response.status_code == status and "error" in response.get_json()


def test_duplicate_is_409(client):
    client.post("/products", json=MUG, headers=AUTH)
    assert client.post("/products", json=MUG, headers=AUTH).status_code == 409


@pytest.mark.parametrize(
    ("headers", "status"), [({}, 401), ({"Authorization": "Bearer nope"}, 403)]
)
def test_writes_need_the_token(client, headers, status):
    assert client.post("/products", json=MUG, headers=headers).status_code == status


def test_pagination(client, products):
    for i in range(5):
        products.add(Product(f"P{i}", f"p{i}", 100))
    page = client.get("/products?limit=2&offset=2").get_json()
    assert [p["sku"] for p in page["items"]] == ["P2", "P3"] and page["total"] == 5
    assert client.get("/products?limit=1000").status_code == 400


def test_order_and_payment(client, products):
    products.add(Product(**MUG))
    order = client.post("/orders", json={"customer_id": 1, "items": {"A1": 2}}).get_json()
    assert order["total_cents"] == 2500 and order["status"] == "pending"
    assert client.post("/orders", json={"customer_id": 1, "items": {"A1": 5}}).status_code == 409
    assert client.post(f"/orders/{order['id']}/pay", json={"source": "tok_visa"}).status_code == 200
    assert client.get(f"/orders/{order['id']}").get_json()["status"] == "paid"
    assert client.post(f"/orders/{order['id']}/pay", json={"source": "tok_visa"}).status_code == 400


def test_unknown_route_and_missing_order_are_json_404(client):
    for url in ["/nope", "/orders/42"]:
        response = client.get(url)
        assert response.status_code == 404 and "error" in response.get_json()


def test_payments_not_configured():
    client = create_app().test_client()
    assert client.post("/orders/1/pay", json={}).status_code == 503
