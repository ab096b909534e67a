"""Shared by the lesson 04 hidden tests: the caller's side of a helper that must not commit.

reserve() and upsert_products() run inside a transaction the caller owns. The fixture `caller`
is kit.mug_in_stock (A1 "Mug", 1250 cents, stock 5) plus the caller's own product Z9 "Lamp"
(4200 cents, stock 9), both flushed but never committed, and a spy on commits;
`assert_caller_owns_it` proves the helper neither committed nor rolled back.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from course_lib.shop.db import ProductRow

LAMP = ("Lamp", 4200, 9)


@pytest.fixture
def caller(mug_in_stock):
    """A1 and Z9 in an open transaction; every session.commit() lands in info["commits"]."""
    add(mug_in_stock, "Z9", *LAMP)
    commits = mug_in_stock.info["commits"] = []

    @event.listens_for(mug_in_stock, "after_commit")
    def _count(session):
        if session.get_nested_transaction() is None:  # a SAVEPOINT released is no commit
            commits.append(session)

    return mug_in_stock


def row(session, sku: str) -> tuple | None:
    """(name, price_cents, stock) of `sku` as the database holds it now, or None."""
    found = session.execute(
        select(ProductRow.name, ProductRow.price_cents, ProductRow.stock).where(
            ProductRow.sku == sku
        )
    ).first()
    return tuple(found) if found is not None else None


def add(session, sku: str, name: str, price_cents: int, stock: int) -> None:
    """Store one more product in the caller's transaction (flushed, not committed)."""
    session.add(ProductRow(sku=sku, name=name, price_cents=price_cents, stock=stock))
    session.flush()


def assert_caller_owns_it(session, helper: str) -> None:
    """Fail unless the caller's uncommitted work is still there and can still be rolled back."""
    commits = len(session.info["commits"])
    assert commits == 0, (
        f"{helper} called commit() {commits} time(s): the caller owns the transaction and "
        "decides when to commit, so leave it out"
    )
    mine = row(session, "Z9")
    assert mine == LAMP, (
        f"the caller's own unfinished work (product Z9 {LAMP}) is now {mine}: {helper} rolled back "
        "the caller's transaction or changed a product it was not asked to"
    )
    session.rollback()
    left = row(session, "A1")
    assert left is None, (
        f"product A1 was still there after the caller rolled back: {helper} committed it. "
        "Leave the commit to the caller"
    )
