"""HTTP routes for returns (returns.ReturnService), as a Flask blueprint and a small app.

201 a return made (refunded), 404 no such order, 409 the order is not paid (or returned
already), 503 the refund provider failed (nothing changed). GET /returns pages oldest first:
?page=1&per_page=10 -> {"items": [...], "page", "per_page", "total"}.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, jsonify, request

from course_lib.shop.errors import InvalidInput, NotFound, ShopError
from course_lib.shop.returns import RefundUnavailable, ReturnService

STATUS_FOR = {NotFound: 404, InvalidInput: 409, RefundUnavailable: 503}

returns_routes = Blueprint("returns", __name__)


def _service() -> ReturnService:
    return current_app.extensions["returns"]


def _positive(name: str, default: int, most: int = 100) -> int:
    value = request.args.get(name, default, type=int)
    if value is None or not 1 <= value <= most:
        raise ValueError(f"{name} must be 1..{most}")
    return value


@returns_routes.post("/orders/<int:order_id>/returns")
def create_return(order_id: int):
    return jsonify(_service().request_return(order_id).to_json()), 201


@returns_routes.get("/returns")
def list_returns():
    try:
        page, per_page = _positive("page", 1, 10**6), _positive("per_page", 10)
    except ValueError as exc:
        return jsonify(error=str(exc)), 400
    items, total = _service().list_returns(page, per_page)
    body = {"items": [r.to_json() for r in items], "page": page, "per_page": per_page}
    return jsonify({**body, "total": total})


@returns_routes.errorhandler(ShopError)
def shop_error(exc: ShopError):
    status = next((code for kind, code in STATUS_FOR.items() if isinstance(exc, kind)), 500)
    return jsonify(error=str(exc)), status


def create_returns_app(service: ReturnService, config: dict | None = None) -> Flask:
    """A Flask app serving the returns routes; `service` is injected, nothing else is made."""
    app = Flask(__name__)
    app.config.update(config or {})
    app.extensions["returns"] = service
    app.register_blueprint(returns_routes)
    return app
