"""live_server and stub_http_server over real loopback sockets."""

import pytest
import requests
from flask import Flask, jsonify

pytestmark = pytest.mark.integration


def test_live_server_serves_a_flask_app(live_server):
    """The app answers over real HTTP on a port the OS chose."""
    app = Flask("hello")
    app.get("/health")(lambda: jsonify(status="ok"))
    server = live_server(app)
    assert server.url.startswith("http://127.0.0.1:")
    assert requests.get(server.url + "/health", timeout=10).json() == {"status": "ok"}


def test_stub_answers_configured_routes_and_records_requests(stub_http_server):
    """Canned JSON and status; every request is recorded for assertions."""
    stub_http_server.route("POST", "/charge", status=201, json={"id": "ch_1"})
    reply = requests.post(stub_http_server.url + "/charge", json={"amount": 500}, timeout=10)
    assert (reply.status_code, reply.json()) == (201, {"id": "ch_1"})
    assert [(r.method, r.path, r.json()) for r in stub_http_server.requests] == [
        ("POST", "/charge", {"amount": 500})
    ]


def test_stub_replies_in_sequence_for_retry_tests(stub_http_server):
    """503 first, then 200 for every later call."""
    stub_http_server.route("GET", "/rates", status=503).then(status=200, json={"EUR": 1.1})
    codes = [
        requests.get(stub_http_server.url + "/rates", timeout=10).status_code for _ in range(3)
    ]
    assert codes == [503, 200, 200]


def test_stub_unknown_route_is_404(stub_http_server):
    """Anything not configured is a 404 whose body names the route."""
    reply = requests.get(stub_http_server.url + "/nope", timeout=10)
    assert reply.status_code == 404 and "/nope" in reply.json()["error"]


def test_stub_delay_triggers_client_timeout(stub_http_server):
    """A slow outside API makes the client time out (the stub is cut short at teardown)."""
    stub_http_server.route("GET", "/slow", json={}, delay=5)
    with pytest.raises(requests.Timeout):
        requests.get(stub_http_server.url + "/slow", timeout=0.2)


def test_live_server_logs_no_timestamps_or_addresses(caplog):
    """Captured logs of a failing test must stay stable: no per-request werkzeug lines."""
    import logging

    import flask
    import requests

    from course_lib.testing import LiveServer

    app = flask.Flask("quiet")
    app.get("/health")(lambda: "ok")
    with caplog.at_level(logging.INFO, logger="werkzeug"), LiveServer(app) as server:
        assert requests.get(server.url + "/health", timeout=5).text == "ok"
    assert not [r for r in caplog.records if r.name == "werkzeug"], caplog.text
