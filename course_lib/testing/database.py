"""Engine construction for the fixtures, including the SQLite stand-in's SAVEPOINT fix."""

from __future__ import annotations


def make_engine(url: str):
    """create_engine(url); for SQLite (COURSE_BACKEND=inprocess) make SAVEPOINTs work."""
    from sqlalchemy import create_engine, event

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy's documented recipe:
        @event.listens_for(engine, "connect")
        def _no_implicit_begin(dbapi_connection, _record):
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _explicit_begin(connection):
            connection.exec_driver_sql("BEGIN")

    return engine
