"""The shop's HTTP API: a Flask app factory with every collaborator injected.

`create_app(config, products=..., orders=..., gateway=...)` does all the work when called, none at
import. Defaults are in-memory repositories, so `create_app()` alone gives a working app.
Errors are JSON bodies {"error": ...}; writes need `Authorization: Bearer <API_TOKEN>` when the
config sets API_TOKEN (missing -> 401, wrong -> 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from flask import Flask, abort, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

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
    try:
        return Product(
            sku=str(sku if sku is not None else body["sku"]),
            name=str(body["name"]),
            price_cents=body["price_cents"],
            stock=body.get("stock", 0),
        )
    except KeyError as exc:
        raise InvalidInput(f"missing field {exc.args[0]!r}") from exc


def _int_arg(name: str, default: int, maximum: int | None = None) -> int:
    raw = request.args.get(name, str(default))
    if not raw.isdigit() or (maximum is not None and int(raw) > maximum):
        raise InvalidInput(f"{name} must be an integer between 0 and {maximum or 'any'}")
    return int(raw)


def _require_token() -> None:
    token = current_app.config.get("API_TOKEN")
    if not token:
        return
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401, "missing bearer token")
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
        return jsonify(error=exc.description), exc.code

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
        _require_token()
        product = _product_from(_json_body())
        products.add(product)
        return jsonify(asdict(product)), 201, {"Location": f"/products/{product.sku}"}

    @app.put("/products/<sku>")
    def update_product(sku: str):
        _require_token()
        product = _product_from(_json_body(), sku=sku)
        products.update(product)
        return jsonify(asdict(product))

    @app.delete("/products/<sku>")
    def remove_product(sku: str):
        _require_token()
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
