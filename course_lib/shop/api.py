"""The shop's HTTP API: a Flask app factory with every collaborator injected.

`create_app(config, products=..., orders=..., gateway=...)` does all the work when called, none at
import. Defaults are in-memory repositories, so `create_app()` alone gives a working app.
Errors are JSON bodies {"error": ...}; writes need `Authorization: Bearer <API_TOKEN>` when the
config sets API_TOKEN (missing -> 401, wrong -> 403). PUT replaces a product, so it needs every
field (a missing `stock` is a 400, not a silent 0) and answers 404 for an unknown SKU.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from flask import Flask, abort, current_app, jsonify, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException, Unauthorized

from course_lib.shop.db import ProductRow
from course_lib.shop.errors import Duplicate, InvalidInput, NotFound, OutOfStock
from course_lib.shop.models import Order, Product
from course_lib.shop.repositories.base import OrderRepository, ProductRepository
from course_lib.shop.repositories.memory import InMemoryOrderRepository, InMemoryProductRepository
from course_lib.shop.usecases.orders import OrderService
from course_lib.shop.usecases.payments import PaymentGateway, PaymentService

STATUS_FOR = {NotFound: 404, Duplicate: 409, OutOfStock: 409, InvalidInput: 400}


def _order_json(order: Order) -> dict[str, Any]:
    return {**asdict(order), "total_cents": order.total_cents}


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("expected a JSON object")
    return body


def _product_from(body: Mapping[str, Any], sku: str | None = None) -> Product:
    """POST may leave out `stock` (0); PUT passes `sku` and must send every field."""
    try:
        product = Product(
            sku=sku if sku is not None else body["sku"],
            name=body["name"],
            price_cents=body["price_cents"],
            stock=body["stock"] if sku is not None else body.get("stock", 0),
        )
    except KeyError as exc:
        raise InvalidInput(f"missing field {exc.args[0]!r}") from exc
    # str() would store {"a": 1} as the text "{'a': 1}"; too long a string would reach the
    # database and come back as a 500 (PostgreSQL checks VARCHAR lengths), so say 400 here.
    for name, longest in (
        ("sku", ProductRow.sku.type.length),
        ("name", ProductRow.name.type.length),
    ):
        value = getattr(product, name)
        if not isinstance(value, str) or not 1 <= len(value) <= longest:
            raise InvalidInput(f"{name} must be a string of 1 to {longest} characters")
    for name in ("price_cents", "stock"):
        if getattr(product, name) < 0:
            raise InvalidInput(f"{name} must not be negative")
    return product


def _int_arg(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name, str(default))
    if not raw.isdigit() or (maximum is not None and int(raw) > maximum):
        raise InvalidInput(f"{name} must be an integer between 0 and {maximum or 'any'}")
    return int(raw)


def require_token() -> None:
    """Abort with 401 (no bearer token) or 403 (wrong one) when the app has an API_TOKEN.

    The one API token is the permission to write: a request that brings another bearer token is
    treated as known but not allowed (403). RFC 6750 would answer an expired or malformed token
    with 401 too; what matters to clients and tests is that the documented contract holds."""
    token = current_app.config.get("API_TOKEN")
    if not token:
        return
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):  # a 401 must say how to authenticate (RFC 9110)
        raise Unauthorized("missing bearer token", www_authenticate=WWWAuthenticate("bearer"))
    if header.removeprefix("Bearer ") != token:
        abort(403, "wrong token")


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    products: ProductRepository | None = None,
    orders: OrderRepository | None = None,
    gateway: PaymentGateway | None = None,
) -> Flask:
    """Build the app; pass repositories/gateway to test against real ones."""
    app = Flask("course_lib.shop")
    app.config.update(API_TOKEN=None, MAX_PAGE_SIZE=100)
    app.config.update(config or {})
    products = products if products is not None else InMemoryProductRepository()
    orders = orders if orders is not None else InMemoryOrderRepository()
    _error_handlers(app)
    _product_routes(app, products)
    _order_routes(app, products, orders, gateway)
    return app


def _error_handlers(app: Flask) -> None:
    """Every error leaves as JSON {"error": ...} with its status code."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        # Keep the exception's own headers (405 must say `Allow:`), but not its HTML type.
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return jsonify(error=exc.description), exc.code, headers

    for error_type, status in STATUS_FOR.items():
        app.register_error_handler(
            error_type, lambda exc, status=status: (jsonify(error=str(exc)), status)
        )


def _product_routes(app: Flask, products: ProductRepository) -> None:
    """CRUD over /products; writes need the bearer token when API_TOKEN is set."""

    @app.get("/products")
    def list_products():
        limit = _int_arg("limit", 20, app.config["MAX_PAGE_SIZE"])
        offset = _int_arg("offset", 0)
        items = products.list()
        page = [asdict(p) for p in items[offset : offset + limit]]
        return jsonify(items=page, total=len(items), limit=limit, offset=offset)

    @app.get("/products/<sku>")
    def get_product(sku: str):
        product = products.get(sku)
        if product is None:
            raise NotFound(f"no product {sku!r}")
        return jsonify(asdict(product))

    @app.post("/products")
    def add_product():
        require_token()
        product = _product_from(_json_body())
        products.add(product)
        return jsonify(asdict(product)), 201, {"Location": f"/products/{product.sku}"}

    @app.put("/products/<sku>")
    def update_product(sku: str):
        require_token()
        product = _product_from(_json_body(), sku=sku)
        products.update(product)
        return jsonify(asdict(product))

    @app.delete("/products/<sku>")
    def remove_product(sku: str):
        require_token()
        products.remove(sku)
        return "", 204


def _order_routes(
    app: Flask,
    products: ProductRepository,
    orders: OrderRepository,
    gateway: PaymentGateway | None,
) -> None:
    """Placing, reading and paying orders."""
    order_service = OrderService(products, orders)

    @app.post("/orders")
    def place_order():
        body = _json_body()
        items = body.get("items")
        if not isinstance(items, dict) or not isinstance(body.get("customer_id"), int):
            raise InvalidInput("expected {'customer_id': int, 'items': {sku: quantity}}")
        order = order_service.place_order(body["customer_id"], items)
        return jsonify(_order_json(order)), 201, {"Location": f"/orders/{order.id}"}

    @app.get("/orders/<int:order_id>")
    def get_order(order_id: int):
        order = orders.get(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        return jsonify(_order_json(order))

    @app.post("/orders/<int:order_id>/pay")
    def pay_order(order_id: int):
        if gateway is None:
            abort(503, "payments are not configured")
        source = str(_json_body().get("source", ""))
        result = PaymentService(orders, gateway).pay(order_id, source)
        body = {"approved": result.approved, "charge_id": result.charge_id, "reason": result.reason}
        return jsonify(body), 200 if result.approved else 402
