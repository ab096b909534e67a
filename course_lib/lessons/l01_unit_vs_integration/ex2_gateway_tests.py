"""Lesson 01, exercise 01.2: the payment provider's HTTP client, correct and with five bugs.

Every bug sits at the boundary between the shop and the provider, so each one sails through
unit tests that mock `requests` and is caught by a test that talks to the provider's sandbox.
"""

from __future__ import annotations

import requests

from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.gateways.payments import HttpPaymentGateway, PaymentProviderError
from course_lib.shop.usecases.payments import ChargeResult
from course_lib.shop.usecases.pricing import from_major_units, to_major_units

Reference = HttpPaymentGateway


def provide_gateway(impl, request):
    """Fixture `gateway`: a client of class `impl` pointed at a fresh sandbox over real HTTP."""
    sandbox = request.getfixturevalue("live_server")(create_sandbox_app())
    with requests.Session() as session:
        yield impl(sandbox.url, session=session)


class _Variant(HttpPaymentGateway):
    def _post(self, amount, currency: str, source: str) -> requests.Response:
        return self.session.post(
            f"{self.base_url}/v1/charges",
            json={"amount": amount, "currency": currency, "source": source},
            timeout=self.timeout,
        )

    @staticmethod
    def _result(body: dict, amount_cents: int) -> ChargeResult:
        return ChargeResult(
            body["status"] == "succeeded", amount_cents, body.get("id"), body.get("reason")
        )


class SendsCents(_Variant):
    """Bug: sends the shop's cents where the provider expects euros (1250 -> 1250.00 EUR)."""

    def charge(self, amount_cents, currency, source):
        body = self._post(amount_cents, currency, source).json()
        return self._result(body, from_major_units(body["amount"]))


class ReturnsDict(_Variant):
    """Bug: returns the provider's JSON body instead of a ChargeResult."""

    def charge(self, amount_cents, currency, source):
        return self._post(to_major_units(amount_cents), currency, source).json()


class DeclineRaises(_Variant):
    """Bug: treats the provider's 402 'declined' answer as a failure of the call."""

    def charge(self, amount_cents, currency, source):
        response = self._post(to_major_units(amount_cents), currency, source)
        if response.status_code != 201:
            raise PaymentProviderError(f"provider said {response.status_code}")
        return self._result(response.json(), from_major_units(response.json()["amount"]))


class AmountBackNotConverted(_Variant):
    """Bug: reads the provider's "12.50" back as 12 cents."""

    def charge(self, amount_cents, currency, source):
        body = self._post(to_major_units(amount_cents), currency, source).json()
        return self._result(body, int(float(body["amount"])))


class ChargeIdMeansApproved(_Variant):
    """Bug: any answer with a charge id counts as approved, declines included."""

    def charge(self, amount_cents, currency, source):
        body = self._post(to_major_units(amount_cents), currency, source).json()
        return ChargeResult(
            "id" in body, from_major_units(body["amount"]), body.get("id"), body.get("reason")
        )
