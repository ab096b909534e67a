"""Hidden tests for exercise 03.1: savepoint_session(engine) yields a Session whose work,
committed or not, is rolled back afterwards, and gives its connection back.

Runs on the check's own SQLite file (kit.shop_sqlite), the way pytest runs a yield fixture.
"""

import warnings
from contextlib import contextmanager

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course_lib.lessons.kit import shop_sqlite
from course_lib.shop.db import CustomerRow

__all__ = ["shop_sqlite"]  # a fixture imported for pytest, not an unused name


def _customers(engine) -> list[str]:
    """Names of the customers the database really holds (a new connection, no session)."""
    with engine.connect() as connection:
        return list(connection.scalars(select(CustomerRow.name).order_by(CustomerRow.name)))


def _busy(engine) -> int:
    return engine.pool.checkedout()


def _use(submission, engine):
    """Run the learner's generator the way pytest runs a yield fixture."""
    return contextmanager(submission)(engine)


def test_yields_a_session(submission, shop_sqlite):
    """It yields a SQLAlchemy Session"""
    with _use(submission, shop_sqlite) as session:
        assert isinstance(session, Session), (
            f"expected the generator to yield a Session, got {type(session).__name__}"
        )


def test_flushed_rows_are_visible_inside(submission, shop_sqlite):
    """Inside the test, rows you add can be queried"""
    with _use(submission, shop_sqlite) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.flush()
        found = session.scalars(select(CustomerRow.name)).all()
        assert found == ["Ada"], f"expected to read back ['Ada'] in the same session, got {found}"


def test_rolled_back_afterwards(submission, shop_sqlite):
    """After the test, the rows it flushed are gone"""
    with _use(submission, shop_sqlite) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.flush()
    left = _customers(shop_sqlite)
    assert left == [], f"expected no customers after the fixture finished, found {left}: roll back"


def test_commit_inside_is_rolled_back_too(submission, shop_sqlite):
    """Even session.commit() in the code under test leaves nothing behind"""
    with _use(submission, shop_sqlite) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.commit()
        session.add(CustomerRow(email="bob@example.com", name="Bob"))
        session.commit()
    left = _customers(shop_sqlite)
    assert left == [], (
        f"expected no customers, found {left}: the commit escaped. Bind the Session to a "
        "connection inside an outer transaction, with join_transaction_mode='create_savepoint'"
    )


def test_nothing_leaks_into_the_next_test(submission, shop_sqlite):
    """Two tests in a row: the second starts from an empty table"""
    with _use(submission, shop_sqlite) as first:
        first.add(CustomerRow(email="ada@example.com", name="Ada"))
        first.commit()
    busy = _busy(shop_sqlite)
    assert busy == 0, f"expected the first test to give its connection back, {busy} still out"
    with _use(submission, shop_sqlite) as second:
        seen = list(second.scalars(select(CustomerRow.name)))
        assert seen == [], f"expected the next test to see no customers, it saw {seen}"
        second.add(CustomerRow(email="ada@example.com", name="Ada again"))
        second.flush()  # the same e-mail again: only possible if the first one is really gone
    busy = _busy(shop_sqlite)
    assert busy == 0, f"expected every connection back in the pool after two tests, {busy} are not"


def test_data_from_before_the_test_survives(submission, shop_sqlite):
    """Rows committed before the test stay, and the test's changes to them are undone"""
    with Session(shop_sqlite) as setup, setup.begin():
        setup.add(CustomerRow(email="zoe@example.com", name="Zoe"))
    with _use(submission, shop_sqlite) as session:
        seen = list(session.scalars(select(CustomerRow.name)))
        assert seen == ["Zoe"], f"expected the test to see the customer Zoe, it saw {seen}"
        session.execute(update(CustomerRow).values(name="Changed"))
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.commit()
    left = _customers(shop_sqlite)
    assert left == ["Zoe"], (
        f"expected only ['Zoe'] afterwards, found {left}. Undo the test's work with a rollback of "
        "the outer transaction; deleting rows also deletes data the test did not create"
    )


def test_rolled_back_when_the_test_fails(submission, shop_sqlite):
    """When the test raises, the rows are still rolled back and the connection returned"""
    with pytest.raises(RuntimeError), _use(submission, shop_sqlite) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.commit()
        raise RuntimeError("the test failed")
    left, busy = _customers(shop_sqlite), _busy(shop_sqlite)
    assert left == [], f"expected no customers after a failing test, found {left}: use try/finally"
    assert busy == 0, (
        f"expected every connection back in the pool after a failing test, {busy} still checked "
        "out: close it in a `finally:` block"
    )


def test_connection_returned(submission, shop_sqlite):
    """After the test, the connection is back in the pool"""
    with _use(submission, shop_sqlite) as session:
        session.execute(select(1))
    busy = _busy(shop_sqlite)
    assert busy == 0, (
        f"expected every connection back in the pool, {busy} still checked out: close the "
        "session and the connection"
    )


def test_rollback_inside_does_not_end_isolation(submission, shop_sqlite):
    """Even after session.rollback() in the code under test, later commits are rolled back"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the verdict below says more than SQLAlchemy's warning
        with _use(submission, shop_sqlite) as session:
            session.add(CustomerRow(email="ada@example.com", name="Ada"))
            session.flush()
            session.rollback()
            session.add(CustomerRow(email="bob@example.com", name="Bob"))
            session.commit()
    left = _customers(shop_sqlite)
    assert left == [], (
        f"expected no customers, found {left}: session.rollback() ended your outer transaction, "
        "so the next commit was real. join_transaction_mode='create_savepoint' makes rollback() "
        "go back to a SAVEPOINT instead"
    )
