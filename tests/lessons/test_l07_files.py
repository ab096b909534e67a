"""Lesson 07 keeps its promises: the topics are in the notebook; every buggy file store of 07.3
and every CSV import/export of 07.4 shows its bug exactly where the workbook says (and only
there); the shop's file code (atomic writes, the store, the product CSV import/export, the order
exports) works on real files and the real PostgreSQL, including after a real crash mid-write."""

from __future__ import annotations

import csv
import gc
import json
import os
import re
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l07_files import ex3_store_tests as stores
from course_lib.lessons.l07_files import ex4_products_csv_tests as files
from course_lib.shop import db
from course_lib.shop.db import OrderLineRow, OrderRow, ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.files import orders_export, products_csv
from course_lib.shop.files.atomic import atomic_write, atomic_write_text
from course_lib.shop.files.store import FileStore, safe_path
from course_lib.shop.inventory import upsert_products
from course_lib.shop.models import Order, OrderLine, Product

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "07-files.ipynb"
HEADER = ["sku", "name", "price_cents", "stock"]


def _text(kind: str | None = None) -> str:
    cells = nbformat.read(LESSON, as_version=4).cells
    return "\n".join(c.source for c in cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize(
    "needle",
    [
        "tmp_path_factory",
        'encoding="utf-8"',
        'newline=""',
        "warn_default_encoding",
        "os.replace",
        "os._exit",
        "geteuid",
        "skipif",
        "ResourceWarning",
        "is_relative_to",
        "monkeypatch.setenv",
        "time_machine.move_to",
        "def test_the_store_on_a_fake_file_system(fs)",
        "sqlite3.connect",
        "Predict, then run",
    ],
)
def test_lesson_covers(needle):
    assert needle in _text(), f"lesson 07 no longer shows {needle!r}"


def test_lesson_does_not_sleep():
    assert not re.search(r"\btime\.sleep\(|^\s*sleep\(", _text("code"), re.M)


@pytest.mark.parametrize("exercise_id", ["07.3", "07.4"])
def test_test_check_has_enough_variants(exercise_id):
    exercise = registry.get(exercise_id)
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 4


def _write_csv(path: Path, rows, encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


# --- 07.3: each buggy store behaves well until its bug is touched --------------------------------

STORES = ["EscapesRoot", "ListsFolders", "MkdirWithoutParents", "NotAtomic", "MissingReadsEmpty"]


@pytest.mark.parametrize("variant", STORES)
def test_buggy_stores_save_and_read_like_the_real_one(variant, tmp_path):
    """The given starter test passes on every variant: it cannot tell them apart."""
    store = getattr(stores, variant)(tmp_path / "store")
    store.save("a.txt", "Café\n")
    assert store.read("a.txt") == "Café\n"
    assert (store.root / "a.txt").read_bytes() == "Café\n".encode()


def test_escapes_root_writes_outside(tmp_path):
    stores.EscapesRoot(tmp_path / "store").save("../escaped.txt", "x")
    assert (tmp_path / "escaped.txt").read_text(encoding="utf-8") == "x"
    with pytest.raises(ValueError):
        FileStore(tmp_path / "store").save("../other.txt", "x")


def test_lists_folders_lists_the_folder(tmp_path):
    for impl, want in [
        (stores.ListsFolders, ["a.txt", "reports", "reports/may.csv"]),
        (FileStore, ["a.txt", "reports/may.csv"]),
    ]:
        store = impl(tmp_path / impl.__name__)
        store.save("reports/may.csv", "x")
        store.save("a.txt", "y")
        assert store.list_files() == want


def test_mkdir_without_parents_fails_two_folders_deep(tmp_path):
    store = stores.MkdirWithoutParents(tmp_path / "store")
    store.save("reports/may.csv", "one folder deep works")
    with pytest.raises(FileNotFoundError):
        store.save("archive/2026/may.csv", "two folders deep does not")


def test_not_atomic_empties_the_file_on_failure(tmp_path):
    for impl, left in [(stores.NotAtomic, ""), (FileStore, "old")]:
        store = impl(tmp_path / impl.__name__)
        store.save("a.txt", "old")
        with pytest.raises(UnicodeEncodeError):
            store.save("a.txt", "new\ud800")
        assert store.read("a.txt") == left


def test_missing_reads_empty(tmp_path):
    assert stores.MissingReadsEmpty(tmp_path / "store").read("missing.txt") == ""


# --- 07.4: each buggy CSV import/export on real files and PostgreSQL ---------------------------


@pytest.fixture
def pg(engine, db_session):
    """The plugin's SAVEPOINT session with the shop schema and no products (rolled back)."""
    db.create_schema(engine)
    for row in (OrderLineRow, OrderRow, ProductRow):
        db_session.execute(delete(row))
    return db_session


CSV_VARIANTS = [
    "PlatformEncoding",
    "NewlineOnRead",
    "HalfApplies",
    "NeverClosed",
    "BomBreaksHeader",
]


@pytest.mark.integration
@pytest.mark.parametrize("variant", CSV_VARIANTS)
def test_csv_variants_round_trip_plain_data(variant, pg, tmp_path):
    """With ASCII names, no line breaks and a good file, every variant looks correct."""
    impl = getattr(files, variant)(pg)
    impl.add("A1", "Mug", 1250, stock=3)
    impl.add("B2", "Pen", 199)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        impl.export(tmp_path / "p.csv")
        gc.collect()
    pg.execute(delete(ProductRow))
    assert impl.load(tmp_path / "p.csv") == 2
    assert impl.products() == [("A1", "Mug", 1250, 3), ("B2", "Pen", 199, 0)]


@pytest.mark.integration
def test_platform_encoding_writes_cp1252(pg, tmp_path):
    impl = files.PlatformEncoding(pg)
    impl.add("A1", "Café", 1250)
    impl.export(tmp_path / "p.csv")
    assert b"Caf\xe9" in (tmp_path / "p.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        impl.load(tmp_path / "p.csv")


@pytest.mark.integration
def test_newline_on_read_changes_the_name(pg, tmp_path):
    impl = files.NewlineOnRead(pg)
    impl.add("A1", "Mug\r\nlimited", 1250)
    impl.export(tmp_path / "p.csv")
    impl.load(tmp_path / "p.csv")
    assert impl.products() == [("A1", "Mug\nlimited", 1250, 0)]


@pytest.mark.integration
def test_half_applies_keeps_the_rows_before_the_bad_one(pg, tmp_path):
    path = _write_csv(tmp_path / "p.csv", [["A1", "Mug", "1250", "3"], ["B2", "Pen", "12.50", "1"]])
    for impl, left in [(files.HalfApplies, [("A1", "Mug", 1250, 3)]), (files.ProductFiles, [])]:
        with pytest.raises(InvalidInput, match="line 3"):
            impl(pg).load(path)
        assert impl(pg).products() == left
        pg.execute(delete(ProductRow))


@pytest.mark.integration
def test_never_closed_writes_everything_and_leaks(pg, tmp_path):
    impl = files.NeverClosed(pg)
    impl.add("A1", "Mug", 1250)
    with pytest.warns(ResourceWarning, match="unclosed file"):
        impl.export(tmp_path / "p.csv")
        gc.collect()
    assert (tmp_path / "p.csv").read_bytes() == b"sku,name,price_cents,stock\r\nA1,Mug,1250,0\r\n"


@pytest.mark.integration
def test_bom_breaks_the_header(pg, tmp_path):
    path = _write_csv(tmp_path / "p.csv", [["A1", "Mug", "1250", "3"]], encoding="utf-8-sig")
    with pytest.raises(InvalidInput, match="lacks"):
        files.BomBreaksHeader(pg).load(path)
    assert files.ProductFiles(pg).load(path) == 1


# --- the shop: atomic writes -------------------------------------------------------------------


def test_atomic_write_creates_and_replaces(tmp_path):
    path = tmp_path / "a.txt"
    atomic_write_text(path, "Crème\n")
    assert path.read_bytes() == "Crème\n".encode()
    assert (path.stat().st_mode & 0o777) == 0o644
    path.chmod(0o600)
    atomic_write_text(path, "short")
    assert path.read_text(encoding="utf-8") == "short"
    assert (path.stat().st_mode & 0o777) == 0o600, "an existing file keeps its permission bits"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_atomic_write_failure_keeps_old_and_cleans_up(tmp_path):
    path = tmp_path / "a.txt"
    atomic_write_text(path, "old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(path, "new\ud800")

    def interrupted(file):
        file.write("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, interrupted)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


_CRASH = """
import os, sys
from course_lib.shop.files.atomic import atomic_write
def half(file):
    file.write("x" * 5000)
    file.flush()
    os._exit(137)
if sys.argv[2] == "plain":
    with open(sys.argv[1], "w", encoding="utf-8") as file:
        half(file)
else:
    atomic_write(sys.argv[1], half)
"""


@pytest.mark.parametrize(
    ("how", "left", "others"), [("plain", "x" * 5000, 0), ("atomic", "old", 1)]
)
def test_a_process_killed_mid_write(tmp_path, how, left, others):
    """What the lesson's part 3 shows: a plain write leaves half a file, an atomic one the old."""
    path = tmp_path / "prices.txt"
    path.write_text("old", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", _CRASH, str(path), how], check=False)
    assert run.returncode == 137
    assert path.read_text(encoding="utf-8") == left
    assert len(list(tmp_path.iterdir())) == 1 + others  # the orphaned temporary file


# --- the shop: the file store ------------------------------------------------------------------


def test_store_save_read_list_delete(tmp_path):
    store = FileStore(tmp_path / "store")
    assert store.list_files() == []
    store.save("b.txt", "2")
    store.save("reports/2026/may.csv", "sku\n")
    store.save("a.txt", "Café")
    assert store.list_files() == ["a.txt", "b.txt", "reports/2026/may.csv"]
    assert store.read("a.txt") == "Café"
    store.delete("b.txt")
    assert store.list_files() == ["a.txt", "reports/2026/may.csv"]
    with pytest.raises(FileNotFoundError):
        store.delete("b.txt")
    with pytest.raises(FileNotFoundError):
        store.read("b.txt")


@pytest.mark.parametrize(
    "name", ["", ".", "../x", "a/../../x", "/etc/passwd", "../store-evil/x", "out/x"]
)
def test_store_refuses_names_outside(tmp_path, name):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "out").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(ValueError):
        FileStore(tmp_path / "store").save(name, "x")
    with pytest.raises(ValueError):
        safe_path(tmp_path / "store", name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_safe_path_normalises_inside_names(tmp_path):
    assert safe_path(tmp_path, "a/../b.txt") == tmp_path / "b.txt"
    assert safe_path(str(tmp_path), "v1..2.txt") == tmp_path / "v1..2.txt"


# --- the shop: product CSV import/export on PostgreSQL ------------------------------------------


def _stored(session) -> list[tuple]:
    session.expire_all()
    query = select(ProductRow.sku, ProductRow.name, ProductRow.price_cents, ProductRow.stock)
    return [tuple(r) for r in session.execute(query.order_by(ProductRow.sku))]


@pytest.mark.integration
def test_import_upserts_keeping_stock_and_last_row_wins(pg, tmp_path):
    pg.add(ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5))
    pg.flush()
    rows = [
        ["A1", "Big mug", "1300", "0"],
        ["C3", "Cup", "500", "2"],
        ["C3", "Big cup", "650", "2"],
    ]
    path = _write_csv(tmp_path / "feed.csv", rows, encoding="utf-8-sig")
    assert products_csv.import_products(pg, path) == 2
    assert _stored(pg) == [("A1", "Big mug", 1300, 5), ("C3", "Big cup", 650, 2)]


@pytest.mark.integration
@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["", "Mug", "1", "1"], "sku"),
        (["B2", " ", "1", "1"], "name"),
        (["B2", "Pen", "-5", "1"], "price_cents"),
        (["B2", "Pen", "1", "²"], "stock"),
        (["B2", "x" * 101, "1", "1"], "name"),
    ],
)
def test_import_refuses_bad_rows_and_applies_nothing(pg, tmp_path, row, message):
    path = _write_csv(tmp_path / "feed.csv", [["A1", "Mug", "1250", "3"], row])
    with pytest.raises(InvalidInput, match=f"line 3: {message}"):
        products_csv.import_products(pg, path)
    assert _stored(pg) == []


@pytest.mark.integration
def test_import_rolls_back_a_database_error_to_its_savepoint(pg, tmp_path):
    pg.add(ProductRow(sku="Z9", name="Lamp", price_cents=4999, stock=1))
    pg.flush()
    path = _write_csv(
        tmp_path / "feed.csv", [["A1", "Mug", "1250", "3"], ["B2", "Pen", "9" * 12, "1"]]
    )
    with pytest.raises(DBAPIError, match="out of range"):
        products_csv.import_products(pg, path)
    assert _stored(pg) == [("Z9", "Lamp", 4999, 1)]  # the session is still usable


@pytest.mark.integration
def test_import_needs_the_header(pg, tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("sku,name,price\r\nA1,Mug,1\r\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="lacks"):
        products_csv.import_products(pg, path)


@pytest.mark.integration
def test_export_is_sorted_utf8_csv(pg, tmp_path):
    pg.add_all(
        [
            ProductRow(sku="B2", name="Thé\r\nvert", price_cents=300, stock=2),
            ProductRow(sku="A1", name="Mug", price_cents=1250, stock=0),
        ]
    )
    pg.flush()
    path = products_csv.export_products(pg, tmp_path / "p.csv")
    assert path.read_bytes() == (
        'sku,name,price_cents,stock\r\nA1,Mug,1250,0\r\nB2,"Thé\r\nvert",300,2\r\n'.encode()
    )


@pytest.mark.integration
def test_upsert_products_repeating_a_sku_on_postgresql(pg):
    """The fixed inventory.upsert_products: one call naming a SKU twice keeps the last entry."""
    feed = [Product("A1", "Mug", 100, stock=1), Product("A1", "Mug XL", 150, stock=1)]
    upsert_products(pg, feed)
    assert _stored(pg) == [("A1", "Mug XL", 150, 1)]


# --- the shop: order exports ---------------------------------------------------------------------

ORDERS = [
    Order(
        customer_id=7, id=1, status="paid", lines=[OrderLine("A1", 2, 350), OrderLine("Ç", 1, 9)]
    ),
    Order(customer_id=9, id=2, lines=[OrderLine("A1", 1, 350)]),
]


def test_orders_round_trip(tmp_path):
    csv_path = orders_export.export_orders_csv(ORDERS, tmp_path / "o.csv")
    json_path = orders_export.export_orders_json(ORDERS, tmp_path / "o.json")
    assert orders_export.read_orders_csv(csv_path) == ORDERS
    assert orders_export.read_orders_json(json_path) == ORDERS
    assert '"Ç"' in json_path.read_text(encoding="utf-8")  # ensure_ascii=False
    assert json.loads(json_path.read_text(encoding="utf-8"))[0]["total_cents"] == 709


def test_export_dir_and_name(monkeypatch, time_machine):
    monkeypatch.setenv("SHOP_EXPORT_DIR", "/data/exports")
    assert orders_export.export_dir() == Path("/data/exports")
    assert orders_export.export_dir({}) == Path("exports")
    time_machine.move_to(datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC), tick=False)
    assert orders_export.export_file_name("json") == "orders-20261231T235959Z.json"
    assert os.environ["SHOP_EXPORT_DIR"] == "/data/exports"
