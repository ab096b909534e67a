"""HTTP client for the outside weather API (API: see gateways/weather_sandbox.py).

Everything that goes wrong with a remote service is handled here, once: the query string is
built by requests (`params=`, so "São Paulo" and "Rock & Roll" are encoded), every call has a
timeout, 5xx answers, timeouts and refused connections are retried with exponential backoff
through an injected `sleep` (tests pass a fake and run instantly), and every failure leaves as
`WeatherUnavailable` or `CityNotFound` — both `WeatherError`s — never as a KeyError on a body
that was an error page.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from course_lib.shop.usecases.alerts import Reading, WeatherError

RETRY_STATUSES = frozenset({500, 502, 503, 504})


class WeatherUnavailable(WeatherError):
    """The service failed, timed out, or answered something that is not a reading."""


class CityNotFound(WeatherError):
    """The service does not know the city (404): retrying will not help."""


class WeatherClient:
    """Implements usecases.alerts.TemperatureSource over the weather API."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: float = 2.0,
        retries: int = 2,
        backoff: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep

    def current(self, city: str) -> Reading:
        """The temperature in `city` now, in °C."""
        response = self._get("/v1/current", {"city": city, "units": "metric"})
        if response.status_code == 404:
            raise CityNotFound(f"the weather service does not know {city!r}")
        try:
            response.raise_for_status()
        except requests.HTTPError as exc:
            raise WeatherUnavailable(f"weather service said {response.status_code}") from exc
        try:
            body = response.json()
            if body["units"] != "metric":
                raise ValueError(f"asked for metric, got {body['units']!r}")
            return Reading(city=str(body["city"]), celsius=float(body["temperature"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise WeatherUnavailable(f"not a reading: {response.text[:100]!r}") from exc

    def _get(self, path: str, params: dict) -> requests.Response:
        """GET with retries: 5xx, timeouts and refused connections; others return at once."""
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))  # 0.2 s, 0.4 s, 0.8 s, ...
            try:
                response = self.session.get(
                    self.base_url + path, params=params, timeout=self.timeout
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                failure: Exception = exc
                continue
            if response.status_code not in RETRY_STATUSES:
                return response
            failure = requests.HTTPError(f"{response.status_code}", response=response)
        raise WeatherUnavailable(
            f"weather service failed {self.retries + 1} times; last: {failure}"
        ) from failure
