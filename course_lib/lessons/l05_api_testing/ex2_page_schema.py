"""Hidden tests for exercise 05.2: page_schema() returns a JSON Schema (a dict) for one page of
GET /products. Real pages from a live server on PostgreSQL must pass it; pages with one thing
wrong must fail it.
"""

from __future__ import annotations

import copy

import pytest
import requests
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for

from course_lib.lessons.l05_api_testing.wiring import (
    add_product,
    app_on_postgres,
    empty_shop_session,
)
from course_lib.shop.api import create_app

GOOD = {
    "items": [
        {"sku": "A1", "name": "Mug", "price_cents": 1250, "stock": 5},
        {"sku": "B2", "name": "Pen", "price_cents": 0, "stock": 0},
    ],
    "total": 7,
    "limit": 2,
    "offset": 4,
}


def _validator(submission):
    schema = submission()
    assert isinstance(schema, dict), (
        f"expected page_schema() to return a dict (the schema), got {type(schema).__name__}"
    )
    cls = validator_for(schema, default=Draft202012Validator)
    try:
        cls.check_schema(schema)
    except SchemaError as exc:
        pytest.fail(f"expected a valid JSON Schema, got one that jsonschema refuses: {exc.message}")
    return cls(schema)


def _errors(submission, doc):
    return [e.message for e in _validator(submission).iter_errors(doc)]


@pytest.fixture
def pages(request):
    """Three real pages from a live server: empty table, first page of 3, last page of 3."""
    session = empty_shop_session(request)
    server = request.getfixturevalue("live_server")(app_on_postgres(create_app, session))
    got = [requests.get(server.url + "/products", timeout=10).json()]
    for sku, name, price in [("A1", "Mug", 1250), ("B2", "Pen", 0), ("C3", "Lamp", 4500)]:
        add_product(session, sku, name, price, 3)
    for query in ("?limit=2", "?limit=2&offset=2"):
        got.append(requests.get(server.url + "/products" + query, timeout=10).json())
    return got


def test_real_pages_pass(submission, pages):
    """Real pages from the API (empty, first, last) pass the schema"""
    for page in pages:
        errors = _errors(submission, page)
        assert not errors, f"expected the real page {page} to pass, got errors {errors}"


def test_example_passes(submission):
    """A correct page with price 0 and stock 0 passes"""
    errors = _errors(submission, GOOD)
    assert not errors, f"expected {GOOD} to pass, got errors {errors}"


def _broken(change):
    doc = copy.deepcopy(GOOD)
    change(doc)
    return doc


BROKEN = {
    "no total": lambda d: d.pop("total"),
    "no items": lambda d: d.pop("items"),
    "no limit": lambda d: d.pop("limit"),
    "no offset": lambda d: d.pop("offset"),
    "items is an object": lambda d: d.update(items={"A1": d["items"][0]}),
    "total is a string": lambda d: d.update(total="7"),
    "negative total": lambda d: d.update(total=-1),
    "negative offset": lambda d: d.update(offset=-2),
    "an extra key in the page": lambda d: d.update(next="/products?offset=6"),
    "an item is a string": lambda d: d["items"].append("C3"),
    "an item without stock": lambda d: d["items"][0].pop("stock"),
    "an item without sku": lambda d: d["items"][0].pop("sku"),
    "an item without name": lambda d: d["items"][0].pop("name"),
    "price as a string": lambda d: d["items"][0].update(price_cents="12.50"),
    "price as a fraction": lambda d: d["items"][0].update(price_cents=12.5),
    "price as a boolean": lambda d: d["items"][0].update(price_cents=True),
    "negative price": lambda d: d["items"][0].update(price_cents=-1),
    "negative stock": lambda d: d["items"][0].update(stock=-3),
    "name is null": lambda d: d["items"][0].update(name=None),
    "empty sku": lambda d: d["items"][0].update(sku=""),
    "an extra key in an item": lambda d: d["items"][0].update(discount=10),
}


@pytest.mark.parametrize("what", list(BROKEN))
def test_broken_page_fails(submission, what):
    """A page with one thing wrong fails the schema"""
    doc = _broken(BROKEN[what])
    errors = _errors(submission, doc)
    assert errors, f"expected a page with {what} to fail the schema, but it passed: {doc}"


def test_is_a_fresh_dict_each_time(submission):
    """Changing the returned schema does not change the next one"""
    first = submission()
    if isinstance(first, dict):
        first.clear()
    errors = _errors(submission, {"items": "oops"})
    assert errors, (
        "expected page_schema() to return the whole schema again after a caller changed the "
        "first one: build and return a new dict on every call"
    )
