"""HTTP client for the payment provider (API: see gateways/payment_sandbox.py).

The provider wants `amount` in MAJOR units ("12.34" euros), the shop works in cents: the client
converts on the way out and back. A session is injected so tests can point it anywhere.
"""

from __future__ import annotations

import requests

from course_lib.shop.usecases.payments import ChargeResult
from course_lib.shop.usecases.pricing import from_major_units, to_major_units


class PaymentProviderError(Exception):
    """The provider answered with something other than an approval or a decline."""


class HttpPaymentGateway:
    """Implements usecases.payments.PaymentGateway over the provider's REST API."""

    def __init__(
        self, base_url: str, session: requests.Session | None = None, timeout: float = 5.0
    ):
        self.base_url = base_url.rstrip("/")
        self.session = session or requests.Session()
        self.timeout = timeout

    def charge(self, amount_cents: int, currency: str, source: str) -> ChargeResult:
        response = self.session.post(
            f"{self.base_url}/v1/charges",
            json={"amount": to_major_units(amount_cents), "currency": currency, "source": source},
            timeout=self.timeout,
        )
        if response.status_code not in (201, 402):
            raise PaymentProviderError(f"provider said {response.status_code}: {response.text}")
        body = response.json()
        return ChargeResult(
            approved=body["status"] == "succeeded",
            amount_cents=from_major_units(body["amount"]),
            charge_id=body.get("id"),
            reason=body.get("reason"),
        )
