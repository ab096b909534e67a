"""Loopback helpers shared by lesson 06's checks: a weather API on pytest-httpserver.

`serve_weather(httpserver, temperatures)` makes the stub behave like the real API (units default
to imperial, 404 for unknown cities), so a client that forgets `units=metric` or mangles the
query gets what it would get in production. `Slow` answers only after a delay, and is released
at teardown, so a client without a timeout is observed waiting, never hung.
"""

from __future__ import annotations

import json
import socket
import threading

from werkzeug import Request, Response


def weather_answer(temperatures: dict[str, float], request: Request) -> Response:
    """What the real API answers to `request` (see shop/gateways/weather_sandbox.py)."""
    city = request.args.get("city", "")
    units = request.args.get("units", "imperial")
    if city not in temperatures:
        body = {"error": {"code": "city_not_found", "message": f"no weather for {city!r}"}}
        return Response(json.dumps(body), status=404, content_type="application/json")
    celsius = temperatures[city]
    value = celsius if units == "metric" else round(celsius * 9 / 5 + 32, 1)
    body = {"city": city, "temperature": value, "units": units}
    return Response(json.dumps(body), content_type="application/json")


def serve_weather(httpserver, temperatures: dict[str, float]) -> None:
    """Every GET /v1/current on `httpserver` answers like the real API for `temperatures`."""
    httpserver.expect_request("/v1/current").respond_with_handler(
        lambda request: weather_answer(temperatures, request)
    )


class Slow:
    """A handler that answers `answer` after `delay` seconds, or at once when released."""

    def __init__(self, answer: Response, delay: float = 1.0):
        self.answer = answer
        self.delay = delay
        self.released = threading.Event()
        self.calls = 0

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        self.released.wait(self.delay)
        return self.answer

    def release(self) -> None:
        self.released.set()


def base_url(httpserver) -> str:
    """'http://localhost:PORT' without the trailing slash."""
    return httpserver.url_for("/").rstrip("/")


def closed_url() -> str:
    """A loopback URL nothing listens on (bound a moment ago, then closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
