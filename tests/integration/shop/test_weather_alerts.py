"""The weather client against the sandbox over real HTTP (and an unkind pytest-httpserver), the
circuit breaker on a fake clock, and the heat alert."""

from __future__ import annotations

import pytest
import requests

from course_lib.shop.gateways.breaker import CircuitBreaker, CircuitOpen
from course_lib.shop.gateways.weather import CityNotFound, WeatherClient, WeatherUnavailable
from course_lib.shop.gateways.weather_sandbox import create_weather_sandbox
from course_lib.shop.usecases.alerts import Reading, TemperatureAlert, WeatherError

pytestmark = pytest.mark.integration

BERLIN = {"city": "Berlin", "temperature": 21.5, "units": "metric"}


@pytest.fixture
def sandbox(live_server):
    return live_server(create_weather_sandbox({"São Paulo": 28.0, "Trinidad & Tobago": 31.0}))


def test_client_reads_celsius_from_the_sandbox(sandbox):
    client = WeatherClient(sandbox.url)
    assert client.current("São Paulo") == Reading("São Paulo", 28.0)
    assert client.current("Trinidad & Tobago").celsius == 31.0
    with pytest.raises(CityNotFound):
        client.current("Atlantis")


def test_sandbox_defaults_to_fahrenheit(sandbox):
    body = requests.get(f"{sandbox.url}/v1/current", params={"city": "São Paulo"}, timeout=5)
    assert body.json() == {"city": "São Paulo", "temperature": 82.4, "units": "imperial"}
    bad = requests.get(f"{sandbox.url}/v1/current", params={"units": "kelvin"}, timeout=5)
    assert bad.status_code == 400


def test_retries_5xx_with_backoff_then_gives_up(httpserver):
    httpserver.expect_request("/v1/current").respond_with_data("<html>", status=502)
    pauses = []
    client = WeatherClient(httpserver.url_for("/"), retries=3, backoff=0.5, sleep=pauses.append)
    with pytest.raises(WeatherUnavailable, match="4 times"):
        client.current("Berlin")
    assert pauses == [0.5, 1.0, 2.0] and len(httpserver.log) == 4


@pytest.mark.parametrize(
    "status,body",
    [
        (400, '{"error": {}}'),
        (200, "<html>"),
        (200, '{"city": "Berlin"}'),
        (200, '{"city": "Berlin", "temperature": 70.7, "units": "imperial"}'),
    ],
)
def test_everything_else_is_weather_unavailable(httpserver, status, body):
    httpserver.expect_request("/v1/current").respond_with_data(body, status=status)
    pauses = []
    with pytest.raises(WeatherUnavailable):
        WeatherClient(httpserver.url_for("/"), sleep=pauses.append).current("Berlin")
    assert pauses == []  # nothing here is worth retrying


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_breaker_reopens_after_a_failed_trial():
    clock, calls = Clock(), []

    def failing():
        calls.append(1)
        raise WeatherUnavailable("down")

    breaker = CircuitBreaker(failures=2, reset_after=10, watch=(WeatherError,), clock=clock)
    for _ in range(2):
        with pytest.raises(WeatherUnavailable):
            breaker.call(failing)
    with pytest.raises(CircuitOpen):
        breaker.call(failing)
    clock.now += 10
    assert breaker.state == "half-open"
    with pytest.raises(WeatherUnavailable):
        breaker.call(failing)  # the one trial fails: open again
    assert breaker.state == "open" and len(calls) == 3
    with pytest.raises(ValueError):
        CircuitBreaker(watch=(WeatherError,)).call(int, "x")  # unwatched errors pass through


class Weather:
    def __init__(self, *values):
        self.values = list(values)

    def current(self, city):
        value = self.values.pop(0)
        if value is None:
            raise WeatherUnavailable("down")
        return Reading(city, value)


class Outbox(list):
    def notify(self, message):
        self.append(message)


@pytest.mark.parametrize(
    "values,alerts",
    [([30.0], 1), ([29.9], 0), ([None], 0), ([31, 32, None, 33], 1), ([31, 20, 31], 2)],
)
def test_alert_story(values, alerts):
    outbox = Outbox()
    rule = TemperatureAlert(Weather(*values), outbox, "Berlin", 30.0)
    for _ in values:
        rule.check()
    assert len(outbox) == alerts
    assert all("°C" in message for message in outbox)
