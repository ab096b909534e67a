"""Hidden tests for exercise 03.1: savepoint_session(engine) yields a Session whose work,
committed or not, is rolled back afterwards."""

import warnings
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from course_lib.checks.shape import function_shape
from course_lib.shop import db
from course_lib.shop.db import CustomerRow
from course_lib.shop.sqlite_engine import sqlite_engine


def shape(submission):
    return function_shape(submission, "savepoint_session", ["engine"])


@pytest.fixture
def engine(tmp_path):
    """A SQLite file with the shop schema (its own, so the checks never touch yours)."""
    eng = sqlite_engine(tmp_path / "check.sqlite3")
    db.create_schema(eng)
    yield eng
    eng.dispose()


def _customers(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(CustomerRow)).scalar_one()


def _use(submission, engine):
    """Run the learner's generator the way pytest runs a yield fixture."""
    return contextmanager(submission)(engine)


def test_yields_a_session(submission, engine):
    """It yields a SQLAlchemy Session"""
    with _use(submission, engine) as session:
        assert isinstance(session, Session), (
            f"expected the generator to yield a Session, got {type(session).__name__}"
        )


def test_flushed_rows_are_visible_inside(submission, engine):
    """Inside the test, rows you add can be queried"""
    with _use(submission, engine) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.flush()
        found = session.scalars(select(CustomerRow.name)).all()
        assert found == ["Ada"], f"expected to read back ['Ada'] in the same session, got {found}"


def test_rolled_back_afterwards(submission, engine):
    """After the test, the rows are gone"""
    with _use(submission, engine) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.flush()
    left = _customers(engine)
    assert left == 0, f"expected 0 customers after the fixture finished, found {left}: roll back"


def test_commit_inside_is_rolled_back_too(submission, engine):
    """Even session.commit() in the code under test leaves nothing behind"""
    with _use(submission, engine) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.commit()
        session.add(CustomerRow(email="bob@example.com", name="Bob"))
        session.commit()
    left = _customers(engine)
    assert left == 0, (
        f"expected 0 customers, found {left}: the commit escaped. Bind the Session to a connection "
        "inside an outer transaction, with join_transaction_mode='create_savepoint'"
    )


def test_rolled_back_when_the_test_fails(submission, engine):
    """When the test raises, the rows are still rolled back and the connection returned"""
    with pytest.raises(RuntimeError), _use(submission, engine) as session:
        session.add(CustomerRow(email="ada@example.com", name="Ada"))
        session.commit()
        raise RuntimeError("the test failed")
    left, busy = _customers(engine), engine.pool.checkedout()
    assert left == 0, f"expected 0 customers after a failing test, found {left}: use try/finally"
    assert busy == 0, f"expected every connection back in the pool, {busy} still checked out"


def test_connection_returned(submission, engine):
    """After the test, the connection is back in the pool"""
    with _use(submission, engine) as session:
        session.execute(select(1))
    busy = engine.pool.checkedout()
    assert busy == 0, (
        f"expected every connection back in the pool, {busy} still checked out: close the "
        "session and the connection"
    )


def test_rollback_inside_does_not_end_isolation(submission, engine):
    """Even after session.rollback() in the code under test, later commits are rolled back"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the verdict below says more than SQLAlchemy's warning
        with _use(submission, engine) as session:
            session.add(CustomerRow(email="ada@example.com", name="Ada"))
            session.flush()
            session.rollback()
            session.add(CustomerRow(email="bob@example.com", name="Bob"))
            session.commit()
    left = _customers(engine)
    assert left == 0, (
        f"expected 0 customers, found {left}: session.rollback() ended your outer transaction, so "
        "the next commit was real. join_transaction_mode='create_savepoint' makes rollback() go "
        "back to a SAVEPOINT instead"
    )
