"""Hidden tests for exercise 04.2: upsert_products(session, products) with ON CONFLICT on real
PostgreSQL: insert new SKUs, update name and price of existing ones, keep their stock."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_lib.checks.shape import function_shape
from course_lib.lessons.l04_real_databases.race import (
    cleanup,
    ensure_schema,
    interleave,
    unique_sku,
)
from course_lib.shop.db import ProductRow
from course_lib.shop.models import Product


def shape(submission):
    return function_shape(submission, "upsert_products", ["session", "products"])


@pytest.fixture
def session(engine, db_session):
    """The plugin's SAVEPOINT session with product A1 'Mug' (1250 cents, stock 5)."""
    ensure_schema(engine)
    db_session.add(ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5))
    db_session.flush()
    return db_session


def _row(session, sku):
    found = session.execute(
        select(ProductRow.name, ProductRow.price_cents, ProductRow.stock).where(
            ProductRow.sku == sku
        )
    ).first()
    return tuple(found) if found is not None else None


def test_inserts_new(submission, session):
    """A new SKU is inserted with its stock"""
    submission(session, [Product("B2", "Pen", 199, stock=7)])
    got = _row(session, "B2")
    assert got == ("Pen", 199, 7), f"expected B2 to be stored as ('Pen', 199, 7), found {got}"


def test_updates_existing_keeps_stock(submission, session):
    """An existing SKU gets the new name and price; its stock is kept"""
    submission(session, [Product("A1", "Big mug", 1500, stock=0)])
    got = _row(session, "A1")
    assert got == ("Big mug", 1500, 5), (
        f"expected A1 to become ('Big mug', 1500, 5) — stock unchanged — found {got}"
    )


def test_several_and_none(submission, session):
    """Several products in one call work, and an empty list does nothing"""
    submission(session, [Product("A1", "Mug", 1300, stock=1), Product("C3", "Cup", 500, stock=2)])
    submission(session, [])
    got = [_row(session, "A1"), _row(session, "C3")]
    assert got == [("Mug", 1300, 5), ("Cup", 500, 2)], f"unexpected rows {got}"


def test_two_sessions_at_once(submission, engine):
    """Two sessions upserting the same new SKU at once: no error, the last one wins"""
    ensure_schema(engine)
    sku = unique_sku()
    try:
        errors = interleave(
            engine,
            lambda a: submission(a, [Product(sku, "Mug", 100, stock=5)]),
            lambda b: submission(b, [Product(sku, "Big mug", 150, stock=5)]),
        )
        assert not errors, (
            f"the second session failed with {type(errors[0]).__name__}: both sessions saw no row "
            "and both inserted. Use INSERT ... ON CONFLICT (sku) DO UPDATE: the database decides"
        )
        with Session(engine) as check:
            got = _row(check, sku)
        assert got == ("Big mug", 150, 5), f"expected ('Big mug', 150, 5), found {got}"
    finally:
        cleanup(engine, sku)
