"""Known-wrong and alternative answers for lesson 06 (external services)."""

_CLIENT = """\
import requests
from course_lib.shop.gateways.weather import CityNotFound, WeatherUnavailable

def current_celsius(base_url, city, timeout):
    try:
        response = {call}
    except (requests.Timeout, requests.ConnectionError) as exc:
        raise WeatherUnavailable(str(exc)) from exc
    if response.status_code == 404:
        raise CityNotFound(city)
    {status}
    {read}
"""
_GOOD_CALL = (
    "requests.get(f'{base_url}/v1/current', params={'city': city, 'units': 'metric'}, "
    "timeout=timeout)"
)
_GOOD_STATUS = (
    "try:\n        response.raise_for_status()\n    except requests.HTTPError as exc:\n"
    "        raise WeatherUnavailable(str(response.status_code)) from exc"
)
_GOOD_READ = (
    "try:\n        return float(response.json()['temperature'])\n"
    "    except (ValueError, KeyError, TypeError) as exc:\n"
    "        raise WeatherUnavailable('not a reading') from exc"
)


def _client(call=_GOOD_CALL, status=_GOOD_STATUS, read=_GOOD_READ) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _CLIENT.format(call=call, status=status, read=read)


_RESEND = """\
import secrets
from sqlalchemy import select
from course_lib.shop.db import UserRow
from course_lib.shop.usecases import accounts

def resend_verification(session, sender, email):
    address = {address}
    user = session.scalar(select(UserRow).where(UserRow.email == address))
    if {skip}:
        return False
    token = {token}
    user.verification_token_hash = {stored}
    {before}
    sender.send(address, "New link", accounts.VERIFY_LINK + token)
    {after}
    return True
"""


def _resend(
    address="accounts.normalize_email(email)",
    skip="user is None or user.verified",
    token="secrets.token_urlsafe(32)",
    stored="accounts.digest(token)",
    before="session.commit()",
    after="",
) -> str:
    return _RESEND.format(
        address=address, skip=skip, token=token, stored=stored, before=before, after=after
    )


_BERLIN = 'BERLIN = {"city": "Berlin", "temperature": 21.5, "units": "metric"}\n'

_LENIENT = (
    _BERLIN
    + """
def test_reads_berlin(weather):
    weather.server.expect_request("/v1/current").respond_with_json(BERLIN)
    assert weather.client().current("Berlin").celsius == 21.5
"""
)

_HAPPY_HEAT = """
def test_hot_day_alerts(heat):
    rule = heat.rule(threshold_c=30.0)
    heat.temperature(35.0)
    assert rule.check() is True
    assert len(heat.notified) == 1
"""

WRONG = {
    "06.1": [
        ("def current_celsius(base_url, city, timeout):\n    return 21.5\n", "expected -3.5"),
        (
            _client(
                call="requests.get(f'{base_url}/v1/current', params={'city': city}, "
                "timeout=timeout)"
            ),
            "that is °F",
        ),
        (
            _client(
                call="requests.get(f'{base_url}/v1/current?city={city}&units=metric', "
                "timeout=timeout)"
            ),
            "expected 31.0",
        ),
        (
            _client(
                call="requests.get(f'{base_url}/v1/current', params={'city': city, "
                "'units': 'metric'})"
            ),
            "expected WeatherUnavailable, got a return value",
        ),
        (
            _CLIENT.replace(
                "(requests.Timeout, requests.ConnectionError)", "requests.Timeout"
            ).format(call=_GOOD_CALL, status=_GOOD_STATUS, read=_GOOD_READ),
            "got ConnectionError",
        ),
        (_client(read="return float(response.json()['temperature'])"), "got KeyError"),
    ],
    "06.2": [
        (_LENIENT, "caught 0 of 5"),
        (
            _BERLIN
            + """
def test_strict_query(weather):
    weather.server.expect_request(
        "/v1/current", query_string={"city": "Berlin", "units": "metric"}
    ).respond_with_json(BERLIN)
    assert weather.client().current("Berlin").celsius == 21.5
""",
            "missed",
        ),
        (
            """
import pytest
from course_lib.shop.gateways.weather import WeatherUnavailable

def test_slow_with_default_retries(weather):
    weather.server.expect_request("/v1/current").respond_with_json({"oops": 1}, status=500)
    with pytest.raises(WeatherUnavailable):
        weather.client().current("Berlin")
""",
            "missed",
        ),
        (
            _BERLIN
            + """
def test_wrong_expectation(weather):
    weather.server.expect_request("/v1/current").respond_with_json(BERLIN)
    assert weather.client().current("Berlin").celsius == 70.7
""",
            "fails on the correct implementation",
        ),
    ],
    "06.3": [
        (_HAPPY_HEAT, "caught 0 of 5"),
        (
            _HAPPY_HEAT
            + """
def test_cool_day(heat):
    rule = heat.rule(threshold_c=30.0)
    heat.temperature(10.0)
    assert rule.check() is False
""",
            "missed",
        ),
        (
            """
def test_failure_alerts(heat):
    rule = heat.rule()
    heat.fail()
    rule.check()
    assert len(heat.notified) == 1
""",
            "fails on the correct implementation",
        ),
        (
            """
def test_every_check_alerts(heat):
    rule = heat.rule(threshold_c=30.0)
    heat.temperature(31.0)
    rule.check()
    rule.check()
    assert len(heat.notified) == 2
""",
            "fails on the correct implementation",
        ),
    ],
    "06.4": [
        (_resend(before="", after="session.commit()"), "before session.commit()"),
        (_resend(stored="token"), "expected digest(token)"),
        (_resend(address="email"), "expected True and one e-mail to ann@example.com"),
        (_resend(skip="user is None"), "expected False and no e-mail"),
        (_resend(token="'fixed-token'"), "expected a new token per e-mail"),
        (
            "def resend_verification(session, sender, email):\n"
            "    sender.send(email, 'New link', 'https://shop.example/verify?token=abc')\n"
            "    return True\n",
            "failed",
        ),
    ],
}

ALTERNATIVES = {
    "06.1": [
        # a Session with raise_for_status and one except for every requests failure
        """
import requests
from course_lib.shop.gateways.weather import CityNotFound, WeatherUnavailable

def current_celsius(base_url, city, timeout):
    with requests.Session() as session:
        try:
            response = session.get(base_url + "/v1/current", timeout=timeout,
                                   params=[("city", city), ("units", "metric")])
            if response.status_code == 404:
                raise CityNotFound(city)
            response.raise_for_status()
            return float(response.json()["temperature"])
        except CityNotFound:
            raise
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            raise WeatherUnavailable(repr(exc)) from exc
""",
        # the shop's own client, no retries
        """
from course_lib.shop.gateways.weather import WeatherClient

def current_celsius(base_url, city, timeout):
    return WeatherClient(base_url, timeout=timeout, retries=0).current(city).celsius
""",
        # a class with a status table and explicit checks instead of exceptions
        """
import requests
from course_lib.shop.gateways.weather import CityNotFound, WeatherUnavailable

class _Api:
    def __init__(self, base_url, timeout):
        self.url, self.timeout = base_url + "/v1/current", timeout

    def fetch(self, city):
        try:
            return requests.get(self.url, params={"units": "metric", "city": city},
                                timeout=(self.timeout, self.timeout))
        except requests.RequestException as exc:
            raise WeatherUnavailable("no answer") from exc

def current_celsius(base_url, city, timeout):
    response = _Api(base_url, timeout).fetch(city)
    if response.status_code == 404:
        raise CityNotFound(city)
    if response.status_code != 200:
        raise WeatherUnavailable(f"status {response.status_code}")
    if "json" not in response.headers.get("Content-Type", ""):
        raise WeatherUnavailable("not JSON")
    body = response.json()
    value = body.get("temperature") if isinstance(body, dict) else None
    if not isinstance(value, (int, float)):
        raise WeatherUnavailable("no temperature")
    return float(value)
""",
    ],
    "06.2": [
        # a class, parametrized error answers, a helper fixture for the strict stub
        """
import pytest
from course_lib.shop.gateways.weather import WeatherUnavailable

def _reading(city, celsius):
    return {"city": city, "temperature": celsius, "units": "metric"}

@pytest.fixture
def strict(weather):
    def serve(city, celsius):
        weather.server.expect_request(
            "/v1/current", query_string={"city": city, "units": "metric"}
        ).respond_with_json(_reading(city, celsius))
    return serve

class TestWeatherClient:
    @pytest.mark.parametrize("city", ["Berlin", "Trinidad & Tobago"])
    def test_strict_query(self, weather, strict, city):
        strict(city, 20.0)
        assert weather.client().current(city).celsius == 20.0

    @pytest.mark.parametrize("status,body", [(500, "<html>oops</html>"), (503, '{"detail": 1}')])
    def test_error_pages(self, weather, status, body):
        weather.server.expect_request("/v1/current").respond_with_data(body, status=status)
        with pytest.raises(WeatherUnavailable):
            weather.client().current("Berlin")

    def test_retry_then_success(self, weather, strict):
        weather.server.expect_oneshot_request("/v1/current").respond_with_data("", status=502)
        strict("Berlin", 19.0)
        assert weather.client().current("Berlin").celsius == 19.0

    def test_timeout(self, weather):
        handler = weather.slow(_reading("Berlin", 1.0))
        weather.server.expect_request("/v1/current").respond_with_handler(handler)
        with pytest.raises(WeatherUnavailable):
            weather.client(retries=0).current("Berlin")
""",
        # inspect what the server received (httpserver.log) instead of a strict matcher
        """
import pytest
from course_lib.shop.gateways.weather import WeatherUnavailable

def test_query_as_received(weather):
    weather.server.expect_request("/v1/current").respond_with_json(
        {"city": "Trinidad & Tobago", "temperature": 30.0, "units": "metric"})
    weather.client().current("Trinidad & Tobago")
    request, _ = weather.server.log[-1]
    assert request.args.getlist("city") == ["Trinidad & Tobago"]
    assert request.args.get("units") == "metric"

def test_html_500_then_timeout_and_503(weather):
    weather.server.expect_oneshot_request("/v1/current").respond_with_data("x", status=503)
    weather.server.expect_oneshot_request("/v1/current").respond_with_data("<p>", status=500)
    weather.server.expect_oneshot_request("/v1/current").respond_with_data("<p>", status=500)
    with pytest.raises(WeatherUnavailable, match="3 times"):
        weather.client(retries=2).current("Berlin")
    assert len(weather.sleeps) == 2

def test_503_then_ok(weather):
    weather.server.expect_ordered_request("/v1/current").respond_with_data("", status=503)
    weather.server.expect_ordered_request("/v1/current").respond_with_json(
        {"city": "Berlin", "temperature": 5.0, "units": "metric"})
    assert weather.client().current("Berlin").celsius == 5.0

def test_slow(weather):
    weather.server.expect_request("/v1/current").respond_with_handler(
        weather.slow({"city": "Berlin", "temperature": 5.0, "units": "metric"}))
    try:
        weather.client(retries=0).current("Berlin")
    except WeatherUnavailable:
        return
    pytest.fail("a 0.3 s answer with a 0.2 s timeout returned a reading")
""",
        # unittest-style helpers on a class
        """
import pytest
from course_lib.shop.gateways.weather import WeatherUnavailable

class TestUnkindServer:
    def given(self, weather, **query):
        return weather.server.expect_request("/v1/current", query_string=query)

    def test_metric_and_ampersand(self, weather):
        self.given(weather, city="Trinidad & Tobago", units="metric").respond_with_json(
            {"city": "Trinidad & Tobago", "temperature": 29.5, "units": "metric"})
        assert weather.client().current("Trinidad & Tobago").celsius == 29.5

    def test_errors_and_retry(self, weather):
        weather.server.expect_oneshot_request("/v1/current").respond_with_data("", status=504)
        weather.server.expect_request("/v1/current").respond_with_data("<b>", status=500)
        with pytest.raises(WeatherUnavailable):
            weather.client(retries=1).current("Berlin")
        assert weather.sleeps == [0.1]

    def test_a_503_then_a_reading(self, weather):
        weather.server.expect_oneshot_request("/v1/current").respond_with_data("", status=503)
        self.given(weather, city="Oslo", units="metric").respond_with_json(
            {"city": "Oslo", "temperature": -2.0, "units": "metric"})
        assert weather.client().current("Oslo").celsius == -2.0

    def test_slow(self, weather):
        weather.server.expect_request("/v1/current").respond_with_handler(
            weather.slow({"city": "Berlin", "temperature": 3.0, "units": "metric"}))
        with pytest.raises(WeatherUnavailable):
            weather.client(retries=0, timeout=0.1).current("Berlin")
""",
    ],
    "06.3": [
        # parametrized stories: (steps, expected number of alerts)
        """
import pytest

STORIES = {
    "exactly-at": ([30.0], 1),
    "warm": ([25.0], 0),
    "failed": (["fail"], 0),
    "hot-spell": ([31.0, 32.0, 33.0], 1),
    "blip": ([31.0, "fail", 31.0], 1),
    "twice": ([31.0, 10.0, 31.0], 2),
}

@pytest.mark.parametrize("steps,alerts", STORIES.values(), ids=STORIES.keys())
def test_story(heat, steps, alerts):
    rule = heat.rule(threshold_c=30.0)
    for step in steps:
        heat.fail() if step == "fail" else heat.temperature(step)
        rule.check()
    assert len(heat.notified) == alerts
""",
        # a class with a helper fixture that runs one step and returns check()'s result
        """
import pytest

@pytest.fixture
def step(heat):
    rule = heat.rule(threshold_c=30.0)
    def run(value):
        if value is None:
            heat.fail()
        else:
            heat.temperature(value)
        return rule.check()
    return run

class TestHeatAlert:
    def test_threshold_is_inclusive(self, step):
        assert step(30.0) is True

    def test_below_is_quiet(self, step, heat):
        assert step(29.9) is False and heat.notified == []

    def test_failure_is_quiet(self, step, heat):
        assert step(None) is False and heat.notified == []

    def test_once_per_spell(self, step, heat):
        assert [step(v) for v in (35.0, 36.0, None, 35.0)] == [True, False, False, False]
""",
        # one long test, asserting the return value after every check
        """
def test_the_whole_summer(heat):
    rule = heat.rule(threshold_c=28.0)
    results = []
    for action in (20.0, 28.0, 29.0, "fail", 30.0, 27.0, "fail", 31.0):
        if action == "fail":
            heat.fail(status=500)
        else:
            heat.temperature(action)
        results.append(rule.check())
    assert results == [False, True, False, False, False, False, False, True]
    assert len(heat.notified) == 2
""",
    ],
    "06.4": [
        # a small class with a query helper; commit inside a try
        """
import secrets
from sqlalchemy import select
from course_lib.shop.db import UserRow
from course_lib.shop.usecases.accounts import VERIFY_LINK, digest, normalize_email

class _Resender:
    def __init__(self, session, sender):
        self.session, self.sender = session, sender

    def unverified(self, address):
        user = self.session.scalars(select(UserRow).filter_by(email=address)).first()
        return user if user is not None and not user.verified else None

    def __call__(self, email):
        address = normalize_email(email)
        user = self.unverified(address)
        if user is None:
            return False
        token = secrets.token_urlsafe(32)
        user.verification_token_hash = digest(token)
        try:
            self.session.commit()
        except Exception:
            self.session.rollback()
            raise
        self.sender.send(address, "Confirm your address", f"Link: {VERIFY_LINK}{token}")
        return True

def resend_verification(session, sender, email):
    return _Resender(session, sender)(email)
""",
        # an UPDATE ... WHERE statement instead of loading the row
        """
import secrets
from sqlalchemy import update
from course_lib.shop.db import UserRow
from course_lib.shop.usecases import accounts

def resend_verification(session, sender, email):
    address = accounts.normalize_email(email)
    token = secrets.token_urlsafe(32)
    changed = session.execute(
        update(UserRow)
        .where(UserRow.email == address, UserRow.verified.is_(False))
        .values(verification_token_hash=accounts.digest(token))
    ).rowcount
    session.commit()
    if changed != 1:
        return False
    sender.send(address, "Your link", "Please confirm:\\n" + accounts.VERIFY_LINK + token + "\\n")
    return True
""",
        # hex token, early returns, message text built first
        """
import secrets
from sqlalchemy import select
from course_lib.shop.db import UserRow
from course_lib.shop.usecases import accounts

def resend_verification(session, sender, email):
    try:
        address = accounts.normalize_email(email)
    except ValueError:
        return False
    user = session.execute(select(UserRow).where(UserRow.email == address)).scalar_one_or_none()
    if user is None:
        return False
    if user.verified:
        return False
    token = secrets.token_hex(32)
    body = f"Hello again,\\n\\n{accounts.VERIFY_LINK}{token}\\n"
    user.verification_token_hash = accounts.digest(token)
    session.flush()
    session.commit()
    sender.send(address, "Confirm your e-mail", body)
    return True
""",
    ],
}
