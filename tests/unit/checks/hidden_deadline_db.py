"""A hidden test module for the deadline tests: the submission moves money on real PostgreSQL.

The submission is a function move(engine) that takes one unit from account 1 to account 2.
"""

import pytest
from sqlalchemy import text

TABLE = "deadline_accounts"


@pytest.fixture
def accounts(engine):
    """Two committed accounts (a second session must see them), dropped after the test."""
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
        conn.execute(text(f"CREATE TABLE {TABLE} (id int PRIMARY KEY, balance int NOT NULL)"))
        conn.execute(text(f"INSERT INTO {TABLE} VALUES (1, 10), (2, 0)"))
    yield engine
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def test_moves_one_unit(submission, accounts):
    """move() takes one unit from account 1 to account 2"""
    submission(accounts)
    with accounts.connect() as conn:
        rows = dict(conn.execute(text(f"SELECT id, balance FROM {TABLE} ORDER BY id")).all())
    assert rows == {1: 9, 2: 1}, f"expected balances {{1: 9, 2: 1}}, got {rows!r}"
