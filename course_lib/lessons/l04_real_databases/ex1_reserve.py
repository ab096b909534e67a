"""Hidden tests for exercise 04.1: reserve(session, sku, quantity) -> bool on real PostgreSQL,
atomic: no lost update when two sessions reserve at once."""

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


def shape(submission):
    return function_shape(submission, "reserve", ["session", "sku", "quantity"])


@pytest.fixture
def session(engine, db_session):
    """The plugin's SAVEPOINT session with product A1 (stock 5)."""
    ensure_schema(engine)
    db_session.add(ProductRow(sku="A1", name="Mug", price_cents=1250, stock=5))
    db_session.flush()
    return db_session


def _stock(session, sku="A1"):
    return session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))


def test_takes_stock(submission, session):
    """Reserving 2 of 5 returns True and leaves 3"""
    got = submission(session, "A1", 2)
    assert got is True, f"expected reserve(session, 'A1', 2) to return True, got {got!r}"
    left = _stock(session)
    assert left == 3, f"expected stock 3 after reserving 2 of 5, found {left}"


def test_refuses_when_not_enough(submission, session):
    """Reserving 6 of 5 returns False and changes nothing"""
    got = submission(session, "A1", 6)
    assert got is False, f"expected reserve(session, 'A1', 6) to return False, got {got!r}"
    left = _stock(session)
    assert left == 5, f"expected stock to stay 5, found {left}"


def test_unknown_sku(submission, session):
    """Reserving an unknown SKU returns False"""
    got = submission(session, "NOPE", 1)
    assert got is False, f"expected reserve(session, 'NOPE', 1) to return False, got {got!r}"


def test_two_sessions_at_once(submission, engine):
    """Two sessions reserving at the same time both count (no lost update)"""
    ensure_schema(engine)
    sku = unique_sku()
    with Session(engine) as setup, setup.begin():
        setup.add(ProductRow(sku=sku, name="Mug", price_cents=1250, stock=5))
    try:
        results = []
        errors = interleave(
            engine,
            lambda a: results.append(submission(a, sku, 1)),
            lambda b: results.append(submission(b, sku, 1)),
        )
        assert not errors, f"the second session failed: {errors[0]!r}"
        assert results == [True, True], f"expected both reservations to succeed, got {results}"
        with Session(engine) as check:
            left = _stock(check, sku)
        assert left == 3, (
            f"expected stock 5 - 1 - 1 = 3, found {left}: a lost update. Both sessions read 5 and "
            "wrote 4. Let the database do it in one statement: "
            "UPDATE ... SET stock = stock - :n WHERE sku = :sku AND stock >= :n"
        )
    finally:
        cleanup(engine, sku)
