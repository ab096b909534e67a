"""Lesson 06 keeps its promises: the topics are in the notebook, every weather-client variant of
exercise 06.2 and every heat-alert variant of 06.3 passes the happy path and fails exactly where
its hint points, and the claims the lesson makes about the tools hold."""

from __future__ import annotations

import re
import smtplib
from pathlib import Path
from unittest import mock

import nbformat
import pytest
import requests

from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l06_external_services import ex2_weather_tests as ex2
from course_lib.lessons.l06_external_services import ex3_alert_tests as ex3
from course_lib.shop.gateways.weather import WeatherClient, WeatherUnavailable
from course_lib.shop.usecases.alerts import TemperatureAlert

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "06-external-services.ipynb"
BERLIN = {"city": "Berlin", "temperature": 21.5, "units": "metric"}


def _text(kind: str | None = None) -> str:
    cells = nbformat.read(LESSON, as_version=4).cells
    return "\n".join(c.source for c in cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize(
    "needle",
    [
        'mock.patch("forecast.get")',
        'mock.patch("requests.get")',
        "create_autospec",
        "autospec=True",
        "over-mock",
        "@responses.activate",
        "query_param_matcher",
        "respond_with_handler",
        "timeout=None",
        "sleep=pauses.append",
        "Idempotency-Key",
        "CircuitBreaker",
        "clock=lambda",
        'params=["stub", "sandbox"]',
        "jsonschema.validate",
        "smtp_server",
        "UnicodeEncodeError",
        "--allow-hosts=127.0.0.1",
        "socket_disabled",
        "Predict, then run",
    ],
)
def test_lesson_covers(needle):
    assert needle in _text(), f"lesson 06 no longer shows {needle!r}"


def test_lesson_never_sleeps():
    assert not re.search(r"\btime\.sleep\(|^\s*sleep\(", _text("code"), re.M)


@pytest.mark.parametrize("exercise_id", ["06.2", "06.3"])
def test_test_check_has_enough_variants(exercise_id):
    exercise = registry.get(exercise_id)
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 4


# --- 06.2: each client variant passes a lenient happy path and fails where its hint says ---

WEATHER_VARIANTS = {
    "no-timeout": ex2.NoTimeout,
    "error-body-keyerror": ex2.ErrorBodyKeyError,
    "f-string-query": ex2.FStringQuery,
    "forgets-units": ex2.ForgetsUnits,
    "gives-up-on-5xx": ex2.GivesUpOn5xx,
}


@pytest.fixture
def weather_for(request, httpserver):
    fixtures = []

    def make(impl):
        generator = ex2.provide_weather(impl, request)
        fixtures.append(generator)
        return next(generator)

    yield make
    for generator in fixtures:
        generator.close()


def test_the_catalog_names_these_variants():
    assert {v.id for v in registry.get("06.2").variants} == set(WEATHER_VARIANTS)
    assert {v.id for v in registry.get("06.3").variants} == set(ALERT_VARIANTS)


@pytest.mark.parametrize("impl", [WeatherClient, *WEATHER_VARIANTS.values()])
def test_every_client_passes_a_lenient_happy_path(weather_for, impl):
    weather = weather_for(impl)
    weather.server.expect_request("/v1/current").respond_with_json(BERLIN)
    assert weather.client().current("Berlin").celsius == 21.5


def _outcome(call):
    try:
        return call()
    except Exception as exc:
        return type(exc)


def _slow(weather):
    weather.server.expect_request("/v1/current").respond_with_handler(weather.slow(BERLIN))
    return _outcome(lambda: weather.client(retries=0).current("Berlin").celsius)


def _html_500(weather):
    weather.server.expect_request("/v1/current").respond_with_data("<html>", status=500)
    return _outcome(lambda: weather.client().current("Berlin"))


def _ampersand(weather):
    place = "Trinidad & Tobago"
    weather.server.expect_request(
        "/v1/current", query_string={"city": place, "units": "metric"}
    ).respond_with_json({"city": place, "temperature": 31.0, "units": "metric"})
    return _outcome(lambda: weather.client().current(place).celsius)


def _strict_units(weather):
    weather.server.expect_request(
        "/v1/current", query_string={"city": "Berlin", "units": "metric"}
    ).respond_with_json(BERLIN)
    return _outcome(lambda: weather.client().current("Berlin").celsius)


def _503_then_ok(weather):
    weather.server.expect_oneshot_request("/v1/current").respond_with_data("", status=503)
    weather.server.expect_request("/v1/current").respond_with_json(BERLIN)
    return _outcome(lambda: weather.client().current("Berlin").celsius)


SCENARIOS = {  # scenario -> (what the correct client does, variant it exposes, what that does)
    _slow: (WeatherUnavailable, "no-timeout", 21.5),
    _html_500: (WeatherUnavailable, "error-body-keyerror", requests.JSONDecodeError),
    _ampersand: (31.0, "f-string-query", WeatherUnavailable),
    _strict_units: (21.5, "forgets-units", WeatherUnavailable),
    _503_then_ok: (21.5, "gives-up-on-5xx", WeatherUnavailable),
}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__.strip("_"))
def test_the_scenario_separates_reference_and_variant(weather_for, scenario):
    right, variant, wrong = SCENARIOS[scenario]
    assert scenario(weather_for(WeatherClient)) == right
    assert scenario(weather_for(WEATHER_VARIANTS[variant])) == wrong


# --- 06.3: each alert variant alerts on one clearly hot reading, and fails its story ---

ALERT_VARIANTS = {
    "strict-threshold": ex3.StrictThreshold,
    "alerts-when-weather-failed": ex3.AlertsWhenWeatherFailed,
    "compares-fahrenheit": ex3.ComparesFahrenheit,
    "repeats-while-hot": ex3.RepeatsWhileHot,
    "failure-rearms": ex3.FailureRearms,
}


@pytest.fixture
def heat_for(request, httpserver):
    def make(impl):
        return next(ex3.provide_heat(impl, request))

    return make


def _alerts(heat, steps, threshold=30.0):
    rule = heat.rule(threshold_c=threshold)
    for step in steps:
        heat.fail() if step is None else heat.temperature(step)
        rule.check()
    return len(heat.notified)


@pytest.mark.parametrize("impl", [TemperatureAlert, *ALERT_VARIANTS.values()])
def test_every_rule_alerts_once_on_a_hot_day(heat_for, impl):
    assert _alerts(heat_for(impl), [35.0]) == 1


STORIES = {
    "strict-threshold": [30.0],
    "alerts-when-weather-failed": [None],
    "compares-fahrenheit": [25.0],
    "repeats-while-hot": [31.0, 32.0],
    "failure-rearms": [31.0, None, 31.0],
}
CORRECT = {"strict-threshold": 1, "alerts-when-weather-failed": 0, "compares-fahrenheit": 0}


@pytest.mark.parametrize("variant", STORIES)
def test_the_story_separates_reference_and_variant(heat_for, variant):
    steps = STORIES[variant]
    right = _alerts(heat_for(TemperatureAlert), steps)
    assert right == CORRECT.get(variant, 1)
    assert _alerts(heat_for(ALERT_VARIANTS[variant]), steps) != right


# --- claims the lesson makes about the tools ---


def test_requests_has_no_default_timeout():
    adapter = requests.adapters.HTTPAdapter()
    with mock.patch("urllib3.connectionpool.HTTPConnectionPool.urlopen") as urlopen:
        urlopen.side_effect = RuntimeError("stop")
        with requests.Session() as session, pytest.raises(RuntimeError):
            session.mount("http://", adapter)
            session.get("http://127.0.0.1:9/")
    assert urlopen.call_args.kwargs["timeout"].connect_timeout is None


def test_sendmail_with_a_str_message_is_ascii_only(smtp_server):
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=5) as smtp:
        with pytest.raises(UnicodeEncodeError):
            smtp.sendmail("a@example.com", ["b@example.com"], "Subject: x\n\nJosé")
    assert smtp_server.messages == []
