"""Known-wrong and alternative answers for lesson 01 (see course_lib/checks/README.md, "Bank").

WRONG entries are mistakes learners really make; several passed the thinner suite this lesson
had before (unpadded cents, a float detour, a hard-coded reason or currency, sums for scores).
"""

_CLIENT_INIT = (
    "import requests\n"
    "from course_lib.shop.usecases.payments import ChargeResult\n"
    "from course_lib.shop.usecases.pricing import from_major_units, to_major_units\n\n"
    "class SandboxPaymentClient:\n"
    "    def __init__(self, base_url, session=None):\n"
    "        self.base_url = base_url\n"
    "        self.session = session or requests.Session()\n\n"
)
_CLIENT_HEAD = _CLIENT_INIT + "    def charge(self, amount_cents, currency, source):\n"


def _client(amount: str, back: str, currency: str = "currency", reason: str = "body.get('reason')"):
    """A client posting `amount`, reading `back` as cents: most 01.1 mistakes are one of these."""
    return (
        _CLIENT_HEAD
        + "        body = self.session.post(self.base_url + '/v1/charges', timeout=5,\n"
        f"            json={{'amount': {amount}, 'currency': {currency},\n"
        "                  'source': source}).json()\n"
        "        ok = body['status'] == 'succeeded'\n"
        f"        return ChargeResult(ok, {back}, body.get('id'), {reason})\n"
    )


_EUROS = "to_major_units(amount_cents)"
_CENTS_BACK = "from_major_units(body['amount'])"

_WRONG_01_1 = [
    (_client("amount_cents", "amount_cents"), "expects major units"),
    (
        _CLIENT_HEAD
        + "        return self.session.post(self.base_url + '/v1/charges', timeout=5,\n"
        "            json={'amount': to_major_units(amount_cents), 'currency': currency,\n"
        "                  'source': source}).json()\n",
        "expected a ChargeResult",
    ),
    (
        _CLIENT_HEAD
        + "        response = self.session.post(self.base_url + '/v1/charges', timeout=5,\n"
        "            json={'amount': to_major_units(amount_cents), 'currency': currency,\n"
        "                  'source': source})\n"
        "        response.raise_for_status()\n"
        "        body = response.json()\n"
        "        return ChargeResult(True, from_major_units(body['amount']), body['id'])\n",
        "raised HTTPError",
    ),
    (
        _CLIENT_INIT + "    def charge(self, amount_cents):\n        return None\n",
        "charge(amount_cents, currency, source)",
    ),
    # cents not padded: 1205 -> "12.5"; passed the old suite (1250 -> "12.50")
    (_client("f'{amount_cents // 100}.{amount_cents % 100}'", _CENTS_BACK), "pads the cents"),
    # a float detour on the way back: passed the old suite
    (_client(_EUROS, "int(float(body['amount']) * 100)"), "int() loses a cent"),
    # every decline taken for a declined card: passed the old suite
    (
        _client(_EUROS, _CENTS_BACK, reason="None if ok else 'card_declined'"),
        "don't assume every decline is a declined card",
    ),
    # the currency hard-coded: passed the old suite
    (_client(_EUROS, _CENTS_BACK, currency="'EUR'"), "expected the provider to record USD"),
    # the statement's worked example hard-coded
    (_client("'12.50'", "1250"), "expected the provider to record 45.75 EUR for 4575 cents"),
    # the provider's id dropped
    (_client(_EUROS, _CENTS_BACK).replace("body.get('id')", "None"), "the id the provider"),
]

_TEST_HEAD = "import pytest\nfrom course_lib.shop.usecases.payments import ChargeResult\n\n"

_WRONG_01_2 = [
    (
        _TEST_HEAD + "def test_it_answers(gateway):\n    gateway.charge(500, 'EUR', 'tok_visa')\n",
        "catch nothing",
    ),
    (
        _TEST_HEAD + "def test_approved(gateway):\n"
        "    assert gateway.charge(1250, 'EUR', 'tok_visa').approved\n",
        "caught 2 of 5 bugs (missed: decline-raises, amount-back-not-converted, "
        "charge-id-means-approved)",
    ),
    (
        _TEST_HEAD + "def test_amount_in_euros(gateway):\n"
        "    assert gateway.charge(1250, 'EUR', 'tok_visa').amount_cents == 12.5\n",
        "fails on the correct implementation",
    ),
    (_TEST_HEAD + "def test_todo(gateway):\n    raise NotImplementedError\n", "not done yet"),
    (
        _TEST_HEAD + "def test_type(gateway):\n"
        "    assert isinstance(gateway.charge(500, 'EUR', 'tok_visa'), ChargeResult)\n",
        "caught 1 of 5 bugs",
    ),
    # believes a decline raises
    (
        _TEST_HEAD + "def test_decline(gateway):\n    with pytest.raises(Exception):\n"
        "        gateway.charge(500, 'EUR', 'tok_declined')\n",
        "fails on the correct implementation",
    ),
    # forgets the provider's limit: 1500.00 EUR is declined
    (
        _TEST_HEAD + "def test_big_order(gateway):\n"
        "    assert gateway.charge(150000, 'EUR', 'tok_visa').approved\n",
        "fails on the correct implementation",
    ),
]

_STUB_HEAD = "from course_lib.shop.usecases.payments import ChargeResult\n\n"
_STUB_INIT = "class StubGateway:\n    def __init__(self):\n        self.calls = []\n\n"
_RECORD = (
    "    def charge(self, amount_cents, currency, source):\n"
    "        self.calls.append((amount_cents, currency, source))\n"
)

_WRONG_01_3 = [
    (
        _STUB_HEAD
        + _STUB_INIT
        + _RECORD
        + "        return {'approved': source != 'tok_declined', 'amount_cents': amount_cents}\n",
        "expected a ChargeResult",
    ),
    (
        _STUB_HEAD
        + _STUB_INIT
        + _RECORD
        + "        return ChargeResult(True, amount_cents, 'stub')\n",
        "expected tok_declined to be declined",
    ),
    (
        _STUB_HEAD + "class StubGateway:\n"
        "    def charge(self, amount_cents, currency, source):\n"
        "        ok = source != 'tok_declined'\n"
        "        reason = None if ok else 'card_declined'\n"
        "        return ChargeResult(ok, amount_cents, 'stub', reason)\n",
        "expected .calls to list both charges",
    ),
    # one list shared by every stub
    (
        _STUB_HEAD
        + "class StubGateway:\n    calls = []\n\n"
        + _RECORD
        + "        ok = source != 'tok_declined'\n"
        "        return ChargeResult(ok, amount_cents, 'stub', None if ok else 'card_declined')\n",
        "the list is shared",
    ),
    # approves only the one card it knows: passed the old suite
    (
        _STUB_HEAD + _STUB_INIT + _RECORD + "        ok = source == 'tok_visa'\n"
        "        return ChargeResult(ok, amount_cents, 'stub', None if ok else 'card_declined')\n",
        "expected tok_mastercard to be approved",
    ),
    # no charge id: passed the old suite
    (
        _STUB_HEAD + _STUB_INIT + _RECORD + "        ok = source != 'tok_declined'\n"
        "        return ChargeResult(ok, amount_cents, None, None if ok else 'card_declined')\n",
        "expected a non-empty string charge_id",
    ),
    # the example amount hard-coded: passed the old suite
    (
        _STUB_HEAD + _STUB_INIT + _RECORD + "        ok = source != 'tok_declined'\n"
        "        return ChargeResult(ok, 1250, 'stub', None if ok else 'card_declined')\n",
        "expected amount_cents 4321 echoed back",
    ),
    # a reason on approvals too: passed the old suite
    (
        _STUB_HEAD + _STUB_INIT + _RECORD + "        ok = source != 'tok_declined'\n"
        "        return ChargeResult(ok, amount_cents, 'stub', 'ok' if ok else 'card_declined')\n",
        "expected reason None on an approval",
    ),
]

_RANK = "def rank_by_risk(boundaries):\n"

_WRONG_01_4 = [
    (
        _RANK + "    return [b[0] for b in sorted(boundaries, key=lambda b: b[1] * b[2])]\n",
        "risk scores are 20, 9, 6, 2",
    ),
    (
        _RANK + "    boundaries.sort(key=lambda b: (-b[1] * b[2], b[0]))\n"
        "    return [b[0] for b in boundaries]\n",
        "changed the list it was given",
    ),
    (
        _RANK + "    return [b[0] for b in sorted(boundaries, key=lambda b: -b[1] * b[2])]\n",
        "ties in name order",
    ),
    # adds instead of multiplying: passed the old suite
    (
        _RANK
        + "    return [b[0] for b in sorted(boundaries, key=lambda b: (-(b[1] + b[2]), b[0]))]\n",
        "as sums they would be 5 and 6",
    ),
    # reverse=True also reverses the names of ties
    (
        _RANK + "    ranked = sorted(boundaries, key=lambda b: (b[1] * b[2], b[0]), reverse=True)\n"
        "    return [b[0] for b in ranked]\n",
        "reverse=True on (score, name) also reverses the names",
    ),
    # likelihood first, impact second
    (
        _RANK + "    ranked = sorted(boundaries, key=lambda b: (-b[1], -b[2], b[0]))\n"
        "    return [b[0] for b in ranked]\n",
        "not by likelihood",
    ),
    # the lesson's plan hard-coded
    (
        _RANK
        + "    return ['payment service -> payment provider', 'order service -> orders table',\n"
        "            'stock -> products table', 'emails -> SMTP relay',\n"
        "            'catalogue page -> products table']\n",
        "risk scores are 20, 9, 6, 2",
    ),
    # returns the tuples
    (
        _RANK + "    return sorted(boundaries, key=lambda b: (-b[1] * b[2], b[0]))\n",
        "names, not tuples",
    ),
]

# --- 01.5: tests of the whole payment flow --------------------------------------------------

_FLOW_HEAD = "import pytest\nfrom course_lib.shop.errors import InvalidInput\n\n"

_WRONG_01_5 = [
    (  # runs the flow, asserts nothing
        _FLOW_HEAD + "def test_pay(payments):\n"
        "    payments.pay(payments.new_order(1250), 'tok_visa')\n",
        "catch nothing",
    ),
    (  # the lesson's bug in the test: believes the provider counts in cents
        _FLOW_HEAD + "def test_provider_gets_the_total(payments):\n"
        "    payments.pay(payments.new_order(1250), 'tok_visa')\n"
        "    assert payments.charges()[0]['amount'] == '1250'\n",
        "fails on the correct implementation",
    ),
    (  # believes a decline raises, as 01.2's buggy client did
        _FLOW_HEAD + "def test_decline(payments):\n"
        "    with pytest.raises(Exception):\n"
        "        payments.pay(payments.new_order(1250), 'tok_declined')\n",
        "fails on the correct implementation",
    ),
    (  # checks which classes are wired, not what they do
        _FLOW_HEAD + "from course_lib.shop.gateways.payments import HttpPaymentGateway\n\n"
        "def test_uses_the_real_client(payments):\n"
        "    assert type(payments.service.gateway) is HttpPaymentGateway\n",
        "checks which implementation it got",
    ),
    (  # the same, by name
        _FLOW_HEAD + "def test_is_the_shop_service(payments):\n"
        "    payments.pay(payments.new_order(1250), 'tok_visa')\n"
        "    assert type(payments.service).__name__ == 'Reference'\n",
        "checks which implementation it got",
    ),
    (  # a small order with the draft client is approved too: status alone proves little
        _FLOW_HEAD + "def test_small_order_is_paid(payments):\n"
        "    order_id = payments.new_order(500)\n"
        "    assert payments.pay(order_id, 'tok_visa').approved\n"
        "    assert payments.status(order_id) == 'paid'\n",
        "catch nothing",
    ),
    (  # the happy path only, looked at thoroughly
        _FLOW_HEAD + "def test_approved(payments):\n"
        "    order_id = payments.new_order(1250)\n"
        "    assert payments.pay(order_id, 'tok_visa').approved\n"
        "    assert [(c['amount'], c['currency']) for c in payments.charges()] == [\n"
        "        ('12.50', payments.currency)]\n",
        "caught 2 of 6 bugs (missed: reason-dropped, decline-leaves-pending, "
        "charges-twice-on-decline, pays-twice)",
    ),
    (  # the result only, as a mocked unit test would: not the order, not the provider
        _FLOW_HEAD + "def test_declined_result(payments):\n"
        "    result = payments.pay(payments.new_order(1250), 'tok_declined')\n"
        "    assert (result.approved, result.reason) == (False, 'card_declined')\n",
        "caught 1 of 6 bugs",
    ),
    (  # counts charges across tests in a module global
        _FLOW_HEAD + "seen = []\n\n"
        "def test_one_charge_per_payment(payments):\n"
        "    payments.pay(payments.new_order(1250), 'tok_visa')\n"
        "    seen.extend(payments.charges())\n"
        "    assert len(seen) == 1\n",
        "order-dependent",
    ),
    (_FLOW_HEAD + "def test_todo(payments):\n    raise NotImplementedError\n", "not done yet"),
]

_FLOW_CLASS = (
    _FLOW_HEAD
    + """\
class TestPaymentFlow:
    def pay_new(self, payments, cents, source):
        order_id = payments.new_order(cents)
        return order_id, payments.pay(order_id, source)

    def test_approved_is_paid_in_major_units_and_shop_currency(self, payments):
        order_id, result = self.pay_new(payments, 2999, "tok_visa")
        assert result.approved and payments.status(order_id) == "paid"
        [charge] = payments.charges()
        assert (charge["amount"], charge["currency"]) == ("29.99", payments.currency)

    def test_declined_is_recorded_once_with_its_reason(self, payments):
        order_id, result = self.pay_new(payments, 2999, "tok_declined")
        assert result.reason == "card_declined"
        assert payments.status(order_id) == "payment_failed"
        assert [c["status"] for c in payments.charges()] == ["declined"]

    def test_second_payment_is_refused(self, payments):
        order_id, _ = self.pay_new(payments, 100, "tok_visa")
        with pytest.raises(InvalidInput):
            payments.pay(order_id, "tok_visa")
        assert len(payments.charges()) == 1
"""
)

_FLOW_PARAMETRIZED = (
    _FLOW_HEAD
    + """\
@pytest.mark.parametrize(
    "cents, source, status, reason",
    [
        (1250, "tok_visa", "paid", None),
        (1250, "tok_declined", "payment_failed", "card_declined"),
        (150000, "tok_visa", "payment_failed", "amount_over_limit"),
    ],
    ids=["approved", "card-declined", "over-limit"],
)
def test_one_payment(payments, cents, source, status, reason):
    order_id = payments.new_order(cents)
    result = payments.pay(order_id, source)
    assert (result.reason, payments.status(order_id)) == (reason, status)
    amount = f"{cents // 100}.{cents % 100:02d}"
    assert [(c["amount"], c["currency"]) for c in payments.charges()] == [
        (amount, payments.currency)
    ]


def test_paying_twice_is_refused(payments):
    order_id = payments.new_order(1250)
    payments.pay(order_id, "tok_visa")
    with pytest.raises(InvalidInput, match="not pending"):
        payments.pay(order_id, "tok_visa")
"""
)

_FLOW_FIXTURES = (
    _FLOW_HEAD
    + '''\
@pytest.fixture
def declined(payments):
    """An order paid with a declined card: (order id, result)."""
    order_id = payments.new_order(4200)
    return order_id, payments.pay(order_id, "tok_declined")


@pytest.fixture
def paid(payments):
    """An order paid with a good card: (order id, result)."""
    order_id = payments.new_order(4200)
    return order_id, payments.pay(order_id, "tok_visa")


def test_paid_order(payments, paid):
    order_id, result = paid
    assert result.amount_cents == 4200 and payments.status(order_id) == "paid"
    assert payments.charges()[0]["amount"] == "42.00"
    assert payments.charges()[0]["currency"] == payments.currency


def test_paid_order_cannot_be_paid_again(payments, paid):
    order_id, _ = paid
    with pytest.raises(InvalidInput):
        payments.pay(order_id, "tok_visa")
    assert len(payments.charges()) == 1


def test_declined_order(payments, declined):
    order_id, result = declined
    assert result.reason == "card_declined" and payments.status(order_id) == "payment_failed"
    assert len(payments.charges()) == 1
'''
)

_FLOW_UNITTEST = (
    _FLOW_HEAD
    + """\
import unittest

t = unittest.TestCase()


def test_the_flow_end_to_end(payments):
    good, bad = payments.new_order(1005), payments.new_order(1005)
    t.assertTrue(payments.pay(good, "tok_visa").approved)
    t.assertEqual(payments.pay(bad, "tok_declined").reason, "card_declined")
    t.assertEqual([payments.status(good), payments.status(bad)], ["paid", "payment_failed"])
    t.assertRaises(InvalidInput, payments.pay, good, "tok_visa")
    recorded = [(c["amount"], c["currency"], c["status"]) for c in payments.charges()]
    usd = payments.currency
    t.assertListEqual(recorded, [("10.05", usd, "succeeded"), ("10.05", usd, "declined")])
"""
)

_ALTERNATIVES_01_5 = [_FLOW_CLASS, _FLOW_PARAMETRIZED, _FLOW_FIXTURES, _FLOW_UNITTEST]

WRONG = {
    "01.1": _WRONG_01_1,
    "01.2": _WRONG_01_2,
    "01.3": _WRONG_01_3,
    "01.4": _WRONG_01_4,
    "01.5": _WRONG_01_5,
}

_ALTERNATIVES_01_1 = [
    # string arithmetic both ways
    _CLIENT_HEAD + "        euros = f'{amount_cents // 100}.{amount_cents % 100:02d}'\n"
    "        response = self.session.post(f'{self.base_url}/v1/charges', timeout=5,\n"
    "            json={'amount': euros, 'currency': currency, 'source': source})\n"
    "        body = response.json()\n"
    "        whole, _, cents = body['amount'].partition('.')\n"
    "        return ChargeResult(approved=response.status_code == 201,\n"
    "                            amount_cents=int(whole) * 100 + int(cents),\n"
    "                            charge_id=body['id'], reason=body.get('reason'))\n",
    # Decimal conversions, a branch per status code
    "from decimal import Decimal\n"
    + _CLIENT_HEAD
    + "        amount = str((Decimal(amount_cents) / 100).quantize(Decimal('0.01')))\n"
    "        response = self.session.post(self.base_url + '/v1/charges', timeout=5,\n"
    "            json={'source': source, 'currency': currency, 'amount': amount})\n"
    "        body = response.json()\n"
    "        cents = int(Decimal(body['amount']) * 100)\n"
    "        if response.status_code == 402:\n"
    "            return ChargeResult(False, cents, body['id'], body['reason'])\n"
    "        return ChargeResult(True, cents, body['id'])\n",
    # the standard library's urllib instead of requests
    "import json\nimport urllib.error\nimport urllib.request\nfrom decimal import Decimal\n\n"
    "from course_lib.shop.usecases.payments import ChargeResult\n\n"
    "class SandboxPaymentClient:\n"
    "    def __init__(self, base_url, session=None):\n"
    "        self.url = base_url.rstrip('/') + '/v1/charges'\n\n"
    "    def charge(self, amount_cents, currency, source):\n"
    "        euros = str(Decimal(amount_cents).scaleb(-2))\n"
    "        data = json.dumps({'amount': euros, 'currency': currency, 'source': source})\n"
    "        request = urllib.request.Request(self.url, data=data.encode(), method='POST',\n"
    "                                         headers={'Content-Type': 'application/json'})\n"
    "        try:\n"
    "            with urllib.request.urlopen(request, timeout=5) as response:\n"
    "                body = json.load(response)\n"
    "        except urllib.error.HTTPError as answer:  # 402: a decline is an answer too\n"
    "            with answer:\n"
    "                body = json.load(answer)\n"
    "        cents = int(Decimal(body['amount']).scaleb(2))\n"
    "        ok = body['status'] == 'succeeded'\n"
    "        return ChargeResult(ok, cents, body['id'], body.get('reason'))\n",
]

_ALTERNATIVES_01_2 = [
    # parametrized
    _TEST_HEAD + "@pytest.mark.parametrize('cents', [500, 1999])\n"
    "def test_approved_charge(gateway, cents):\n"
    "    result = gateway.charge(cents, 'EUR', 'tok_visa')\n"
    "    assert isinstance(result, ChargeResult)\n"
    "    assert (result.approved, result.amount_cents) == (True, cents)\n\n"
    "def test_declined_charge(gateway):\n"
    "    result = gateway.charge(700, 'EUR', 'tok_declined')\n"
    "    assert not result.approved and result.amount_cents == 700\n",
    # a class-based suite
    _TEST_HEAD + "class TestGateway:\n"
    "    def test_approved_amount(self, gateway):\n"
    "        result = gateway.charge(999, 'EUR', 'tok_visa')\n"
    "        assert result.approved and result.amount_cents == 999\n\n"
    "    def test_declined_is_an_answer(self, gateway):\n"
    "        result = gateway.charge(999, 'EUR', 'tok_declined')\n"
    "        assert result.approved is False and result.reason == 'card_declined'\n",
    # a helper fixture built on the exercise fixture
    _TEST_HEAD + "@pytest.fixture\n"
    "def pay(gateway):\n"
    "    return lambda cents, source='tok_visa': gateway.charge(cents, 'EUR', source)\n\n"
    "def test_amount_round_trip(pay):\n    assert pay(4200).amount_cents == 4200\n\n"
    "def test_decline_is_not_approved(pay):\n    assert not pay(4200, 'tok_declined').approved\n",
    # unittest-style assertion helpers
    _TEST_HEAD + "import unittest\n\n_t = unittest.TestCase()\n\n"
    "def test_fields(gateway):\n"
    "    result = gateway.charge(1234, 'EUR', 'tok_visa')\n"
    "    _t.assertIsInstance(result, ChargeResult)\n"
    "    _t.assertTrue(result.approved)\n"
    "    _t.assertEqual(result.amount_cents, 1234)\n\n"
    "def test_decline(gateway):\n"
    "    _t.assertFalse(gateway.charge(1234, 'EUR', 'tok_declined').approved)\n",
]

_ALTERNATIVES_01_3 = [
    # a set of declined sources
    _STUB_HEAD + "class StubGateway:\n"
    "    DECLINED = {'tok_declined'}\n\n"
    "    def __init__(self):\n        self.calls = []\n\n"
    "    def charge(self, amount_cents, currency, source):\n"
    "        self.calls.append((amount_cents, currency, source))\n"
    "        if source in self.DECLINED:\n"
    "            return ChargeResult(False, amount_cents, 'stub-no', 'card_declined')\n"
    "        return ChargeResult(True, amount_cents, 'stub-ok')\n",
    # a slots class, a lookup table for reasons and a counter for ids
    "import itertools\n" + _STUB_HEAD + "class StubGateway:\n"
    "    __slots__ = ('calls', '_ids')\n"
    "    REASONS = {'tok_declined': 'card_declined'}\n\n"
    "    def __init__(self):\n"
    "        self.calls, self._ids = [], itertools.count(1)\n\n"
    "    def charge(self, amount_cents, currency, source):\n"
    "        self.calls += [(amount_cents, currency, source)]\n"
    "        reason = self.REASONS.get(source)\n"
    "        return ChargeResult(reason is None, amount_cents, f'ch_{next(self._ids)}', reason)\n",
    # canned answers copied with dataclasses.replace
    "from dataclasses import replace\n"
    + _STUB_HEAD
    + "APPROVED = ChargeResult(approved=True, amount_cents=0, charge_id='stub')\n"
    "DECLINED = ChargeResult(False, 0, 'stub', reason='card_declined')\n\n"
    + _STUB_INIT
    + _RECORD
    + "        canned = DECLINED if source == 'tok_declined' else APPROVED\n"
    "        return replace(canned, amount_cents=amount_cents)\n",
]

_ALTERNATIVES_01_4 = [
    # two stable sorts
    _RANK + "    by_name = sorted(boundaries)\n"
    "    by_name.sort(key=lambda b: b[1] * b[2], reverse=True)  # stable sort keeps ties\n"
    "    return [name for name, *_ in by_name]\n",
    # a heap
    "import heapq\n\n" + _RANK + "    ranked = heapq.nsmallest(len(boundaries), boundaries,\n"
    "                             key=lambda b: (-b[1] * b[2], b[0]))\n"
    "    return [name for name, _, _ in ranked]\n",
    # a comparison function
    "from functools import cmp_to_key\n\n"
    "def _riskier(a, b):\n"
    "    diff = b[1] * b[2] - a[1] * a[2]\n"
    "    return diff or (a[0] > b[0]) - (a[0] < b[0])\n\n"
    + _RANK
    + "    return [b[0] for b in sorted(boundaries, key=cmp_to_key(_riskier))]\n",
    # buckets by score, highest score first
    "from collections import defaultdict\n\n" + _RANK + "    buckets = defaultdict(list)\n"
    "    for name, likelihood, impact in boundaries:\n"
    "        buckets[likelihood * impact].append(name)\n"
    "    plan = []\n"
    "    for score in sorted(buckets, reverse=True):\n"
    "        plan.extend(sorted(buckets[score]))\n"
    "    return plan\n",
]

ALTERNATIVES = {
    "01.1": _ALTERNATIVES_01_1,
    "01.2": _ALTERNATIVES_01_2,
    "01.3": _ALTERNATIVES_01_3,
    "01.4": _ALTERNATIVES_01_4,
    "01.5": _ALTERNATIVES_01_5,
}
