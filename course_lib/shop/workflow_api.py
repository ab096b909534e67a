"""HTTP routes for the whole order workflow (workflow.ShopWorkflow), as a Flask blueprint.

Why a blueprint of its own: the lesson-05 API (api.py) keeps its simple PaymentService routes;
this app wires the full workflow (outbox event, cache, compensation) and answers every outcome
with its own status code: 201 placed, 200 paid, 402 declined, 503 provider failed (the order is
`payment_failed`, its stock back), 400/404/409 for bad input, unknown orders, missing stock.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify, request

from course_lib.shop.errors import Duplicate, InvalidInput, NotFound, OutOfStock, ShopError
from course_lib.shop.models import PAID, Order
from course_lib.shop.workflow import PaymentUnavailable, ShopWorkflow

STATUS_FOR = {NotFound: 404, OutOfStock: 409, Duplicate: 409, InvalidInput: 400}
STATUS_FOR[PaymentUnavailable] = 503


def _order_json(order: Order) -> dict[str, Any]:
    return {**asdict(order), "total_cents": order.total_cents}


def _workflow() -> ShopWorkflow:
    return current_app.extensions["workflow"]


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("expected a JSON object")
    return body


workflow_routes = Blueprint("workflow", __name__)


@workflow_routes.post("/orders")
def place_order():
    body = _body()
    items = body.get("items")
    if not isinstance(body.get("email"), str) or not isinstance(items, dict):
        raise InvalidInput('expected {"email": str, "items": {sku: quantity}}')
    return jsonify(_order_json(_workflow().place_order(body["email"], items))), 201


@workflow_routes.post("/orders/<int:order_id>/pay")
def pay(order_id: int):
    source = _body().get("source")
    if not isinstance(source, str):
        raise InvalidInput('expected {"source": str}')
    order = _workflow().pay(order_id, source)
    return jsonify(_order_json(order)), 200 if order.status == PAID else 402


@workflow_routes.get("/orders/<int:order_id>")
def get_order(order_id: int):
    return jsonify(_order_json(_workflow().get_order(order_id)))


@workflow_routes.errorhandler(ShopError)
def shop_error(exc: ShopError):
    status = next((code for kind, code in STATUS_FOR.items() if isinstance(exc, kind)), 500)
    return jsonify(error=str(exc)), status


def create_workflow_app(workflow: ShopWorkflow, config: dict | None = None) -> Flask:
    """A Flask app serving the workflow routes; `workflow` is injected, nothing else is made."""
    app = Flask(__name__)
    app.config.update(config or {})
    app.extensions["workflow"] = workflow
    app.register_blueprint(workflow_routes)
    return app
