"""Hidden tests for exercise 04.2: upsert_products(session, products) with ON CONFLICT on real
PostgreSQL: insert new SKUs, update name and price of existing ones, keep their stock; the later
entry wins when a SKU comes twice; nothing committed, nothing passed in changed.

The caller's session holds A1 ("Mug", 1250, stock 5) and Z9 LAMP, flushed, never committed.
"""

from dataclasses import astuple

from sqlalchemy.orm import Session

from course_lib.lessons.kit import mug_in_stock, shop_pg_session
from course_lib.lessons.l04_real_databases.caller import (
    LAMP,
    assert_caller_owns_it,
    caller,
    row,
)
from course_lib.lessons.l04_real_databases.race import (
    cleanup,
    ensure_schema,
    interleave,
    unique_sku,
)
from course_lib.shop.models import Product

__all__ = ["caller", "mug_in_stock", "shop_pg_session"]  # fixtures for pytest


def _rows(session, *skus) -> dict:
    return {sku: row(session, sku) for sku in skus}


def test_inserts_new(submission, caller):
    """A new SKU is inserted with its name, price and stock"""
    submission(caller, [Product("B2", "Pen", 199, stock=7)])
    got = row(caller, "B2")
    assert got == ("Pen", 199, 7), f"expected B2 to be stored as ('Pen', 199, 7), found {got}"


def test_updates_existing_keeps_stock(submission, caller):
    """An existing SKU gets the new name and price; its stock is kept"""
    submission(caller, [Product("A1", "Big mug", 1500, stock=0)])
    got = row(caller, "A1")
    assert got == ("Big mug", 1500, 5), (
        f"expected A1 to become ('Big mug', 1500, 5) (name and price from the feed, stock "
        f"unchanged), found {got}"
    )


def test_new_and_existing_together(submission, caller):
    """One call with new and existing SKUs handles each of them"""
    feed = [
        Product("C3", "Cup", 500, stock=2),
        Product("A1", "Mug", 1300, stock=1),
        Product("D4", "Plate", 875, stock=0),
    ]
    submission(caller, feed)
    got = _rows(caller, "A1", "C3", "D4")
    want = {"A1": ("Mug", 1300, 5), "C3": ("Cup", 500, 2), "D4": ("Plate", 875, 0)}
    assert got == want, f"expected {want}, found {got}"


def test_empty_list(submission, caller):
    """An empty list does nothing (and raises nothing)"""
    submission(caller, [])
    got = _rows(caller, "A1", "Z9")
    assert got == {"A1": ("Mug", 1250, 5), "Z9": LAMP}, f"expected A1 and Z9 unchanged, got {got}"


def test_later_entry_wins(submission, caller):
    """When a SKU comes twice in one call, the later entry wins"""
    feed = [
        Product("C3", "Cup", 500, stock=2),
        Product("A1", "Mug XL", 1400, stock=1),
        Product("C3", "Big cup", 650, stock=2),
        Product("A1", "Mug XXL", 1450, stock=1),
    ]
    submission(caller, feed)
    got = _rows(caller, "A1", "C3")
    want = {"A1": ("Mug XXL", 1450, 5), "C3": ("Big cup", 650, 2)}
    assert got == want, (
        f"expected {want}, found {got}. PostgreSQL refuses to update one row twice in one "
        "INSERT ... ON CONFLICT: keep only the last product per SKU (e.g. a dict by SKU)"
    )


def test_other_products_untouched(submission, caller):
    """Products missing from the feed are left as they are"""
    submission(caller, [Product("A1", "Mug", 990, stock=0)])
    got = row(caller, "Z9")
    assert got == LAMP, f"expected Z9, not in the feed, to stay {LAMP}, found {got}"


def test_does_not_change_what_you_passed(submission, caller):
    """The list and the Products passed in are not changed"""
    feed = [Product("A1", "Big mug", 1500, stock=0), Product("B2", "Pen", 199, stock=7)]
    before = [astuple(p) for p in feed]
    submission(caller, feed)
    after = [astuple(p) for p in feed]
    assert after == before, (
        f"expected the products passed in to stay {before}, they became {after}: build new rows "
        "instead of changing the caller's objects"
    )


def test_caller_owns_the_transaction(submission, caller):
    """It neither commits nor rolls back: the caller owns the transaction"""
    submission(caller, [Product("A1", "Big mug", 1500, stock=0)])
    assert_caller_owns_it(caller, "upsert_products")


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
            got = row(check, sku)
        assert got == ("Big mug", 150, 5), f"expected ('Big mug', 150, 5), found {got}"
    finally:
        cleanup(engine, sku)
