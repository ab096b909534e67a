"""Known-wrong and alternative answers for lesson 05 (API testing)."""

_ROUTE = """\
from dataclasses import asdict, replace
from flask import jsonify, request
from course_lib.shop.api import require_token
from course_lib.shop.errors import InvalidInput, NotFound

def add_restock_route(app, products):
    @app.post("/products/<sku>/restock")
    def restock(sku):
        {auth}
        body = request.get_json(silent=True)
        quantity = body.get("quantity") if isinstance(body, dict) else None
        if {invalid}:
            raise InvalidInput("bad quantity")
        product = products.get(sku)
        if product is None:
            {missing}
        {store}
"""

_STORE = (
    "updated = replace(product, stock=product.stock + quantity)\n"
    "        products.update(updated)\n"
    "        return jsonify(asdict(updated))"
)


def _route(
    auth="require_token()",
    invalid="not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1",
    missing='raise NotFound(f"no product {sku!r}")',
    store=_STORE,
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _ROUTE.format(auth=auth, invalid=invalid, missing=missing, store=store)


_LOOKUP_FIRST = """\
from dataclasses import asdict, replace
from flask import jsonify, request
from course_lib.shop.api import require_token
from course_lib.shop.errors import InvalidInput, NotFound

def add_restock_route(app, products):
    @app.post("/products/<sku>/restock")
    def restock(sku):
        product = products.get(sku)
        if product is None:
            raise NotFound(sku)
        require_token()
        body = request.get_json(silent=True)
        quantity = body.get("quantity") if isinstance(body, dict) else None
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise InvalidInput("bad quantity")
        updated = replace(product, stock=product.stock + quantity)
        products.update(updated)
        return jsonify(asdict(updated))
"""

_ROUTE_METHODVIEW = """\
from dataclasses import asdict
from flask import jsonify, request
from flask.views import MethodView
from course_lib.shop.api import require_token
from course_lib.shop.errors import InvalidInput, NotFound
from course_lib.shop.models import Product

class Restock(MethodView):
    def __init__(self, products):
        self.products = products

    def post(self, sku):
        require_token()
        body = request.get_json(silent=True) or {}
        quantity = body.get("quantity") if isinstance(body, dict) else None
        if type(quantity) is not int or quantity <= 0:
            raise InvalidInput("quantity must be a positive integer")
        current = self.products.get(sku)
        if current is None:
            raise NotFound(sku)
        new = Product(current.sku, current.name, current.price_cents, current.stock + quantity)
        self.products.update(new)
        return jsonify(asdict(new)), 200

def add_restock_route(app, products):
    app.add_url_rule(
        "/products/<sku>/restock", view_func=Restock.as_view("restock", products), methods=["POST"]
    )
"""

_ROUTE_EXPLICIT_RESPONSES = """\
from flask import current_app, jsonify, request

def add_restock_route(app, products):
    def error(status, message):
        return jsonify({"error": message}), status

    @app.route("/products/<sku>/restock", methods=["POST"])
    def restock_product(sku):
        token = current_app.config.get("API_TOKEN")
        header = request.headers.get("Authorization", "")
        if token:
            if not header.startswith("Bearer "):
                return error(401, "log in first")
            if header[len("Bearer "):] != token:
                return error(403, "not your shop")
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return error(400, "send a JSON object")
        n = body.get("quantity")
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            return error(400, "quantity: a whole number >= 1")
        product = products.get(sku)
        if product is None:
            return error(404, f"unknown sku {sku}")
        product.stock += n
        products.update(product)
        return jsonify({"sku": product.sku, "name": product.name,
                        "price_cents": product.price_cents, "stock": product.stock})
"""

_ROUTE_HELPERS = """\
import dataclasses
import flask
from course_lib.shop import api, errors

def _quantity_from(body):
    try:
        quantity = body["quantity"]
    except (KeyError, TypeError) as exc:
        raise errors.InvalidInput("quantity is required") from exc
    if quantity is True or quantity is False or not isinstance(quantity, int):
        raise errors.InvalidInput("quantity must be an integer")
    if quantity < 1:
        raise errors.InvalidInput("quantity must be at least 1")
    return quantity

def add_restock_route(app, products):
    def restock(sku):
        api.require_token()
        quantity = _quantity_from(flask.request.get_json(silent=True))
        product = products.get(sku) or None
        if not product:
            raise errors.NotFound(sku)
        product = dataclasses.replace(product, stock=product.stock + quantity)
        products.update(product)
        return dataclasses.asdict(product)  # Flask turns a dict into JSON

    app.add_url_rule("/products/<sku>/restock", "restock", restock, methods=["POST"])
"""

_SCHEMA = """\
def page_schema():
    count = {{"type": "integer", "minimum": 0}}
    product = {{
        "type": "object",
        "required": {item_required},
        "additionalProperties": {item_extra},
        "properties": {{
            "sku": {{"type": "string", "minLength": 1}},
            "name": {{"type": "string"}},
            "price_cents": {price},
            "stock": {stock},
        }},
    }}
    return {{
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "additionalProperties": False,
        "properties": {{"items": {{"type": "array", "items": product}},
                       "total": count, "limit": count, "offset": count}},
    }}
"""


def _schema(
    item_required='["sku", "name", "price_cents", "stock"]',
    item_extra="False",
    price="count",
    stock="count",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _SCHEMA.format(
        item_required=item_required, item_extra=item_extra, price=price, stock=stock
    )


_SCHEMA_REFS = """\
def page_schema():
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$defs": {
            "count": {"type": "integer", "minimum": 0},
            "product": {
                "type": "object",
                "properties": {
                    "sku": {"type": "string", "minLength": 1},
                    "name": {"type": "string"},
                    "price_cents": {"$ref": "#/$defs/count"},
                    "stock": {"$ref": "#/$defs/count"},
                },
                "required": ["sku", "name", "price_cents", "stock"],
                "additionalProperties": False,
            },
        },
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/$defs/product"}},
            "total": {"$ref": "#/$defs/count"},
            "limit": {"$ref": "#/$defs/count"},
            "offset": {"$ref": "#/$defs/count"},
        },
        "required": ["items", "total", "limit", "offset"],
        "additionalProperties": False,
    }
"""

_SCHEMA_DRAFT7 = """\
import json

DRAFT7 = '''
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "definitions": {
    "n": {"type": "integer", "minimum": 0},
    "product": {
      "type": "object",
      "properties": {
        "sku": {"type": "string", "pattern": "^.+$"},
        "name": {"type": "string"},
        "price_cents": {"$ref": "#/definitions/n"},
        "stock": {"$ref": "#/definitions/n"}
      },
      "required": ["sku", "name", "price_cents", "stock"],
      "additionalProperties": false
    }
  },
  "type": "object",
  "properties": {
    "items": {"type": "array", "items": {"$ref": "#/definitions/product"}},
    "total": {"$ref": "#/definitions/n"},
    "limit": {"$ref": "#/definitions/n"},
    "offset": {"$ref": "#/definitions/n"}
  },
  "required": ["items", "total", "limit", "offset"],
  "additionalProperties": false
}
'''

def page_schema():
    return json.loads(DRAFT7)
"""

_SCHEMA_FROM_DATACLASS = """\
from dataclasses import fields
from course_lib.shop.models import Product

def _strict_object(properties):
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}

def _for(field):
    if field.type in (int, "int"):
        return {"type": "integer", "minimum": 0}
    if field.name == "sku":
        return {"type": "string", "minLength": 1}
    return {"type": "string"}

def page_schema():
    product = _strict_object({f.name: _for(f) for f in fields(Product)})
    page = {"items": {"type": "array", "items": product}}
    page.update({key: {"type": "integer", "minimum": 0} for key in ("total", "limit", "offset")})
    return _strict_object(page)
"""

_SCHEMA_CONSTANT = _schema().replace("def page_schema():\n", "def _build():\n") + (
    "SCHEMA = _build()\n\ndef page_schema():\n    return SCHEMA\n"
)

# --- 05.3 -----------------------------------------------------------------------------------

_MUG = 'MUG = {"sku": "A1", "name": "Mug", "price_cents": 1250, "stock": 5}\n'

_CRUD_CLASS = (
    "import pytest\n"
    + _MUG
    + """
class TestProductLifecycle:
    @pytest.fixture
    def mug(self, api):
        response = api.client.post("/products", json=MUG, headers=api.auth)
        assert response.status_code == 201
        assert response.headers["Location"].endswith("/products/A1")
        return api

    def test_update_shows_in_api_and_table(self, mug):
        body = {"name": "Big mug", "price_cents": 1500, "stock": 2}
        assert mug.client.put("/products/A1", json=body, headers=mug.auth).status_code == 200
        assert mug.client.get("/products/A1").json["name"] == "Big mug"
        assert mug.row("A1") == ("Big mug", 1500, 2)

    def test_delete_is_204_then_404(self, mug):
        response = mug.client.delete("/products/A1", headers=mug.auth)
        assert (response.status_code, response.data) == (204, b"")
        assert mug.client.get("/products/A1").status_code == 404
        assert mug.row("A1") is None

    def test_partial_put_is_refused(self, mug):
        response = mug.client.put("/products/A1", json={"name": "x", "price_cents": 1},
                                  headers=mug.auth)
        assert response.status_code == 400
        assert mug.row("A1") == ("Mug", 1250, 5)

    def test_put_unknown_is_404(self, mug):
        response = mug.client.put("/products/Q9", json=MUG, headers=mug.auth)
        assert response.status_code == 404 and mug.row("Q9") is None

    @pytest.mark.parametrize("verb", ["put", "delete"])
    def test_no_token(self, mug, verb):
        response = getattr(mug.client, verb)("/products/A1", json=MUG)
        assert response.status_code == 401 and mug.row("A1") == ("Mug", 1250, 5)

    def test_wrong_token(self, mug):
        response = mug.client.post("/products", json={**MUG, "sku": "B2"},
                                   headers={"Authorization": "Bearer nope"})
        assert response.status_code == 403 and response.json["error"]
"""
)

_CRUD_PARAMETRIZED = (
    "import pytest\n"
    + _MUG
    + """
CASES = [
    ("PUT", "/products/ZZ", MUG, {}, 401),
    ("PUT", "/products/A1", MUG, {"Authorization": "Bearer x"}, 403),
    ("DELETE", "/products/A1", None, {}, 401),
    ("PUT", "/products/ZZ", MUG, None, 404),
    ("PUT", "/products/A1", {"name": "Mug", "price_cents": 1}, None, 400),
]

@pytest.mark.parametrize(("method", "url", "body", "headers", "status"), CASES)
def test_error_contract(api, method, url, body, headers, status):
    api.add("A1", "Mug", 1250, 5)
    response = api.client.open(url, method=method, json=body,
                               headers=api.auth if headers is None else headers)
    assert response.status_code == status
    assert isinstance(response.get_json()["error"], str)
    assert api.row("A1") == ("Mug", 1250, 5) and api.row("ZZ") is None

def test_reads_follow_writes(api):
    api.client.post("/products", json=MUG, headers=api.auth)
    assert api.client.get("/products/A1").get_json()["stock"] == 5
    api.client.put("/products/A1", json={**MUG, "stock": 7}, headers=api.auth)
    assert api.client.get("/products/A1").get_json()["stock"] == 7
    api.client.delete("/products/A1", headers=api.auth)
    assert api.client.get("/products/A1").status_code == 404
"""
)

_CRUD_HELPER_FIXTURE = (
    "import pytest\n"
    + _MUG
    + """
class Shop:
    def __init__(self, api):
        self.api = api

    def send(self, method, url, body=None, token=True):
        headers = self.api.auth if token is True else token
        return self.api.client.open(url, method=method, json=body, headers=headers)

@pytest.fixture
def shop(api):
    api.add("A1", "Mug", 1250, 5)
    return Shop(api)

def test_writes_without_any_token(shop):
    statuses = [shop.send(m, u, b, token={}).status_code
                for m, u, b in [("POST", "/products", {**MUG, "sku": "B2"}),
                                ("PUT", "/products/A1", MUG), ("DELETE", "/products/A1", None)]]
    assert statuses == [401, 401, 401]
    assert shop.api.row("A1") == ("Mug", 1250, 5)

def test_a_wrong_token(shop):
    wrong = {"Authorization": "Bearer no"}
    assert shop.send("DELETE", "/products/A1", token=wrong).status_code == 403

def test_put_rules(shop):
    assert shop.send("PUT", "/products/NEW", {**MUG, "sku": "NEW"}).status_code == 404
    assert shop.api.row("NEW") is None
    assert shop.send("PUT", "/products/A1", {"name": "Mug", "price_cents": 9}).status_code == 400
    assert shop.api.row("A1")[2] == 5

def test_update_then_delete_as_seen_by_a_client(shop):
    shop.send("PUT", "/products/A1", {**MUG, "name": "Cup"})
    assert shop.send("GET", "/products/A1").get_json()["name"] == "Cup"
    assert shop.send("DELETE", "/products/A1").status_code == 204
    assert shop.send("GET", "/products/A1").status_code == 404
"""
)

_CRUD_UNITTEST = (
    "import unittest\n"
    + _MUG
    + """
expect = unittest.TestCase()

def test_everything(api):
    client, auth = api.client, api.auth
    expect.assertEqual(client.post("/products", json=MUG, headers=auth).status_code, 201)
    partial = client.put("/products/A1", json={"name": "Mug", "price_cents": 5}, headers=auth)
    expect.assertEqual(partial.status_code, 400)
    expect.assertEqual(api.row("A1"), ("Mug", 1250, 5))
    expect.assertEqual(client.put("/products/B2", json=MUG, headers=auth).status_code, 404)
    expect.assertIsNone(api.row("B2"))
    expect.assertEqual(client.put("/products/A1", json=MUG).status_code, 401)
    wrong = {"Authorization": "Bearer bad"}
    expect.assertEqual(client.delete("/products/A1", headers=wrong).status_code, 403)
    changed = client.put("/products/A1", json={**MUG, "stock": 1}, headers=auth)
    expect.assertEqual(changed.status_code, 200)
    expect.assertEqual(client.get("/products/A1").get_json()["stock"], 1)
    expect.assertEqual(client.delete("/products/A1", headers=auth).status_code, 204)
    expect.assertEqual(client.get("/products/A1").status_code, 404)
"""
)

# --- 05.4 -----------------------------------------------------------------------------------

_NAMES = (
    'NAMES = {"A1": "Zither", "B2": "Yoyo", "C3": "Xylophone", "D4": "Whistle", "E5": "Viola"}\n'
)

_PAGES_CLASS = (
    "import pytest\nimport requests\n"
    + _NAMES
    + """
class TestPages:
    @pytest.fixture
    def pages(self, shop):
        for sku, name in NAMES.items():
            shop.add(sku, name, 100, 1)
        def get(limit, offset):
            return requests.get(f"{shop.url}/products?limit={limit}&offset={offset}",
                                timeout=10).json()
        return get

    def test_no_gap_no_overlap(self, pages):
        skus = [p["sku"] for offset in range(0, 5, 2) for p in pages(2, offset)["items"]]
        assert skus == ["A1", "B2", "C3", "D4", "E5"]

    def test_page_size(self, pages):
        assert [len(pages(2, o)["items"]) for o in (0, 2, 4)] == [2, 2, 1]

    def test_total(self, pages):
        assert {pages(2, o)["total"] for o in (0, 2, 4)} == {5}

    def test_too_big(self, shop):
        response = requests.get(shop.url + "/products", params={"limit": 500}, timeout=10)
        assert response.status_code == 400 and "error" in response.json()
"""
)

_PAGES_PARAMETRIZED = (
    "import pytest\nimport requests\n"
    + _NAMES
    + """
@pytest.fixture
def stocked(shop):
    for sku in reversed(list(NAMES)):
        shop.add(sku, NAMES[sku], 250, 3)
    return shop

@pytest.mark.parametrize(("limit", "offset", "skus"), [
    (2, 0, ["A1", "B2"]), (2, 2, ["C3", "D4"]), (2, 4, ["E5"]), (3, 3, ["D4", "E5"]),
    (2, 5, []),
])
def test_page(stocked, limit, offset, skus):
    body = requests.get(stocked.url + "/products", params={"limit": limit, "offset": offset},
                        timeout=10).json()
    assert [item["sku"] for item in body["items"]] == skus
    assert body["total"] == 5

@pytest.mark.parametrize(("limit", "status"), [(100, 200), (101, 400)])
def test_max_limit(shop, limit, status):
    assert requests.get(shop.url + "/products", params={"limit": limit},
                        timeout=10).status_code == status
"""
)

_PAGES_WALKER = (
    "import requests\n"
    + _NAMES
    + """
def walk(url, limit):
    offset, pages = 0, []
    with requests.Session() as http:
        while offset < 50:
            page = http.get(url + "/products", params={"limit": limit, "offset": offset},
                            timeout=10).json()
            if not page["items"]:
                return pages
            pages.append(page)
            offset += limit
    return pages

def test_walk_in_threes_and_twos(shop):
    for sku, name in NAMES.items():
        shop.add(sku, name, 10, 0)
    for limit in (2, 3):
        pages = walk(shop.url, limit)
        assert all(len(p["items"]) <= limit and p["total"] == len(NAMES) for p in pages)
        assert [i["sku"] for p in pages for i in p["items"]] == sorted(NAMES)

def test_limit_cap(shop):
    response = requests.get(shop.url + "/products?limit=1000", timeout=10)
    assert response.status_code == 400
"""
)

_PAGES_UNITTEST = (
    "import unittest\nimport requests\n"
    + _NAMES
    + """
expect = unittest.TestCase()

def page(shop, **params):
    return requests.get(shop.url + "/products", params=params, timeout=10)

def test_pages(shop):
    for sku, name in NAMES.items():
        shop.add(sku, name, 1, 1)
    first, second, third = (page(shop, limit=2, offset=o).json() for o in (0, 2, 4))
    expect.assertEqual([first["total"], second["total"], third["total"]], [5, 5, 5])
    skus = [i["sku"] for p in (first, second, third) for i in p["items"]]
    expect.assertEqual(skus, sorted(NAMES))

def test_limit(shop):
    expect.assertEqual(page(shop, limit=101).status_code, 400)
"""
)

WRONG = {
    "05.1": [
        (  # the worked example, hard-coded
            "from flask import jsonify\n"
            "def add_restock_route(app, products):\n"
            "    @app.post('/products/<sku>/restock')\n"
            "    def restock(sku):\n"
            "        return jsonify(sku='A1', name='Mug', price_cents=1250, stock=8)\n",
            "expected stock 10",
        ),
        (  # changes the copy it got, never stores it
            _route(store="product.stock += quantity\n        return jsonify(asdict(product))"),
            "expected the row ('Mug', 1250, 8) in PostgreSQL",
        ),
        (  # True is an int in Python
            _route(invalid="not isinstance(quantity, int) or quantity < 1"),
            "expected restocking with {'quantity': True} to answer 400",
        ),
        (_route(auth="pass"), "to answer 401"),
        (  # the error in plain text
            _route(missing='return "no such product", 404'),
            "JSON body",
        ),
        (_LOOKUP_FIRST, "expected an unauthenticated restock of an unknown SKU to answer 401"),
        (  # int() accepts "3" and 2.5
            _route(invalid="False", store="quantity = int(quantity)\n        " + _STORE),
            "to answer 400",
        ),
        ("def add_restock_route(app, products):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "05.2": [
        (  # the worked example, hard-coded
            "def page_schema():\n"
            "    return {'const': {'items': [{'sku': 'A1', 'name': 'Mug', 'price_cents': 1250,\n"
            "                                'stock': 5}], 'total': 7, 'limit': 2, 'offset': 4}}\n",
            "expected the real page",
        ),
        (_schema(item_extra="True"), "an extra key in an item"),
        (_schema(price='{"type": "number", "minimum": 0}'), "price as a fraction"),
        (_schema(item_required='["sku"]'), "an item without stock"),
        (_schema(stock='{"type": "integer"}'), "negative stock"),
        (  # the schema as JSON text
            "import json\n"
            "def page_schema():\n"
            "    return json.dumps({'type': 'object', 'required': ['items', 'total']})\n",
            "to return a dict",
        ),
        ("def page_schema():\n    return {'type': 'objekt'}\n", "valid JSON Schema"),
        (_SCHEMA_CONSTANT, "a new dict on every call"),
    ],
    "05.3": [
        (  # the happy path only
            _MUG + "def test_create_and_read(api):\n"
            "    created = api.client.post('/products', json=MUG, headers=api.auth)\n"
            "    assert created.status_code == 201\n"
            "    assert api.client.get('/products/A1').get_json() == MUG\n",
            "catch nothing",
        ),
        (  # checks the table only, never reads back through the API
            _MUG + "def test_update_and_delete_in_the_table(api):\n"
            "    api.client.post('/products', json=MUG, headers=api.auth)\n"
            "    api.client.put('/products/A1', json={**MUG, 'stock': 1}, headers=api.auth)\n"
            "    assert api.row('A1') == ('Mug', 1250, 1)\n"
            "    assert api.client.delete('/products/A1', headers=api.auth).status_code == 204\n"
            "    assert api.row('A1') is None\n",
            "catch nothing",
        ),
        (  # 401 and 403 checked, but only on POST
            _MUG + "def test_post_needs_the_token(api):\n"
            "    assert api.client.post('/products', json=MUG).status_code == 401\n"
            "    wrong = {'Authorization': 'Bearer x'}\n"
            "    assert api.client.post('/products', json=MUG, headers=wrong).status_code == 403\n",
            "caught 1 of 5 bugs (missed: put-creates-missing, put-wipes-omitted, "
            "auth-only-on-post, cached-reads)",
        ),
        (  # "not allowed" is enough
            _MUG + "def test_put_without_token(api):\n"
            "    api.add('A1', 'Mug', 1250, 5)\n"
            "    assert api.client.put('/products/A1', json=MUG).status_code in (401, 403)\n",
            "caught 1 of 5",
        ),
        (  # PUT of a missing product believed to create it
            _MUG + "def test_put_creates(api):\n"
            "    answer = api.client.put('/products/A1', json=MUG, headers=api.auth)\n"
            "    assert answer.status_code == 200\n",
            "fails on the correct implementation",
        ),
        ("def test_todo(api):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "05.4": [
        (  # the first page only
            "import requests\n" + _NAMES + "def test_first_page(shop):\n"
            "    for sku, name in NAMES.items():\n"
            "        shop.add(sku, name, 100, 1)\n"
            "    page = requests.get(shop.url + '/products?limit=2', timeout=10).json()\n"
            "    assert [p['sku'] for p in page['items']] == ['A1', 'B2']\n",
            "caught 2 of 5 bugs (missed: skips-one, total-of-page, no-max-limit)",
        ),
        (  # names in the same order as the SKUs, and no total, no limit check
            "import requests\n"
            "def test_walk(shop):\n"
            "    for sku in ['A1', 'B2', 'C3', 'D4', 'E5']:\n"
            "        shop.add(sku, 'Item ' + sku, 100, 1)\n"
            "    skus = []\n"
            "    for offset in (0, 2, 4):\n"
            "        page = requests.get(shop.url + '/products', timeout=10,\n"
            "                            params={'limit': 2, 'offset': offset}).json()\n"
            "        skus += [p['sku'] for p in page['items']]\n"
            "    assert skus == ['A1', 'B2', 'C3', 'D4', 'E5']\n",
            "caught 2 of 5 bugs (missed: total-of-page, sorts-each-page, no-max-limit)",
        ),
        (  # a page size that divides the count: the last page hides nothing
            "import requests\n"
            "def test_total(shop):\n"
            "    for sku in ['A1', 'B2', 'C3', 'D4']:\n"
            "        shop.add(sku, 'x', 100, 1)\n"
            "    page = requests.get(shop.url + '/products?limit=2&offset=2', timeout=10).json()\n"
            "    assert page['total'] == 4\n",
            "caught 1 of 5",
        ),
        (  # believes an empty page is "not found"
            "import requests\n"
            "def test_past_the_end(shop):\n"
            "    response = requests.get(shop.url + '/products?offset=10', timeout=10)\n"
            "    assert response.status_code == 404\n",
            "fails on the correct implementation",
        ),
        ("def test_todo(shop):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "05.1": [_ROUTE_METHODVIEW, _ROUTE_EXPLICIT_RESPONSES, _ROUTE_HELPERS],
    "05.2": [_SCHEMA_REFS, _SCHEMA_DRAFT7, _SCHEMA_FROM_DATACLASS],
    "05.3": [_CRUD_CLASS, _CRUD_PARAMETRIZED, _CRUD_HELPER_FIXTURE, _CRUD_UNITTEST],
    "05.4": [_PAGES_CLASS, _PAGES_PARAMETRIZED, _PAGES_WALKER, _PAGES_UNITTEST],
}
