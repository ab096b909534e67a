"""Exercise 06.3: tests for the heat alert (course_lib.shop.usecases.alerts.TemperatureAlert)
and five alerts that look right on one hot reading.

The rule reads Berlin's temperature through the real WeatherClient over a pytest-httpserver
stub; `heat.temperature(c)` and `heat.fail()` change what the stub answers between checks,
and `heat.notified` lists the messages sent.
"""

from __future__ import annotations

import requests

from course_lib.lessons.l06_external_services.stubs import base_url
from course_lib.shop.gateways.weather import WeatherClient
from course_lib.shop.usecases.alerts import TemperatureAlert, WeatherError

CITY = "Berlin"


class HeatFixture:
    """What the learner's tests get as `heat`."""

    def __init__(self, impl, server, session: requests.Session):
        self._impl = impl
        self._server = server
        self._weather = WeatherClient(
            base_url(server), session=session, timeout=1.0, retries=0, sleep=lambda _s: None
        )
        self.notified: list[str] = []

    def rule(self, threshold_c: float = 30.0):
        """The alert under test for Berlin: `.check()` reads once, notifies at most once."""
        return self._impl(self._weather, self, CITY, threshold_c)

    def notify(self, message: str) -> None:  # the notifier the rule is given
        self.notified.append(message)

    def temperature(self, celsius: float) -> None:
        """From now on the weather API says it is `celsius` °C in Berlin."""
        self._server.clear_all_handlers()
        self._server.expect_request(
            "/v1/current", query_string={"city": CITY, "units": "metric"}
        ).respond_with_json({"city": CITY, "temperature": celsius, "units": "metric"})

    def fail(self, status: int = 503) -> None:
        """From now on the weather API fails with `status`."""
        self._server.clear_all_handlers()
        self._server.expect_request("/v1/current").respond_with_data(
            "Service Unavailable", status=status
        )


def provide_heat(impl, request):
    server = request.getfixturevalue("httpserver")
    with requests.Session() as session:
        yield HeatFixture(impl, server, session)


class StrictThreshold(TemperatureAlert):
    """Bug: `>` where the rule says 'reaches': exactly at the threshold, no alert."""

    def check(self):
        try:
            reading = self.weather.current(self.city)
        except WeatherError:
            return False
        if not reading.celsius > self.threshold_c:
            self.alerting = False
            return False
        return self._send_once(reading)

    def _send_once(self, reading):
        if self.alerting:
            return False
        self.notifier.notify(f"Heat alert for {reading.city}: {reading.celsius:.1f} °C")
        self.alerting = True
        return True


class AlertsWhenWeatherFailed(StrictThreshold):
    """Bug: 'better one alert too many': a failed weather call sends an alert too."""

    def check(self):
        try:
            reading = self.weather.current(self.city)
        except WeatherError as exc:
            self.notifier.notify(f"Heat alert for {self.city}: could not read ({exc})")
            return True
        if reading.celsius < self.threshold_c:
            self.alerting = False
            return False
        return self._send_once(reading)


class ComparesFahrenheit(StrictThreshold):
    """Bug: compares the threshold (°C) with the reading in °F: 25 °C is 77, 'above 30'."""

    def check(self):
        try:
            reading = self.weather.current(self.city)
        except WeatherError:
            return False
        if reading.fahrenheit < self.threshold_c:
            self.alerting = False
            return False
        return self._send_once(reading)


class RepeatsWhileHot(StrictThreshold):
    """Bug: no memory of the last alert: every check above the threshold sends another one."""

    def check(self):
        try:
            reading = self.weather.current(self.city)
        except WeatherError:
            return False
        if reading.celsius < self.threshold_c:
            return False
        self.notifier.notify(f"Heat alert for {reading.city}: {reading.celsius:.1f} °C")
        return True


class FailureRearms(StrictThreshold):
    """Bug: treats a failed call like 'it cooled down': after a blip, the same heat alerts
    again."""

    def check(self):
        try:
            reading = self.weather.current(self.city)
        except WeatherError:
            self.alerting = False
            return False
        if reading.celsius < self.threshold_c:
            self.alerting = False
            return False
        return self._send_once(reading)
