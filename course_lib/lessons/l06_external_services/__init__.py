"""Lesson 06 (external services): a weather call that cannot hang or misread an error, tests
that catch weather-client and heat-alert bugs over a real loopback HTTP stub, and a verification
e-mail resent through a real SMTP server after a real PostgreSQL commit."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_W = "course_lib.lessons.l06_external_services.ex2_weather_tests"
_A = "course_lib.lessons.l06_external_services.ex3_alert_tests"
# The module that defines `httpserver`, then ours, which replaces its server by one that stops
# in 50 ms instead of 0.5 s (quick_httpserver.py says why).
_HTTP = (
    "pytest_httpserver.pytest_plugin",
    "course_lib.lessons.l06_external_services.quick_httpserver",
)

EXERCISES = [
    CodeExercise(
        id="06.1",
        title="A weather call that cannot hang",
        hidden="course_lib.lessons.l06_external_services.ex1_weather_client",
        signature=Signature("current_celsius(base_url, city, timeout)", returns="a float (°C)"),
        hint="requests.get(f'{base_url}/v1/current', params={'city': city, 'units': 'metric'}, "
        "timeout=timeout) inside try/except (requests.Timeout, requests.ConnectionError) -> "
        "WeatherUnavailable; 404 -> CityNotFound; then response.raise_for_status() (HTTPError "
        "-> WeatherUnavailable); read float(body['temperature']) inside try/except (ValueError, "
        "KeyError, TypeError) -> WeatherUnavailable.",
        timeout=10.0,
        plugins=_HTTP,
    ),
    TestExercise(
        id="06.2",
        title="Tests that catch weather-client bugs",
        fixture="weather",
        provide=f"{_W}:provide_weather",
        reference="course_lib.shop.gateways.weather:WeatherClient",
        hint="Make the stub strict (query_string={'city': ..., 'units': 'metric'}) and unkind: a "
        "name with '&', a 500 HTML page, a 503 then a 200, a slow answer "
        "(respond_with_handler(weather.slow(...))) with retries=0.",
        timeout=15.0,
        plugins=_HTTP,
        variants=(
            Variant(
                "no-timeout",
                "requests gives up on its own after a while.",
                "Serve weather.slow({...}) (answers after 0.3 s) and call "
                "weather.client(retries=0, timeout=0.05).current(...): expect WeatherUnavailable, "
                "not a reading.",
                f"{_W}:NoTimeout",
            ),
            Variant(
                "error-body-keyerror",
                "Every error answer has the documented {'error': {'message'}} body.",
                "Answer 500 with an HTML page (respond_with_data(..., status=500)) or 503 with "
                "{'detail': ...}: expect WeatherUnavailable, not JSONDecodeError or KeyError.",
                f"{_W}:ErrorBodyKeyError",
            ),
            Variant(
                "f-string-query",
                "An f-string builds the query string just as well as params=.",
                "Stub the query exactly (query_string={'city': 'Trinidad & Tobago', 'units': "
                "'metric'}) and ask for that place.",
                f"{_W}:FStringQuery",
            ),
            Variant(
                "forgets-units",
                "The API answers in °C.",
                "Make the stub answer only a query with units=metric (query_string=...), or "
                "check the request it got: the API's default is °F.",
                f"{_W}:ForgetsUnits",
            ),
            Variant(
                "gives-up-on-5xx",
                "A 5xx means the service is down; retrying is pointless.",
                "expect_oneshot_request(...) a 503, then another oneshot with the reading: "
                "expect the reading, and one pause in weather.sleeps.",
                f"{_W}:GivesUpOn5xx",
            ),
        ),
    ),
    TestExercise(
        id="06.3",
        title="Tests that catch heat-alert bugs",
        fixture="heat",
        provide=f"{_A}:provide_heat",
        reference="course_lib.shop.usecases.alerts:TemperatureAlert",
        hint="Drive the rule through a story: exactly at the threshold; below it; a failed "
        "call; hot for several checks; hot, a failure, hot again. After each check, assert on "
        "heat.notified.",
        timeout=15.0,
        plugins=_HTTP,
        variants=(
            Variant(
                "strict-threshold",
                "'Reaches 30 °C' and 'above 30 °C' are the same rule.",
                "heat.temperature(30.0) with rule(threshold_c=30.0): one alert.",
                f"{_A}:StrictThreshold",
            ),
            Variant(
                "alerts-when-weather-failed",
                "When the weather call fails, one alert too many is safer.",
                "heat.fail() then rule.check(): nothing in heat.notified.",
                f"{_A}:AlertsWhenWeatherFailed",
            ),
            Variant(
                "compares-fahrenheit",
                "A temperature is a number; which unit it is in does not matter.",
                "A warm but not hot day (heat.temperature(25.0), threshold 30): no alert.",
                f"{_A}:ComparesFahrenheit",
            ),
            Variant(
                "repeats-while-hot",
                "Each check stands alone; the rule needs no memory.",
                "Stay hot for two or three checks: exactly one alert.",
                f"{_A}:RepeatsWhileHot",
            ),
            Variant(
                "failure-rearms",
                "A failed call means it cooled down.",
                "Hot (alert), then heat.fail() and a check, then hot again: still one alert.",
                f"{_A}:FailureRearms",
            ),
        ),
    ),
    CodeExercise(
        id="06.4",
        title="Resend the verification e-mail, after the commit",
        hidden="course_lib.lessons.l06_external_services.ex4_resend_verification",
        signature=Signature(
            "resend_verification(session, sender, email)",
            returns="True when an e-mail was sent, else False",
        ),
        hint="address = accounts.normalize_email(email); user = session.scalar(select(UserRow)"
        ".where(UserRow.email == address)); no user or user.verified -> return False; token = "
        "secrets.token_urlsafe(32); user.verification_token_hash = accounts.digest(token); "
        "session.commit(); THEN sender.send(address, subject, accounts.VERIFY_LINK + token).",
        timeout=20.0,
    ),
]
