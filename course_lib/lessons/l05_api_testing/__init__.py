"""Lesson 05 (API testing): a restock endpoint with a JSON error contract, a JSON schema for a
page of products, and tests that catch CRUD, auth and pagination bugs in the shop's API on
PostgreSQL, through the Flask test client and over real HTTP."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_C = "course_lib.lessons.l05_api_testing.ex3_crud_tests"
_P = "course_lib.lessons.l05_api_testing.ex4_pagination_tests"

EXERCISES = [
    CodeExercise(
        id="05.1",
        title="A restock endpoint with a JSON error contract",
        hidden="course_lib.lessons.l05_api_testing.ex1_restock_route",
        signature=Signature("add_restock_route(app, products)", returns="nothing"),
        hint="Inside the function: @app.post('/products/<sku>/restock') def restock(sku): "
        "require_token() first; read request.get_json(silent=True); raise InvalidInput unless "
        "it is a dict whose 'quantity' is an int (not a bool) >= 1; raise NotFound when "
        "products.get(sku) is None; products.update(replace(product, stock=product.stock + "
        "quantity)); return jsonify(asdict(updated)).",
        timeout=20.0,
    ),
    CodeExercise(
        id="05.2",
        title="A JSON schema for a product page",
        hidden="course_lib.lessons.l05_api_testing.ex2_page_schema",
        signature=Signature("page_schema()", returns="a JSON Schema, as a dict"),
        hint="Two objects, each with 'type': 'object', 'required': [every key] and "
        "'additionalProperties': False; counts and money are {'type': 'integer', 'minimum': 0}; "
        "'items': {'type': 'array', 'items': <the product schema>}; sku gets 'minLength': 1.",
        timeout=20.0,
    ),
    TestExercise(
        id="05.3",
        title="Tests for the product CRUD contract",
        fixture="api",
        provide=f"{_C}:provide_api",
        given=("test_duplicate_and_bad_body",),
        reference=f"{_C}:Reference",
        hint="Follow one product through POST, GET, PUT, DELETE and GET, checking each status "
        "code and the row in the database (api.row); then one test per error: PUT of a missing "
        "SKU, PUT without stock, and every write without a token and with a wrong one.",
        timeout=20.0,
        variants=(
            Variant(
                "put-creates-missing",
                "PUT means 'put it there': if the product is missing, create it.",
                "PUT a SKU that does not exist: expect 404 and no row (api.row(sku) is None).",
                f"{_C}:put_creates_missing",
            ),
            Variant(
                "put-wipes-omitted",
                "A field the client leaves out of a PUT can take its default (stock 0).",
                "PUT a body without 'stock' to an existing product: expect 400 and the stock "
                "unchanged in the database.",
                f"{_C}:put_wipes_omitted",
            ),
            Variant(
                "auth-only-on-post",
                "Creating is the only write worth guarding; PUT and DELETE come from the same "
                "trusted clients.",
                "Send PUT and DELETE without the Authorization header: expect 401 and the row "
                "untouched.",
                f"{_C}:auth_only_on_post",
            ),
            Variant(
                "401-403-swapped",
                "401 and 403 both mean 'not allowed'; which one you send does not matter.",
                "No Authorization header at all -> 401 (who are you?); a wrong token -> 403 "
                "(you may not). Test both, with exact codes.",
                f"{_C}:auth_statuses_swapped",
            ),
            Variant(
                "cached-reads",
                "A module-level cache of GET answers is harmless: products rarely change.",
                "After a PUT, GET must show the new values; after a DELETE, GET must be 404. "
                "Read back through the API, not only in the database.",
                f"{_C}:cached_reads",
            ),
        ),
    ),
    TestExercise(
        id="05.4",
        title="Pagination tests over real HTTP",
        fixture="shop",
        provide=f"{_P}:provide_shop",
        reference=f"{_P}:Reference",
        hint="Store 5 products whose names are not in SKU order, walk all pages with limit=2 "
        "over HTTP and compare the SKUs you collected with sorted(all SKUs); check every page's "
        "length and total; ask for limit=101.",
        timeout=20.0,
        variants=(
            Variant(
                "skips-one",
                "offset is the index of the last item the client has already seen.",
                "Walk every page with a small limit (5 products, limit=2) and expect every SKU "
                "exactly once: this version loses one per page after the first.",
                f"{_P}:skips_one",
            ),
            Variant(
                "inclusive-end",
                "The end of a page is inclusive: items[offset : offset + limit + 1].",
                "Check that no page holds more than `limit` items and no SKU comes twice when "
                "you walk all pages.",
                f"{_P}:inclusive_end",
            ),
            Variant(
                "total-of-page",
                "`total` is how many items this answer holds.",
                "With 5 products and limit=2, every page must say total == 5.",
                f"{_P}:total_of_page",
            ),
            Variant(
                "sorts-each-page",
                "If every page is sorted, the list is sorted.",
                "Give the products names in another order than their SKUs, walk all pages and "
                "compare the concatenated SKUs with sorted(skus).",
                f"{_P}:sorts_each_page",
            ),
            Variant(
                "no-max-limit",
                "Clients ask for sensible page sizes; no need for a maximum.",
                "Ask for limit=101 (the maximum is 100): expect 400 with a JSON error.",
                f"{_P}:no_max_limit",
            ),
        ),
    ),
]
