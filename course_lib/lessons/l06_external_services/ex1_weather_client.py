"""Hidden tests for exercise 06.1: current_celsius(base_url, city, timeout) over a real socket.

The stub (pytest-httpserver) answers like the real API: °F unless the query asks for metric,
404 for unknown cities; error answers come in the shapes real services send (HTML pages, other
JSON), and one route is slow. Every failure must leave as a WeatherError subclass.
"""

from __future__ import annotations

import json

import pytest
from werkzeug import Response

from course_lib.lessons.l06_external_services.stubs import Slow, base_url, closed_url, serve_weather
from course_lib.shop.gateways.weather import CityNotFound, WeatherUnavailable

TEMPERATURES = {"Berlin": 21.5, "São Paulo": 28.0, "Trinidad & Tobago": 31.0, "Oslo": -3.5}


@pytest.fixture
def api(httpserver):
    serve_weather(httpserver, TEMPERATURES)
    return base_url(httpserver)


def _unit_note(expected: float, got) -> str:
    """' — that is °F: ask for units=metric' when `got` is `expected` converted to °F."""
    return " — that is °F: ask for units=metric" if got == round(expected * 9 / 5 + 32, 1) else ""


def _raises(call, expected):
    try:
        got = call()
    except expected:
        return
    except Exception as exc:
        raise AssertionError(
            f"expected {expected.__name__}, got {type(exc).__name__}: {exc}"
        ) from None
    raise AssertionError(f"expected {expected.__name__}, got a return value {got!r}")


def test_reads_degrees_celsius(submission, api):
    """Berlin at 21.5 °C: returns 21.5 (the API answers °F unless you ask for units=metric)"""
    got = submission(api, "Berlin", 2.0)
    assert got == 21.5, f"expected 21.5 (°C), got {got!r}" + _unit_note(21.5, got)


def test_below_zero(submission, api):
    """Oslo at -3.5 °C: returns -3.5, a float"""
    got = submission(api, "Oslo", 2.0)
    assert got == -3.5 and isinstance(got, float), f"expected -3.5, got {got!r}" + _unit_note(
        -3.5, got
    )


def test_non_ascii_city(submission, api):
    """'São Paulo' reaches the API as São Paulo"""
    got = submission(api, "São Paulo", 2.0)
    assert got == 28.0, f"expected 28.0, got {got!r}" + _unit_note(28.0, got)


def test_ampersand_in_the_name(submission, api, httpserver):
    """'Trinidad & Tobago' stays one value (an f-string query splits it at the &)"""
    try:
        value = submission(api, "Trinidad & Tobago", 2.0)
        got = repr(value)
    except Exception as exc:  # the API may have answered 404 for the half name it received
        value, got = None, f"{type(exc).__name__}: {exc}"
    received = [request.args.getlist("city") for request, _response in httpserver.log][-1:]
    split = received != [["Trinidad & Tobago"]]
    advice = (
        f"; the API received city={received!r} — build the query with params=, which encodes "
        "the '&'"
        if split
        else _unit_note(31.0, value)
    )
    assert got == "31.0", f"expected 31.0, got {got}{advice}"


def test_unknown_city(submission, api):
    """An unknown city (404): CityNotFound"""
    _raises(lambda: submission(api, "Atlantis", 2.0), CityNotFound)


def test_server_error_with_an_html_page(submission, httpserver):
    """500 with an HTML error page: WeatherUnavailable (not a JSON error)"""
    httpserver.expect_request("/v1/current").respond_with_data(
        "<html><h1>Internal Server Error</h1></html>", status=500, content_type="text/html"
    )
    _raises(lambda: submission(base_url(httpserver), "Berlin", 2.0), WeatherUnavailable)


def test_server_error_with_other_json(submission, httpserver):
    """503 with {"detail": ...}: WeatherUnavailable (not a KeyError)"""
    httpserver.expect_request("/v1/current").respond_with_json(
        {"detail": "maintenance"}, status=503
    )
    _raises(lambda: submission(base_url(httpserver), "Berlin", 2.0), WeatherUnavailable)


def test_bad_request(submission, httpserver):
    """400: WeatherUnavailable (raise_for_status), not CityNotFound"""
    httpserver.expect_request("/v1/current").respond_with_json(
        {"error": {"code": "bad_request", "message": "units"}}, status=400
    )
    _raises(lambda: submission(base_url(httpserver), "Berlin", 2.0), WeatherUnavailable)


def test_ok_answer_without_a_temperature(submission, httpserver):
    """200 whose body has no temperature: WeatherUnavailable (not a KeyError)"""
    httpserver.expect_request("/v1/current").respond_with_json({"city": "Berlin"})
    _raises(lambda: submission(base_url(httpserver), "Berlin", 2.0), WeatherUnavailable)


def test_slow_server_hits_the_timeout(submission, httpserver):
    """The API needs 0.5 s, the timeout is 0.1 s: WeatherUnavailable (pass timeout= to requests)"""
    body = json.dumps({"city": "Berlin", "temperature": 21.5, "units": "metric"})
    slow = Slow(Response(body, content_type="application/json"), delay=0.5)
    httpserver.expect_request("/v1/current").respond_with_handler(slow)
    try:
        _raises(lambda: submission(base_url(httpserver), "Berlin", 0.1), WeatherUnavailable)
    finally:
        slow.release()


def test_nothing_listens(submission):
    """Connection refused: WeatherUnavailable"""
    _raises(lambda: submission(closed_url(), "Berlin", 2.0), WeatherUnavailable)
