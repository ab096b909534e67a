"""Exercise 05.4: pagination tests over real HTTP (a live server) on PostgreSQL.

The reference is the shop's create_app: GET /products?limit=&offset= answers
{"items": [...], "total": n, "limit": ..., "offset": ...}, items in SKU order, limit at most 100
(above: 400). Each variant replaces the list view with one that looks right on the first page.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import jsonify

from course_lib.lessons.l05_api_testing.wiring import LiveShop, app_on_postgres, empty_shop_session
from course_lib.shop.api import _int_arg, create_app

Reference = create_app


def provide_shop(impl, request):
    """Fixture `shop`: impl's app served by a live server, over the SAVEPOINT session."""
    session = empty_shop_session(request)
    server = request.getfixturevalue("live_server")(app_on_postgres(impl, session))
    yield LiveShop(url=server.url, session=session)


def _with_list_view(config, products, deps, page_of, max_limit=True):
    """create_app(...) whose list view cuts pages with page_of(items, limit, offset)."""
    app = create_app(config, products=products, **deps)

    def list_products():
        limit = _int_arg("limit", 20, app.config["MAX_PAGE_SIZE"] if max_limit else None)
        offset = _int_arg("offset", 0)
        items = products.list()
        page, total = page_of(items, limit, offset)
        return jsonify(items=[asdict(p) for p in page], total=total, limit=limit, offset=offset)

    app.view_functions["list_products"] = list_products
    return app


def skips_one(config=None, *, products, **deps):
    """Bug: treats offset as the index of the last item the client saw: one item lost per page."""

    def page_of(items, limit, offset):
        start = offset + 1 if offset else 0
        return items[start : start + limit], len(items)

    return _with_list_view(config, products, deps, page_of)


def inclusive_end(config=None, *, products, **deps):
    """Bug: the slice end is taken as inclusive: limit + 1 items, the last one again next page."""

    def page_of(items, limit, offset):
        return items[offset : offset + limit + 1], len(items)

    return _with_list_view(config, products, deps, page_of)


def total_of_page(config=None, *, products, **deps):
    """Bug: `total` counts the items of this page, not of the whole list."""

    def page_of(items, limit, offset):
        page = items[offset : offset + limit]
        return page, len(page)

    return _with_list_view(config, products, deps, page_of)


def sorts_each_page(config=None, *, products, **deps):
    """Bug: pages are cut from a list in name order, then each page is sorted by SKU: every page
    looks sorted, the whole list is not."""

    def page_of(items, limit, offset):
        by_name = sorted(items, key=lambda p: p.name)
        return sorted(by_name[offset : offset + limit], key=lambda p: p.sku), len(items)

    return _with_list_view(config, products, deps, page_of)


def no_max_limit(config=None, *, products, **deps):
    """Bug: any limit is accepted, so one request can ask for the whole table."""

    def page_of(items, limit, offset):
        return items[offset : offset + limit], len(items)

    return _with_list_view(config, products, deps, page_of, max_limit=False)
