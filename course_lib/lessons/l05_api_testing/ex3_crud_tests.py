"""Exercise 05.3: tests for the product CRUD contract, through the Flask test client, on
PostgreSQL. The reference is the shop's create_app; each variant is an app factory with one bug
that a happy-path test (POST, then GET) never sees.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import abort, jsonify, request

from course_lib.lessons.l05_api_testing.wiring import (
    ApiUnderTest,
    app_on_postgres,
    empty_shop_session,
)
from course_lib.shop.api import _json_body, _product_from, create_app, require_token
from course_lib.shop.errors import NotFound

Reference = create_app


def provide_api(impl, request):
    """Fixture `api`: a test client of impl's app over the SAVEPOINT session on PostgreSQL."""
    session = empty_shop_session(request)
    app = app_on_postgres(impl, session)
    yield ApiUnderTest(client=app.test_client(), session=session)


def put_creates_missing(config=None, *, products, **deps):
    """Bug: PUT of an unknown SKU creates it (an upsert) instead of answering 404."""
    app = create_app(config, products=products, **deps)

    def update_product(sku: str):
        require_token()
        product = _product_from(_json_body(), sku=sku)
        if products.get(sku) is None:
            products.add(product)  # "PUT puts it there, whether it existed or not"
        else:
            products.update(product)
        return jsonify(asdict(product))

    app.view_functions["update_product"] = update_product
    return app


def put_wipes_omitted(config=None, *, products, **deps):
    """Bug: a PUT without `stock` sets the stock to 0 instead of refusing the body (400)."""
    app = create_app(config, products=products, **deps)

    def update_product(sku: str):
        require_token()
        product = _product_from({"stock": 0, **_json_body()}, sku=sku)  # "0 is a fine default"
        products.update(product)
        return jsonify(asdict(product))

    app.view_functions["update_product"] = update_product
    return app


def _token_hook(app, token, methods, missing=401, wrong=403):
    """A before_request hook guarding writes to /products: the usual way to add auth."""

    @app.before_request
    def check_token():
        if request.method not in methods or not request.path.startswith("/products"):
            return
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            abort(missing, "missing bearer token")
        if header.removeprefix("Bearer ") != token:
            abort(wrong, "wrong token")


def auth_only_on_post(config=None, **deps):
    """Bug: the token is checked on POST only; PUT and DELETE work for anybody."""
    config = dict(config or {})
    app = create_app({**config, "API_TOKEN": None}, **deps)
    _token_hook(app, config.get("API_TOKEN"), methods={"POST"})
    return app


def auth_statuses_swapped(config=None, **deps):
    """Bug: 403 for a missing token and 401 for a wrong one (the two codes swapped)."""
    config = dict(config or {})
    app = create_app({**config, "API_TOKEN": None}, **deps)
    _token_hook(app, config.get("API_TOKEN"), {"POST", "PUT", "DELETE"}, missing=403, wrong=401)
    return app


_CACHE: dict[str, dict] = {}  # module level: one per process, shared by every app instance


def cached_reads(config=None, *, products, **deps):
    """Bug: GET /products/<sku> is served from a module-level cache that PUT and DELETE never
    clear, and that every app built in the process shares."""
    app = create_app(config, products=products, **deps)

    def get_product(sku: str):
        if sku not in _CACHE:
            product = products.get(sku)
            if product is None:
                raise NotFound(f"no product {sku!r}")
            _CACHE[sku] = asdict(product)
        return jsonify(_CACHE[sku])

    app.view_functions["get_product"] = get_product
    return app
