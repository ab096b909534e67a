"""Lesson 02, exercise 02.3: the sqlite3 product repository, correct and with five plausible bugs.

Each variant changes one method of the reference (course_lib.shop's SqliteProductRepository),
so a learner's contract test that pins down that behaviour fails on it.
"""

from __future__ import annotations

from contextlib import closing

from course_lib.shop.models import Product
from course_lib.shop.repositories.sqlite import (
    SqliteProductRepository,
    connect,
    create_tables,
    transaction,
)

Reference = SqliteProductRepository


def provide_repo(impl, request):
    """Fixture `repo`: a repository of class `impl` over a fresh SQLite file in tmp_path."""
    path = request.getfixturevalue("tmp_path") / "shop.sqlite3"
    create_tables(path)
    yield impl(path)


class AddNeverCommits(SqliteProductRepository):
    """Bug: closes the connection without committing, so the INSERT is rolled back."""

    def add(self, product: Product) -> None:
        with closing(connect(self.path)) as conn:
            conn.execute(
                "INSERT INTO products (sku, name, price_cents, stock) VALUES (?, ?, ?, ?)",
                (product.sku, product.name, product.price_cents, product.stock),
            )


class GetSharesCachedObject(SqliteProductRepository):
    """Bug: a read cache that hands out its own object, so callers can change it in place."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self._cache: dict[str, Product] = {}

    def get(self, sku: str) -> Product | None:
        if sku not in self._cache:
            found = super().get(sku)
            if found is None:
                return None
            self._cache[sku] = found
        return self._cache[sku]

    def update(self, product: Product) -> None:
        super().update(product)
        self._cache[product.sku] = product

    def remove(self, sku: str) -> None:
        super().remove(sku)
        self._cache.pop(sku, None)


class ListUnordered(SqliteProductRepository):
    """Bug: no ORDER BY, so rows come back in whatever order the database likes (insertion)."""

    def list(self) -> list[Product]:
        with transaction(self.path) as conn:
            rows = conn.execute("SELECT sku, name, price_cents, stock FROM products").fetchall()
        return [Product(*row) for row in rows]


class AddOverwritesDuplicate(SqliteProductRepository):
    """Bug: an upsert, so adding an existing SKU silently replaces the product."""

    def add(self, product: Product) -> None:
        with transaction(self.path) as conn:
            conn.execute(
                "INSERT INTO products (sku, name, price_cents, stock) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (sku) DO UPDATE SET name = excluded.name,"
                " price_cents = excluded.price_cents, stock = excluded.stock",
                (product.sku, product.name, product.price_cents, product.stock),
            )


class UpdateMissingIsSilent(SqliteProductRepository):
    """Bug: ignores the row count, so updating a product that does not exist 'succeeds'."""

    def update(self, product: Product) -> None:
        with transaction(self.path) as conn:
            conn.execute(
                "UPDATE products SET name = ?, price_cents = ?, stock = ? WHERE sku = ?",
                (product.name, product.price_cents, product.stock, product.sku),
            )
