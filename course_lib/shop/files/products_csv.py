"""Products to and from CSV files, as spreadsheets write them.

Reading: UTF-8 named explicitly ("utf-8-sig" also accepts the byte-order mark Excel puts in
front), and `newline=""`, as the csv module requires: otherwise a line break inside a quoted
field is changed on the way in. Importing is all-or-nothing: every row is checked before the
first write, and the writes run in a SAVEPOINT, so one bad row applies nothing.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from course_lib.shop.catalog import MAX_NAME, MAX_SKU
from course_lib.shop.db import ProductRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.files.atomic import atomic_write
from course_lib.shop.inventory import upsert_products
from course_lib.shop.models import Product

FIELDS = ("sku", "name", "price_cents", "stock")


def _count(row: dict, field: str, line: int) -> int:
    text = (row.get(field) or "").strip()
    if not text.isdigit() or not text.isascii():
        raise InvalidInput(f"line {line}: {field} must be a whole number >= 0, got {text!r}")
    return int(text)


def product_from_row(row: dict, line: int) -> Product:
    """The Product of one CSV row (a dict by column name); InvalidInput naming the line."""
    sku, name = (row.get("sku") or "").strip(), row.get("name") or ""
    if not sku or len(sku) > MAX_SKU:
        raise InvalidInput(f"line {line}: sku must have 1 to {MAX_SKU} characters, got {sku!r}")
    if not name.strip() or len(name) > MAX_NAME:
        raise InvalidInput(f"line {line}: name must have 1 to {MAX_NAME} characters")
    return Product(sku, name, _count(row, "price_cents", line), _count(row, "stock", line))


def parse_products(reader: csv.DictReader) -> list[Product]:
    """Every product a DictReader yields; InvalidInput on a missing column or a bad row."""
    missing = set(FIELDS) - set(reader.fieldnames or ())
    if missing:
        raise InvalidInput(f"the header lacks {sorted(missing)}, got {reader.fieldnames}")
    return [product_from_row(row, reader.line_num) for row in reader]


def read_products(path: str | os.PathLike[str]) -> list[Product]:
    """Every product of the CSV file at `path`; InvalidInput (with the line) on a bad row."""
    with open(path, encoding="utf-8-sig", newline="") as file:
        return parse_products(csv.DictReader(file))


def import_products(session: Session, path: str | os.PathLike[str]) -> int:
    """Upsert the file's products (new: inserted; known: name and price, stock kept).

    All or nothing: a bad row raises InvalidInput before anything is written, and a database
    error rolls back to the SAVEPOINT taken here. Returns the number of distinct SKUs. Never
    commits: the caller owns the transaction.
    """
    products = read_products(path)
    with session.begin_nested():
        upsert_products(session, products)
    return len({p.sku for p in products})


def export_products(session: Session, path: str | os.PathLike[str]) -> Path:
    """Write every product, sorted by SKU, to `path` atomically (UTF-8, header first)."""
    rows = session.execute(
        select(ProductRow.sku, ProductRow.name, ProductRow.price_cents, ProductRow.stock).order_by(
            ProductRow.sku
        )
    ).all()

    def write(file) -> None:
        writer = csv.writer(file)
        writer.writerow(FIELDS)
        writer.writerows(rows)

    return atomic_write(path, write, newline="")
