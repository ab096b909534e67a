"""course_lib's PostgreSQL fixtures against a real server: SAVEPOINT isolation, also when a Flask
app shares the test's connection. Runs on the embedded server by default, and on
COURSE_DATABASE_URL."""

import pytest
from flask import Flask, jsonify, request
from sqlalchemy import Column, Integer, MetaData, String, Table, func, insert, select, text
from sqlalchemy.exc import IntegrityError

pytestmark = pytest.mark.integration

metadata = MetaData()
items = Table(
    "course_it_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sku", String(8), nullable=False, unique=True),
)


@pytest.fixture(scope="module")
def schema(engine):
    """The table exists for this module only (committed DDL, dropped afterwards)."""
    metadata.drop_all(engine)
    metadata.create_all(engine)
    yield
    metadata.drop_all(engine)


def count(conn) -> int:
    return conn.execute(select(func.count()).select_from(items)).scalar_one()


def test_it_is_a_real_postgresql(engine):
    """The default backend is PostgreSQL itself, not a stand-in."""
    with engine.connect() as conn:
        assert conn.execute(text("select version()")).scalar_one().startswith("PostgreSQL")


@pytest.mark.parametrize("run", [1, 2])
def test_commits_are_rolled_back_after_each_test(schema, db_session, run):
    """Committed in run 1, gone in run 2: the outer transaction is rolled back."""
    db_session.execute(insert(items).values(sku="A1"))
    db_session.commit()  # only releases the SAVEPOINT
    assert count(db_session) == 1


def test_rollback_inside_the_test_keeps_earlier_commits(schema, db_session):
    """A failed statement rolls back to the SAVEPOINT only; earlier work stays visible."""
    db_session.execute(insert(items).values(sku="A1"))
    db_session.commit()
    with pytest.raises(IntegrityError):
        db_session.execute(insert(items).values(sku="A1"))
        db_session.commit()
    db_session.rollback()
    assert count(db_session) == 1


def test_nothing_is_visible_to_other_connections(schema, engine, db_session):
    """Work done in the test's transaction is invisible outside it (and never committed)."""
    db_session.execute(insert(items).values(sku="B2"))
    db_session.commit()
    with engine.connect() as other:
        assert count(other) == 0


def create_app(session_factory) -> Flask:
    """A tiny app that commits in each request, as real apps do."""
    app = Flask("items")

    @app.post("/items")
    def add():
        with session_factory() as session:
            try:
                session.execute(insert(items).values(sku=request.json["sku"]))
                session.commit()
            except IntegrityError:
                session.rollback()
                return jsonify(error="duplicate sku"), 409
        return jsonify(sku=request.json["sku"]), 201

    @app.get("/items/count")
    def total():
        with session_factory() as session:
            return jsonify(count=count(session))

    return app


@pytest.mark.parametrize("run", [1, 2])
def test_flask_app_sharing_the_connection(schema, db_sessionmaker, db_session, run):
    """The app's commits land in the test's transaction: visible to the test, gone afterwards."""
    client = create_app(db_sessionmaker).test_client()
    assert client.post("/items", json={"sku": "C3"}).status_code == 201
    assert client.post("/items", json={"sku": "C3"}).status_code == 409
    assert client.get("/items/count").json == {"count": 1}
    assert count(db_session) == 1


def test_flask_app_over_real_http_sharing_the_connection(schema, db_sessionmaker, live_server):
    """Same through a live server thread: the request's commit is a SAVEPOINT release."""
    import requests

    server = live_server(create_app(db_sessionmaker))
    assert requests.post(server.url + "/items", json={"sku": "D4"}, timeout=10).status_code == 201
    assert requests.get(server.url + "/items/count", timeout=10).json() == {"count": 1}
