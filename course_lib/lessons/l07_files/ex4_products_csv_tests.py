"""Exercise 07.4: tests for the product CSV import and export on real files and the real
PostgreSQL. The reference wraps the shop's course_lib.shop.files.products_csv; each variant is a
file-handling mistake that only a test reading and writing real files catches.
"""

from __future__ import annotations

import csv
import os

from sqlalchemy import delete, select

from course_lib.shop import db
from course_lib.shop.db import OrderLineRow, OrderRow, ProductRow
from course_lib.shop.files import products_csv
from course_lib.shop.files.products_csv import FIELDS, parse_products, product_from_row
from course_lib.shop.inventory import upsert_products


class ProductFiles:
    """The catalogue's CSV files over one session: add/products to arrange and look, export/load
    to test."""

    def __init__(self, session) -> None:
        self.session = session

    def add(self, sku: str, name: str, price_cents: int, stock: int = 0) -> None:
        """Store a product (flushed, never committed)."""
        self.session.add(ProductRow(sku=sku, name=name, price_cents=price_cents, stock=stock))
        self.session.flush()

    def products(self) -> list[tuple]:
        """Every product as (sku, name, price_cents, stock), sorted by SKU."""
        self.session.expire_all()
        query = select(ProductRow.sku, ProductRow.name, ProductRow.price_cents, ProductRow.stock)
        return [tuple(r) for r in self.session.execute(query.order_by(ProductRow.sku))]

    def export(self, path: str | os.PathLike[str]) -> None:
        """Write every product to the CSV file at `path`."""
        products_csv.export_products(self.session, path)

    def load(self, path: str | os.PathLike[str]) -> int:
        """Import the CSV file at `path` (all or nothing); the number of SKUs in it."""
        return products_csv.import_products(self.session, path)


Reference = ProductFiles


def provide_files(impl, request):
    """Fixture `product_files`: impl over the plugin's SAVEPOINT session, no products stored."""
    db.create_schema(request.getfixturevalue("engine"))
    session = request.getfixturevalue("db_session")
    for row in (OrderLineRow, OrderRow, ProductRow):  # a shared server may hold old rows;
        session.execute(delete(row))  # this is rolled back with the test
    yield impl(session)


def _rows(session) -> list[tuple]:
    query = select(ProductRow.sku, ProductRow.name, ProductRow.price_cents, ProductRow.stock)
    return [tuple(r) for r in session.execute(query.order_by(ProductRow.sku))]


class PlatformEncoding(ProductFiles):
    """Bug: the export names no encoding, so it uses the platform's: cp1252 on a Windows
    machine (pinned here, so the bug shows on every machine)."""

    def export(self, path) -> None:
        with open(path, "w", encoding="cp1252", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(FIELDS)
            writer.writerows(_rows(self.session))


class NewlineOnRead(ProductFiles):
    """Bug: the import opens the file without newline='': a line break inside a quoted name
    ('\\r\\n', as spreadsheets write it) comes back as '\\n'."""

    def load(self, path) -> int:
        with open(path, encoding="utf-8-sig") as file:
            products = parse_products(csv.DictReader(file))
        with self.session.begin_nested():
            upsert_products(self.session, products)
        return len({p.sku for p in products})


class HalfApplies(ProductFiles):
    """Bug: checks and upserts row by row: a bad row in the middle leaves the rows before it
    applied."""

    def load(self, path) -> int:
        skus = set()
        with open(path, encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            for row in reader:
                product = product_from_row(row, reader.line_num)
                upsert_products(self.session, [product])
                skus.add(product.sku)
        return len(skus)


class NeverClosed(ProductFiles):
    """Bug: flushes the export but never closes the file ('the data is on disk, that is
    enough'): a leaked handle, ResourceWarning when it is collected."""

    def export(self, path) -> None:
        file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - the bug
        writer = csv.writer(file)
        writer.writerow(FIELDS)
        writer.writerows(_rows(self.session))
        file.flush()


class BomBreaksHeader(ProductFiles):
    """Bug: reads with encoding='utf-8': the byte-order mark Excel writes at the start of a
    'CSV UTF-8' file sticks to the first column name ('\\ufeffsku')."""

    def load(self, path) -> int:
        with open(path, encoding="utf-8", newline="") as file:
            products = parse_products(csv.DictReader(file))
        with self.session.begin_nested():
            upsert_products(self.session, products)
        return len({p.sku for p in products})
