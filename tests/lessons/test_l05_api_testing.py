"""Lesson 05 keeps its promises: the topics are in the notebook, the shop's API keeps the contract
the lesson teaches (on PostgreSQL, through the test client and over real HTTP), ShopClient works
against a live server, and every buggy variant of exercises 05.3 and 05.4 really shows its bug
where the lesson's hint says (and passes a happy-path test, else it teaches nothing)."""

from __future__ import annotations

import threading
from pathlib import Path

import nbformat
import pytest
import requests
from flask import Flask, jsonify

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l05_api_testing import ex3_crud_tests as crud
from course_lib.lessons.l05_api_testing import ex4_pagination_tests as pages
from course_lib.lessons.l05_api_testing.wiring import AUTH, TOKEN
from course_lib.shop.api import create_app
from course_lib.shop.api_client import (
    ApiError,
    Forbidden,
    NotFoundError,
    ShopClient,
    Unauthorized,
)
from course_lib.shop.repositories.memory import InMemoryProductRepository

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "05-api-testing.ipynb"
MUG = {"sku": "A1", "name": "Mug", "price_cents": 1250, "stock": 5}
NAMES = {"A1": "Zither", "B2": "Yoyo", "C3": "Xylophone", "D4": "Whistle", "E5": "Viola"}


def _text() -> str:
    return "\n".join(c.source for c in nbformat.read(LESSON, as_version=4).cells)


@pytest.mark.parametrize(
    "needle",
    [
        "test_client()",
        "live_server(",
        "db_session",
        "SqlAlchemyProductRepository",
        'headers["Location"]',
        "204",
        "401",
        "403",
        "409",
        "WWW-Authenticate",
        "no gap, no overlap",
        "Draft202012Validator",
        "schemathesis.openapi.from_dict",
        "call_and_validate",
        "ShopClient",
        "Predict, then run",
        "keyset",
    ],
)
def test_lesson_covers(needle):
    assert needle in _text(), f"lesson 05 no longer shows {needle!r}"


# --- the shop's API on PostgreSQL --------------------------------------------------------------


def _build(factory, request):
    """The 05.3 fixture value for `factory`, as the check builds it."""
    return next(crud.provide_api(factory, request))


@pytest.fixture
def api(request):
    return _build(create_app, request)


def test_round_trip_on_postgres(api):
    created = api.client.post("/products", json=MUG, headers=api.auth)
    assert (created.status_code, created.headers["Location"]) == (201, "/products/A1")
    assert api.row("A1") == ("Mug", 1250, 5)
    assert api.client.put(
        "/products/A1", json={**MUG, "stock": 1}, headers=api.auth
    ).json == MUG | {"stock": 1}
    deleted = api.client.delete("/products/A1", headers=api.auth)
    assert (deleted.status_code, deleted.data, api.row("A1")) == (204, b"", None)


def test_put_needs_every_field_and_an_existing_product(api):
    api.add("A1", "Mug", 1250, 5)
    partial = api.client.put("/products/A1", json={"name": "Mug", "price_cents": 1}, headers=AUTH)
    assert (partial.status_code, api.row("A1")) == (400, ("Mug", 1250, 5))
    assert "stock" in partial.json["error"]
    missing = api.client.put("/products/B2", json=MUG, headers=AUTH)
    assert (missing.status_code, api.row("B2")) == (404, None)


@pytest.mark.parametrize(
    "body",
    [
        {**MUG, "name": {}},
        {**MUG, "name": ""},
        {**MUG, "sku": 7},
        {**MUG, "price_cents": -1},
        {**MUG, "stock": -3},
        {**MUG, "name": "x" * 101},
        {**MUG, "sku": "S" * 33},
    ],
    ids=[
        "name-object",
        "name-empty",
        "sku-int",
        "negative-price",
        "negative-stock",
        "name-too-long",
        "sku-too-long",
    ],
)
def test_bad_fields_are_400_not_stored(api, body):
    response = api.client.post("/products", json=body, headers=AUTH)
    assert response.status_code == 400 and isinstance(response.json["error"], str)
    assert api.row("A1") is None and api.row("7") is None and api.row("S" * 33) is None


def test_401_says_how_to_authenticate_and_405_says_what_is_allowed(api):
    unauthenticated = api.client.post("/products", json=MUG)
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["WWW-Authenticate"] == "Bearer"
    assert (
        api.client.post("/products", json=MUG, headers={"Authorization": "Bearer x"}).status_code
        == 403
    )
    not_allowed = api.client.put("/products", json=MUG)
    assert not_allowed.status_code == 405 and not_allowed.is_json
    assert set(not_allowed.headers["Allow"].split(", ")) >= {"GET", "POST"}


# --- ShopClient over a live server --------------------------------------------------------------


@pytest.fixture
def live_shop(request):
    return next(pages.provide_shop(create_app, request))


def test_client_crud_and_errors(live_shop):
    with ShopClient(live_shop.url, token=TOKEN, timeout=5) as shop:
        assert shop.create(MUG) == MUG
        assert live_shop.row("A1") == ("Mug", 1250, 5)
        assert shop.update("A1", {**MUG, "stock": 2})["stock"] == 2
        assert shop.get("A1")["stock"] == 2
        with pytest.raises(ApiError, match="409") as taken:
            shop.create(MUG)
        assert taken.value.status == 409 and "already exists" in taken.value.error
        shop.delete("A1")
        with pytest.raises(NotFoundError) as missing:
            shop.get("A1")
        assert missing.value.status == 404 and live_shop.row("A1") is None
    with ShopClient(live_shop.url, timeout=5) as anonymous, pytest.raises(Unauthorized):
        anonymous.create(MUG)
    with ShopClient(live_shop.url, token="guess", timeout=5) as wrong, pytest.raises(Forbidden):
        wrong.create(MUG)


def test_client_walks_pages_lazily(live_shop):
    for sku, name in NAMES.items():
        live_shop.add(sku, name, 100, 1)
    calls = []
    with ShopClient(live_shop.url, timeout=5) as shop:
        shop.http.hooks["response"].append(lambda response, **_: calls.append(response.url))
        walk = shop.iter_products(page_size=2)
        assert next(walk)["sku"] == "A1" and len(calls) == 1  # one page fetched, not all
        assert [p["sku"] for p in walk] == ["B2", "C3", "D4", "E5"]
        assert len(calls) == 3  # 2 + 2 + 1: it stops on `total`, without an empty 4th page
        assert list(shop.iter_products(page_size=100))[-1]["sku"] == "E5"
        with pytest.raises(ValueError, match="page_size"):
            next(shop.iter_products(page_size=0))
        with pytest.raises(ApiError, match="400"):
            next(shop.iter_products(page_size=101))


def test_client_times_out(live_server):
    """A server that does not answer: the client's timeout ends the call (no wall-clock assert)."""
    release = threading.Event()
    stalled = Flask("stalled")

    @stalled.get("/products/<sku>")
    def never(sku):
        release.wait(10)
        return jsonify(error="too late"), 503

    server = live_server(stalled)
    try:
        with ShopClient(server.url, timeout=0.2) as shop, pytest.raises(requests.Timeout):
            shop.get("A1")
    finally:
        release.set()


# --- the variants show their bugs ---------------------------------------------------------------


def test_every_variant_passes_the_happy_path(request):
    """POST then GET works on every 05.3 variant: the bugs hide behind a happy path."""
    for factory in (
        crud.put_creates_missing,
        crud.put_wipes_omitted,
        crud.auth_only_on_post,
        crud.auth_statuses_swapped,
        crud.cached_reads,
    ):
        crud._CACHE.clear()
        api = _build(factory, request)
        api.client.delete("/products/HP", headers=AUTH)  # may exist from the previous round
        created = api.client.post("/products", json={**MUG, "sku": "HP"}, headers=AUTH)
        assert created.status_code == 201, factory.__name__
        assert api.client.get("/products/HP").json == {**MUG, "sku": "HP"}, factory.__name__
    crud._CACHE.clear()


def test_put_creates_missing(request):
    api = _build(crud.put_creates_missing, request)
    response = api.client.put("/products/B2", json={**MUG, "sku": "B2"}, headers=AUTH)
    assert (response.status_code, api.row("B2")) == (200, ("Mug", 1250, 5))


def test_put_wipes_omitted(request):
    api = _build(crud.put_wipes_omitted, request)
    api.add("A1", "Mug", 1250, 5)
    response = api.client.put("/products/A1", json={"name": "Mug", "price_cents": 1}, headers=AUTH)
    assert (response.status_code, api.row("A1")) == (200, ("Mug", 1, 0))


def test_auth_only_on_post(request):
    api = _build(crud.auth_only_on_post, request)
    api.add("A1", "Mug", 1250, 5)
    assert api.client.post("/products", json={**MUG, "sku": "B2"}).status_code == 401
    assert api.client.put("/products/A1", json={**MUG, "stock": 0}).status_code == 200
    assert api.client.delete("/products/A1").status_code == 204
    assert api.row("A1") is None


def test_auth_statuses_swapped(request):
    api = _build(crud.auth_statuses_swapped, request)
    assert api.client.post("/products", json=MUG).status_code == 403
    wrong = {"Authorization": "Bearer guess"}
    assert api.client.post("/products", json=MUG, headers=wrong).status_code == 401


def test_cached_reads_are_stale_and_shared_between_apps(request):
    crud._CACHE.clear()
    try:
        api = _build(crud.cached_reads, request)
        api.client.post("/products", json=MUG, headers=AUTH)
        assert api.client.get("/products/A1").json["stock"] == 5
        api.client.put("/products/A1", json={**MUG, "stock": 1}, headers=AUTH)
        assert api.row("A1") == ("Mug", 1250, 1)
        assert api.client.get("/products/A1").json["stock"] == 5  # stale
        api.client.delete("/products/A1", headers=AUTH)
        assert api.client.get("/products/A1").status_code == 200  # deleted, still served
        empty = InMemoryProductRepository()
        other = crud.cached_reads({"API_TOKEN": TOKEN}, products=empty).test_client()  # new app
        assert other.get("/products/A1").status_code == 200  # module-global state
    finally:
        crud._CACHE.clear()


def _walk(url, limit=2, offsets=(0, 2, 4)):
    got = [
        requests.get(url + "/products", params={"limit": limit, "offset": o}, timeout=10).json()
        for o in offsets
    ]
    return got, [item["sku"] for page in got for item in page["items"]]


def _stocked(factory, request):
    shop = next(pages.provide_shop(factory, request))
    for sku, name in NAMES.items():
        shop.add(sku, name, 100, 1)
    return shop


def test_reference_pages(request):
    shop = _stocked(create_app, request)
    got, skus = _walk(shop.url)
    assert skus == sorted(NAMES) and {p["total"] for p in got} == {5}
    assert requests.get(shop.url + "/products?limit=101", timeout=10).status_code == 400


@pytest.mark.parametrize(
    ("factory", "first_page_fine", "symptom"),
    [
        (pages.skips_one, True, lambda got, skus: skus == ["A1", "B2", "D4", "E5"]),
        (pages.inclusive_end, False, lambda got, skus: skus[:4] == ["A1", "B2", "C3", "C3"]),
        (pages.total_of_page, True, lambda got, skus: [p["total"] for p in got] == [2, 2, 1]),
        (
            pages.sorts_each_page,
            False,
            lambda got, skus: (
                skus == ["D4", "E5", "B2", "C3", "A1"]
                and all(p["items"] == sorted(p["items"], key=lambda i: i["sku"]) for p in got)
            ),
        ),
    ],
    ids=["skips-one", "inclusive-end", "total-of-page", "sorts-each-page"],
)
def test_pagination_variant_shows_its_bug(request, factory, first_page_fine, symptom):
    shop = _stocked(factory, request)
    got, skus = _walk(shop.url)
    assert symptom(got, skus), (factory.__name__, got)
    first = [i["sku"] for i in got[0]["items"]]
    assert (first == ["A1", "B2"]) is first_page_fine


def test_no_max_limit(request):
    shop = _stocked(pages.no_max_limit, request)
    response = requests.get(shop.url + "/products?limit=101", timeout=10)
    assert response.status_code == 200 and response.json()["total"] == 5


def test_catalog_names_every_variant_defined_here():
    for ex_id, module in (("05.3", crud), ("05.4", pages)):
        exercise = registry.get(ex_id)
        assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 4
        for variant in exercise.variants:
            assert callable(getattr(module, variant.impl.split(":")[1])), variant.id
