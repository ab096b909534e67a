"""Hidden tests for exercise 04.1: reserve(session, sku, quantity) -> bool on real PostgreSQL,
atomic (no lost update when two sessions reserve at once), inside the caller's transaction.

The caller's session holds A1 (stock 5) and Z9 (stock 9), flushed, never committed.
"""

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
from course_lib.shop.db import ProductRow

__all__ = ["caller", "mug_in_stock", "shop_pg_session"]  # fixtures for pytest


def _stock(session, sku):
    found = row(session, sku)
    return found[2] if found is not None else None


def test_takes_stock(submission, caller):
    """Reserving 3 of 5 returns True and leaves 2"""
    got = submission(caller, "A1", 3)
    assert got is True, f"expected reserve(session, 'A1', 3) to return True, got {got!r}"
    left = _stock(caller, "A1")
    assert left == 2, f"expected stock 2 after reserving 3 of 5, found {left}"


def test_all_of_it(submission, caller):
    """Reserving exactly what is in stock (9 of 9) works and leaves 0"""
    got = submission(caller, "Z9", 9)
    assert got is True, (
        f"expected reserve(session, 'Z9', 9) to return True when the stock is exactly 9, got "
        f"{got!r}: 'at least quantity in stock' includes equal (stock >= quantity)"
    )
    left = _stock(caller, "Z9")
    assert left == 0, f"expected stock 0 after reserving all 9, found {left}"


def test_one_too_many(submission, caller):
    """Reserving one more than the stock (10 of 9) returns False and changes nothing"""
    got = submission(caller, "Z9", 10)
    assert got is False, f"expected reserve(session, 'Z9', 10) to return False, got {got!r}"
    left = _stock(caller, "Z9")
    assert left == 9, f"expected the stock to stay 9 after a refused reservation, found {left}"


def test_unknown_sku(submission, caller):
    """Reserving an unknown SKU returns False and changes nothing"""
    got = submission(caller, "NOPE", 1)
    assert got is False, f"expected reserve(session, 'NOPE', 1) to return False, got {got!r}"
    rows = [row(caller, sku) for sku in ("NOPE", "A1", "Z9")]
    assert rows == [None, ("Mug", 1250, 5), LAMP], (
        f"expected no NOPE and A1, Z9 untouched, found (NOPE, A1, Z9) = {rows}"
    )


def test_zero_or_negative(submission, caller):
    """A quantity of 0 or below reserves nothing: False, stock unchanged"""
    for quantity in (0, -2):
        got = submission(caller, "A1", quantity)
        left = _stock(caller, "A1")
        assert (got, left) == (False, 5), (
            f"expected reserve(session, 'A1', {quantity}) to return False and keep the stock 5, "
            f"got {got!r} and stock {left}: check quantity >= 1 before touching the table"
        )


def test_only_that_product(submission, caller):
    """Only the product you reserve changes"""
    submission(caller, "A1", 2)
    other = row(caller, "Z9")
    assert other == LAMP, (
        f"expected Z9 to stay {LAMP} after reserving A1, found {other}: filter on the SKU"
    )


def test_caller_owns_the_transaction(submission, caller):
    """It neither commits nor rolls back: the caller owns the transaction"""
    submission(caller, "A1", 2)
    submission(caller, "A1", 99)
    assert_caller_owns_it(caller, "reserve")


def test_two_sessions_at_once(submission, engine):
    """Two sessions reserving at the same time both count (no lost update)"""
    ensure_schema(engine)
    sku = unique_sku()
    with Session(engine) as setup, setup.begin():
        setup.add(ProductRow(sku=sku, name="Mug", price_cents=1250, stock=8))
    try:
        results = []
        errors = interleave(
            engine,
            lambda a: results.append(submission(a, sku, 2)),
            lambda b: results.append(submission(b, sku, 3)),
        )
        assert not errors, f"the second session failed: {errors[0]!r}"
        assert results == [True, True], f"expected both reservations to succeed, got {results}"
        with Session(engine) as check:
            left = _stock(check, sku)
        assert left == 3, (
            f"expected stock 8 - 2 - 3 = 3, found {left}: a lost update. Both sessions read 8 and "
            "wrote their own result. Let the database do it in one statement: "
            "UPDATE ... SET stock = stock - :n WHERE sku = :sku AND stock >= :n"
        )
    finally:
        cleanup(engine, sku)
