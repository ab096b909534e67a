"""A SQLAlchemy engine on a SQLite file that behaves like a real database in tests.

Two SQLite defaults surprise people: foreign keys are NOT enforced unless every connection
runs `PRAGMA foreign_keys = ON`, and Python's sqlite3 module issues its own BEGIN/COMMIT,
which breaks SAVEPOINT-based test isolation. Both are fixed per connection with events.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event


def sqlite_engine(path: str | Path, *, foreign_keys: bool = True) -> Engine:
    """Engine on the SQLite file `path`; foreign keys on unless foreign_keys=False."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy, not sqlite3, emit BEGIN
        if foreign_keys:
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
