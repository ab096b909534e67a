"""Lesson 12 keeps its promises: the topics are in the notebook; the returns feature behaves as
taught on real PostgreSQL, Redis, broker and files; every variant of 12.3 and 12.4 shows its bug
where its hint says (and the reference does not); every capstone bug names an earlier lesson; the
capstone suite is written out for the pyramid as the lesson says."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest

from course_lib.checks import registry
from course_lib.lessons.l12_capstone import ex3_credit_note_tests as notes
from course_lib.lessons.l12_capstone import ex4_capstone_tests as capstone
from course_lib.lessons.l12_capstone.harness import provide_shop
from course_lib.lessons.l12_capstone.suite import capstone_tests, write_suite
from course_lib.shop.returns import CreditNote, credit_note_text, write_credit_note

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "12-capstone.ipynb"
NOTE = CreditNote(42, 17, 2500, datetime(2026, 3, 29, 23, 30, tzinfo=UTC))


def _text() -> str:
    return "\n".join(c.source for c in nbformat.read(LESSON, as_version=4).cells)


@pytest.mark.parametrize(
    "topic",
    [
        "Predict, then run",
        "smtp_server",
        "redis_client",
        "broker.unique",
        "db_sessionmaker",
        "tmp_path",
        "show_progress()",
        "measure(",
        "plot_pyramid(",
        "11-pyramid-and-ci.ipynb",
        "../README.md#course-map",
        "../exercises/12-capstone.ipynb",
        "Missed bugs come from lessons",
    ],
)
def test_notebook_teaches(topic):
    assert topic in _text()


def test_every_capstone_bug_names_its_lesson_and_the_families_are_covered():
    ex = registry.get("12.4")
    assert len(ex.variants) >= 8
    assert all(v.lesson and v.misconception and v.hint for v in ex.variants)
    lessons = {v.lesson.split()[0] for v in ex.variants}
    assert lessons >= {"03", "04", "05", "06", "07", "08", "09", "10"}


@pytest.fixture
def make_shop(request):
    """make_shop(impl) -> a ReturnsShop over impl (the check's own fixture code)."""

    def make(impl=capstone.Reference):
        return next(provide_shop(impl, request))

    return make


def _return(shop, order_id):
    return shop.client.post(f"/orders/{order_id}/returns")


def _happy(shop):
    order_id = shop.paid_order(quantity=2, price_cents=1250, stock=5)
    shop.get_order(order_id)  # cached before the return
    answer = _return(shop, order_id)
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["created_at"] == shop.now.isoformat()
    assert shop.refunds == [(order_id, 2500)]
    assert (shop.status(order_id), shop.stock(shop.sku_of(order_id))) == ("returned", 7)
    assert shop.get_order(order_id).status == "returned"
    text = shop.credit_note(body["id"]).read_text(encoding="utf-8")
    assert "Refund: €25.00" in text and "Date: 2026-03-29" in text


def _provider_fails(shop):
    order_id = shop.paid_order(stock=5)
    shop.gateway.fail()
    assert _return(shop, order_id).status_code == 503
    assert (shop.status(order_id), shop.stock(shop.sku_of(order_id))) == ("paid", 5)
    assert shop.refunds == [] and shop.events() == []
    shop.gateway.recover()
    assert _return(shop, order_id).status_code == 201


def _twice(shop):
    order_id = shop.paid_order(stock=5)
    assert _return(shop, order_id).status_code == 201
    assert _return(shop, order_id).status_code == 409
    assert len(shop.refunds) == 1 and shop.stock(shop.sku_of(order_id)) == 7


def _pages(shop):
    ids = [_return(shop, shop.paid_order()).get_json()["id"] for _ in range(3)]
    first = shop.client.get("/returns?page=1&per_page=2").get_json()
    second = shop.client.get("/returns?page=2&per_page=2").get_json()
    assert [r["id"] for r in first["items"] + second["items"]] == ids
    assert first["total"] == 3
    assert shop.client.get("/returns?page=0").status_code == 400


def _mail_once(shop):
    order_id = shop.paid_order()
    _return(shop, order_id)
    (event,) = shop.events()
    assert event["email"] == shop.email_of(order_id) and event["amount_cents"] == 2500
    assert [shop.deliver(event), shop.deliver(event)] == [True, False]
    assert len(shop.mails) == 1


PROBES = {
    "refund-after-commit": _provider_fails,
    "refund-error-swallowed": _provider_fails,
    "status-codes": _twice,
    "page-off-by-one": _pages,
    "refund-in-euros": _happy,
    "note-in-cp1252": _happy,
    "mail-on-every-delivery": _mail_once,
    "stale-order-cache": _happy,
    "refunds-twice": _twice,
    "server-clock": _happy,
}


@pytest.mark.parametrize("probe", sorted(set(PROBES.values()), key=lambda f: f.__name__))
def test_reference_keeps_each_promise(make_shop, probe):
    probe(make_shop())


@pytest.mark.parametrize("variant", registry.get("12.4").variants, ids=lambda v: v.id)
def test_each_capstone_variant_breaks_its_promise(make_shop, variant):
    impl = getattr(capstone, variant.impl.split(":")[1])
    with pytest.raises((AssertionError, UnicodeDecodeError)):
        PROBES[variant.id](make_shop(impl))


def test_a_shop_app_is_built_once_per_implementation_and_serves_the_latest_shop(make_shop):
    """The harness reuses one Flask app per implementation; each new shop's service is the one
    its client reaches, and a variant with its own app factory keeps it."""
    first = make_shop()
    second = make_shop()
    assert second.client.application is first.client.application
    order_id = second.paid_order()
    assert _return(second, order_id).status_code == 201
    assert second.refunds == [(order_id, 2500)] and first.refunds == []
    codes = make_shop(capstone.StatusCodes)
    assert codes.client.application is not first.client.application
    assert _return(codes, codes.paid_order()).status_code == 200


def test_each_shop_gets_a_new_credit_note_folder(make_shop):
    first, second = make_shop(), make_shop()
    assert first.credit_dir != second.credit_dir
    assert list(first.credit_dir.iterdir()) == list(second.credit_dir.iterdir()) == []


def _file_promises(write, folder: Path):
    path = write(folder, NOTE)
    assert path.read_bytes() == credit_note_text(NOTE).encode("utf-8")
    assert [p.name for p in folder.iterdir()] == ["credit-note-000042.txt"]
    with pytest.raises(FileExistsError):
        write(folder, NOTE)


def test_credit_note_writer_keeps_its_promises(tmp_path):
    _file_promises(write_credit_note, tmp_path)


@pytest.mark.parametrize("variant", registry.get("12.3").variants, ids=lambda v: v.id)
def test_each_note_variant_breaks_a_promise(tmp_path, variant):
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        _file_promises(getattr(notes, variant.impl.split(":")[1]), tmp_path)


def test_capstone_suite_is_written_out_without_the_stub(tmp_path):
    root = tmp_path / "root"
    (root / "exercises").mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / "12-capstone.ipynb", root / "exercises")
    source = capstone_tests(root)  # no my-work/ copy: the course's exercises/ copy
    tmp_path = tmp_path / "suite"
    tmp_path.mkdir()
    assert "def test_return_refunds_and_restocks(shop)" in source
    assert "\nraise NotImplementedError" not in source
    write_suite(source, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "conftest.py",
        "pytest.ini",
        "test_capstone.py",
    ]
    compile(source, "test_capstone.py", "exec")
