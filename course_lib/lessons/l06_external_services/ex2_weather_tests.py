"""Exercise 06.2: tests for the weather client (course_lib.shop.gateways.weather.WeatherClient)
and five clients that pass a happy-path test against a lenient stub.

The fixture hands the learner the pytest-httpserver stub (`weather.server`), a factory for the
client under test pointed at it (`weather.client()`, with a 0.2 s timeout and a recording fake
`sleep`), and `weather.slow(...)`, a handler that answers only after 0.3 s.
"""

from __future__ import annotations

import json

import requests
from werkzeug import Response

from course_lib.lessons.l06_external_services.stubs import Slow, base_url
from course_lib.shop.gateways.weather import (
    RETRY_STATUSES,
    CityNotFound,
    WeatherClient,
    WeatherUnavailable,
)
from course_lib.shop.usecases.alerts import Reading


class WeatherFixture:
    """What the learner's tests get as `weather`."""

    def __init__(self, impl, server, session: requests.Session):
        self._impl = impl
        self._session = session
        self._slow: list[Slow] = []
        self.server = server
        self.url = base_url(server)
        self.sleeps: list[float] = []

    def client(self, *, timeout: float = 0.2, retries: int = 2, backoff: float = 0.1):
        """The client under test on the stub; its pauses land in `weather.sleeps`."""
        return self._impl(
            self.url,
            session=self._session,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            sleep=self.sleeps.append,
        )

    def slow(self, json_body: object, delay: float = 0.3) -> Slow:
        """A handler (for respond_with_handler) that answers `json_body` after `delay` s."""
        handler = Slow(Response(json.dumps(json_body), content_type="application/json"), delay)
        self._slow.append(handler)
        return handler

    def release(self) -> None:
        for handler in self._slow:
            handler.release()


def provide_weather(impl, request):
    server = request.getfixturevalue("httpserver")
    with requests.Session() as session:
        fixture = WeatherFixture(impl, server, session)
        try:
            yield fixture
        finally:
            fixture.release()


def _retrying_get(client, url, params, retry_statuses, timeout):
    """The reference's retry loop with the knobs the variants turn."""
    for attempt in range(client.retries + 1):
        if attempt:
            client.sleep(client.backoff * 2 ** (attempt - 1))
        try:
            response = client.session.get(url, params=params, **timeout)
        except (requests.Timeout, requests.ConnectionError) as exc:
            failure: Exception = exc
            continue
        if response.status_code not in retry_statuses:
            return response
        failure = requests.HTTPError(str(response.status_code), response=response)
    raise WeatherUnavailable(f"failed {client.retries + 1} times: {failure}") from failure


class NoTimeout(WeatherClient):
    """Bug: never passes timeout=, so a server that stalls stalls the caller (requests has no
    default timeout)."""

    def _get(self, path, params):
        return _retrying_get(self, self.base_url + path, params, RETRY_STATUSES, {})


class ErrorBodyKeyError(WeatherClient):
    """Bug: reads the documented error shape from EVERY failed answer; a 500 HTML page or a
    503 {"detail": ...} leaves as JSONDecodeError/KeyError, not WeatherUnavailable."""

    def current(self, city):
        response = _retrying_get(
            self,
            self.base_url + "/v1/current",
            {"city": city, "units": "metric"},
            frozenset(),
            {"timeout": self.timeout},
        )
        if not response.ok:
            message = response.json()["error"]["message"]
            raise (CityNotFound if response.status_code == 404 else WeatherUnavailable)(message)
        body = response.json()
        return Reading(city=str(body["city"]), celsius=float(body["temperature"]))


class FStringQuery(WeatherClient):
    """Bug: builds the query with an f-string; '&' in a place name splits the parameter."""

    def _get(self, path, params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        url = f"{self.base_url}{path}?{query}"
        return _retrying_get(self, url, None, RETRY_STATUSES, {"timeout": self.timeout})


class ForgetsUnits(WeatherClient):
    """Bug: never asks for units=metric and trusts the number: the API's default is °F."""

    def current(self, city):
        response = self._get("/v1/current", {"city": city})
        if response.status_code == 404:
            raise CityNotFound(city)
        try:
            response.raise_for_status()
            body = response.json()
            return Reading(city=str(body["city"]), celsius=float(body["temperature"]))
        except (requests.HTTPError, ValueError, KeyError, TypeError) as exc:
            raise WeatherUnavailable(str(exc)) from exc


class GivesUpOn5xx(WeatherClient):
    """Bug: retries timeouts only; one 503 (a deploy, a busy node) fails the call."""

    def _get(self, path, params):
        return _retrying_get(
            self, self.base_url + path, params, frozenset(), {"timeout": self.timeout}
        )
