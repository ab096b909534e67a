"""Lesson 01, exercise 01.5: paying for an order end to end (PaymentService, the HTTP client, the
provider's sandbox over real HTTP), correct and with six bugs at its boundaries.

Each bug passes the unit tests its author would write with a mocked gateway or session: the mock
encodes the author's belief. Only a test that runs the real flow and looks at the order, the
result AND what the provider recorded catches all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests

from course_lib.shop.errors import NotFound
from course_lib.shop.gateways.payment_sandbox import create_sandbox_app
from course_lib.shop.gateways.payments import HttpPaymentGateway
from course_lib.shop.models import PAID, PAYMENT_FAILED, Order, OrderLine
from course_lib.shop.repositories.memory import InMemoryOrderRepository
from course_lib.shop.usecases.payments import ChargeResult, PaymentService
from course_lib.shop.usecases.pricing import from_major_units, to_major_units

CURRENCY = "USD"  # not the euro every example uses: a hard-coded "EUR" shows


@dataclass
class PaymentFlow:
    """What the learner's tests get as `payments`."""

    service: PaymentService  # the code under test
    currency: str
    _orders: InMemoryOrderRepository
    _sandbox_url: str
    _http: requests.Session

    def new_order(self, total_cents: int) -> int:
        """Store a pending order worth `total_cents`; return its id."""
        return self._orders.add(Order(1, [OrderLine("A1", 1, total_cents)])).id

    def pay(self, order_id: int, source: str) -> ChargeResult:
        """Pay the order with the card `source` (the code under test)."""
        return self.service.pay(order_id, source)

    def status(self, order_id: int) -> str:
        """The order's status as stored now."""
        return self._orders.get(order_id).status

    def charges(self) -> list[dict]:
        """Every charge the provider recorded, as its sandbox reports them."""
        return self._http.get(f"{self._sandbox_url}/v1/charges", timeout=5).json()


def provide_payments(impl, request):
    """Fixture `payments`: service class `impl` over its client, a fresh sandbox, in USD."""
    sandbox = request.getfixturevalue("live_server")(create_sandbox_app())
    orders = InMemoryOrderRepository()
    with requests.Session() as http:
        service = impl(orders, impl.client(sandbox.url, session=http), currency=CURRENCY)
        yield PaymentFlow(service, CURRENCY, orders, sandbox.url, http)


class Reference(PaymentService):
    """Correct: the shop's PaymentService over the shop's HTTP client."""

    client = HttpPaymentGateway


class _TwinClient(HttpPaymentGateway):
    """The shop's client under another name."""


class Twin(PaymentService):
    """The impostor: the reference's behaviour with another service AND client class."""

    client = _TwinClient


# --- the clients of the buggy flows ---------------------------------------------------------


class _Client(HttpPaymentGateway):
    def _post(self, amount, currency: str, source: str) -> requests.Response:
        return self.session.post(
            f"{self.base_url}/v1/charges",
            json={"amount": amount, "currency": currency, "source": source},
            timeout=self.timeout,
        )


class _CentsClient(_Client):
    """The lesson's draft: posts the shop's cents as the amount and echoes them back."""

    def charge(self, amount_cents, currency, source):
        body = self._post(amount_cents, currency, source).json()
        ok = body["status"] == "succeeded"
        return ChargeResult(ok, amount_cents, body.get("id"), body.get("reason"))


class _StripeFieldsClient(_Client):
    """Reads the decline reason from `decline_code` (another provider's name), not `reason`."""

    def charge(self, amount_cents, currency, source):
        body = self._post(to_major_units(amount_cents), currency, source).json()
        ok, reason = body["status"] == "succeeded", body.get("decline_code")
        return ChargeResult(ok, from_major_units(body["amount"]), body.get("id"), reason)


class _RetryingClient(_Client):
    """Posts again on any answer but 201: a 402 decline is not a failure worth retrying."""

    def charge(self, amount_cents, currency, source):
        for _attempt in range(2):
            response = self._post(to_major_units(amount_cents), currency, source)
            if response.status_code == 201:
                break
        body = response.json()
        ok, reason = body["status"] == "succeeded", body.get("reason")
        return ChargeResult(ok, from_major_units(body["amount"]), body.get("id"), reason)


# --- the buggy flows ------------------------------------------------------------------------


class SendsCents(Reference):
    """Bug: 12.50 is posted as 1250 (1250.00 USD): declined over the limit, or 100x charged."""

    client = _CentsClient


class ReasonDropped(Reference):
    """Bug: the decline reason is read from a field this provider does not send."""

    client = _StripeFieldsClient


class ChargesTwiceOnDecline(Reference):
    """Bug: a declined card is charged a second time by the client's retry."""

    client = _RetryingClient


class _ServiceVariant(Reference):
    def _order(self, order_id: int) -> Order:
        order = self.orders.get(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        return order


class DeclineLeavesPending(_ServiceVariant):
    """Bug: only an approval is recorded; a declined order stays `pending`."""

    def pay(self, order_id, source):
        order = self._order(order_id)
        result = self.gateway.charge(order.total_cents, self.currency, source)
        if result.approved:
            self.orders.set_status(order_id, PAID)
        return result


class CurrencyIgnored(_ServiceVariant):
    """Bug: every order is charged in EUR, whatever currency the shop sells in."""

    def pay(self, order_id, source):
        order = self._order(order_id)
        result = self.gateway.charge(order.total_cents, "EUR", source)
        self.orders.set_status(order_id, PAID if result.approved else PAYMENT_FAILED)
        return result


class PaysTwice(_ServiceVariant):
    """Bug: no check that the order is still pending, so paying it again charges again."""

    def pay(self, order_id, source):
        order = self._order(order_id)
        result = self.gateway.charge(order.total_cents, self.currency, source)
        self.orders.set_status(order_id, PAID if result.approved else PAYMENT_FAILED)
        return result
