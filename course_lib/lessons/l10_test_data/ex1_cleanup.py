"""Hidden tests for exercise 10.1: cleanup(session, created) deletes exactly the tracked rows on
real PostgreSQL, children before parents whatever order `created` lists the tables in, commits,
and refuses a table the shop does not have.

The session belongs to the plugin's SAVEPOINT connection: its commits and any leftover rows are
rolled back after each test. Every row has unique values (two checks may share a server).
"""

import pytest
from sqlalchemy import func, select

from course_lib.lessons.l10_test_data.data import unique
from course_lib.shop import db
from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow, UserRow


@pytest.fixture
def session(engine, db_sessionmaker):
    """A session with the shop schema whose commits are SAVEPOINTs of the test's transaction."""
    db.create_schema(engine)
    session = db_sessionmaker()
    yield session
    session.close()


def _order(session):
    """A customer, a product and an order with one line, committed; their keys by table."""
    customer = CustomerRow(email=unique("c-") + "@example.test", name="Ada")
    product = ProductRow(sku=unique("T-"), name="Mug", price_cents=1250, stock=5)
    session.add_all([customer, product])
    session.flush()
    order = OrderRow(customer_id=customer.id)
    order.lines.append(OrderLineRow(sku=product.sku, quantity=2, unit_price_cents=1250))
    session.add(order)
    session.commit()
    return {
        "customers": [customer.id],
        "products": [product.sku],
        "orders": [order.id],
        "order_lines": [order.lines[0].id],
    }


_ROWS = {"customers": CustomerRow, "products": ProductRow, "orders": OrderRow}
_ROWS |= {"order_lines": OrderLineRow, "users": UserRow}


def _left(session, keys):
    """{table: number of these keys still in it}, only for tables with some left."""
    left = {}
    for table, values in keys.items():
        row = _ROWS[table]
        (column,) = row.__table__.primary_key.columns
        count = session.scalar(select(func.count()).select_from(row).where(column.in_(values)))
        if count:
            left[table] = count
    return left


def _run(submission, session, created):
    submission(session, created)
    return _left(session, created)


def test_parents_listed_first(submission, session):
    """Tables listed parents first (customers, products, orders, order_lines): all rows gone"""
    keys = _order(session)
    left = _run(submission, session, keys)
    assert left == {}, f"expected every tracked row deleted, still there: {left}"


def test_children_listed_first(submission, session):
    """Tables listed children first: all rows gone, no error"""
    keys = _order(session)
    left = _run(submission, session, dict(reversed(keys.items())))
    assert left == {}, f"expected every tracked row deleted, still there: {left}"


def test_alphabetical(submission, session):
    """Tables listed alphabetically (customers, order_lines, orders, products): all rows gone"""
    keys = _order(session)
    left = _run(submission, session, dict(sorted(keys.items())))
    assert left == {}, (
        f"expected every tracked row deleted, still there: {left} — the order of the dict says "
        "nothing about foreign keys; ask the schema (db.Base.metadata.sorted_tables)"
    )


def test_only_tracked_rows(submission, session):
    """Rows the test did not track (another test's, another worker's) stay"""
    mine, theirs = _order(session), _order(session)
    submission(session, mine)
    left = _left(session, theirs)
    expected = {"customers": 1, "products": 1, "orders": 1, "order_lines": 1}
    assert left == expected, (
        f"expected the untracked order, its line, customer and product to stay ({expected}), "
        f"found {left}: delete WHERE the primary key is IN the tracked keys, never a whole table"
    )
    assert _left(session, mine) == {}, "expected the tracked rows deleted"


def test_several_keys_per_table(submission, session):
    """Two tracked orders (two keys per table): both deleted"""
    first, second = _order(session), _order(session)
    both = {table: first[table] + second[table] for table in first}
    left = _run(submission, session, both)
    assert left == {}, f"expected all 8 tracked rows deleted, still there: {left}"


def test_other_shop_tables(submission, session):
    """A table other than the four of an order (users) is cleaned up too"""
    user = UserRow(email=unique("u-") + "@example.test", password_hash="x")
    session.add(user)
    session.commit()
    created = {"users": [user.id]}
    left = _run(submission, session, created)
    assert left == {}, f"expected the tracked user deleted, still there: {left}"


def test_nothing_tracked(submission, session):
    """Nothing tracked ({} or empty lists): no error, nothing deleted"""
    keys = _order(session)
    submission(session, {})
    submission(session, {"orders": [], "customers": []})
    left = _left(session, keys)
    assert left == {t: 1 for t in keys}, f"expected nothing deleted, found {left} left of 1 each"


def test_rows_already_gone(submission, session):
    """Keys of rows that no longer exist (a test deleted them itself): no error"""
    submission(session, {"customers": [-1], "products": ["NO-SUCH-SKU"]})


def test_commits(submission, session):
    """The deletion is committed: a rollback afterwards does not bring the rows back"""
    keys = _order(session)
    submission(session, keys)
    session.rollback()
    left = _left(session, keys)
    assert left == {}, (
        f"expected the rows to stay deleted after session.rollback(), back again: {left} — "
        "call session.commit() at the end"
    )


def test_unknown_table(submission, session):
    """A table the shop does not have raises ValueError naming it"""
    with pytest.raises(ValueError, match="basket") as caught:
        submission(session, {"basket": [1]})
    assert caught.value is not None
