"""Known-wrong and alternative answers for lesson 01 (see course_lib/checks/README.md, "Bank")."""

_CLIENT_HEAD = (
    "import requests\n"
    "from course_lib.shop.usecases.payments import ChargeResult\n"
    "from course_lib.shop.usecases.pricing import from_major_units, to_major_units\n\n"
    "class SandboxPaymentClient:\n"
    "    def __init__(self, base_url, session=None):\n"
    "        self.base_url = base_url\n"
    "        self.session = session or requests.Session()\n\n"
)

_STUB_HEAD = "from course_lib.shop.usecases.payments import ChargeResult\n\n"

_TEST_HEAD = "import pytest\nfrom course_lib.shop.usecases.payments import ChargeResult\n\n"

WRONG = {
    "01.1": [
        # sends cents: the provider records 1250.00 EUR
        (
            _CLIENT_HEAD + "    def charge(self, amount_cents, currency, source):\n"
            "        body = self.session.post(self.base_url + '/v1/charges', timeout=5, json={\n"
            "            'amount': amount_cents, 'currency': currency, 'source': source}).json()\n"
            "        ok = body['status'] == 'succeeded'\n"
            "        return ChargeResult(ok, amount_cents, body.get('id'),\n"
            "                            body.get('reason'))\n",
            "expects major units",
        ),
        # returns the JSON dict
        (
            _CLIENT_HEAD + "    def charge(self, amount_cents, currency, source):\n"
            "        return self.session.post(self.base_url + '/v1/charges', timeout=5, json={\n"
            "            'amount': to_major_units(amount_cents), 'currency': currency,\n"
            "            'source': source}).json()\n",
            "expected a ChargeResult",
        ),
        # raises on a decline
        (
            _CLIENT_HEAD + "    def charge(self, amount_cents, currency, source):\n"
            "        response = self.session.post(self.base_url + '/v1/charges', timeout=5,\n"
            "            json={'amount': to_major_units(amount_cents), 'currency': currency,\n"
            "                  'source': source})\n"
            "        response.raise_for_status()\n"
            "        body = response.json()\n"
            "        return ChargeResult(True, from_major_units(body['amount']), body['id'])\n",
            "raised HTTPError",
        ),
        # wrong signature
        (
            _CLIENT_HEAD + "    def charge(self, amount_cents):\n        return None\n",
            "charge(amount_cents, currency, source)",
        ),
    ],
    "01.2": [
        (
            _TEST_HEAD
            + "def test_it_answers(gateway):\n    gateway.charge(500, 'EUR', 'tok_visa')\n",
            "missed",
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
    ],
    "01.3": [
        # returns a dict
        (
            _STUB_HEAD + "class StubGateway:\n    def __init__(self):\n        self.calls = []\n"
            "    def charge(self, amount_cents, currency, source):\n"
            "        self.calls.append((amount_cents, currency, source))\n"
            "        return {'approved': source != 'tok_declined', 'amount_cents': amount_cents}\n",
            "expected a ChargeResult",
        ),
        # approves everything
        (
            _STUB_HEAD + "class StubGateway:\n    def __init__(self):\n        self.calls = []\n"
            "    def charge(self, amount_cents, currency, source):\n"
            "        self.calls.append((amount_cents, currency, source))\n"
            "        return ChargeResult(True, amount_cents, 'stub')\n",
            "expected tok_declined to be declined",
        ),
        # forgets to record
        (
            _STUB_HEAD + "class StubGateway:\n"
            "    def charge(self, amount_cents, currency, source):\n"
            "        ok = source != 'tok_declined'\n"
            "        reason = None if ok else 'card_declined'\n"
            "        return ChargeResult(ok, amount_cents, 'stub', reason)\n",
            "expected .calls to list both charges",
        ),
    ],
    "01.4": [
        (
            "def rank_by_risk(boundaries):\n"
            "    return [b[0] for b in sorted(boundaries, key=lambda b: b[1] * b[2])]\n",
            "expected names ordered by risk score",
        ),
        (
            "def rank_by_risk(boundaries):\n"
            "    boundaries.sort(key=lambda b: (-b[1] * b[2], b[0]))\n"
            "    return [b[0] for b in boundaries]\n",
            "changed the list it was given",
        ),
        (
            "def rank_by_risk(boundaries):\n"
            "    return [b[0] for b in sorted(boundaries, key=lambda b: -b[1] * b[2])]\n",
            "ties (score 6) in name order",
        ),
    ],
}

ALTERNATIVES = {
    "01.1": [
        _CLIENT_HEAD + "    def charge(self, amount_cents, currency, source):\n"
        "        euros = f'{amount_cents // 100}.{amount_cents % 100:02d}'\n"
        "        response = self.session.post(f'{self.base_url}/v1/charges', timeout=5,\n"
        "            json={'amount': euros, 'currency': currency, 'source': source})\n"
        "        body = response.json()\n"
        "        whole, _, cents = body['amount'].partition('.')\n"
        "        return ChargeResult(approved=response.status_code == 201,\n"
        "                            amount_cents=int(whole) * 100 + int(cents),\n"
        "                            charge_id=body['id'], reason=body.get('reason'))\n",
    ],
    "01.2": [
        _TEST_HEAD + "@pytest.mark.parametrize('cents', [500, 1999])\n"
        "def test_approved_charge(gateway, cents):\n"
        "    result = gateway.charge(cents, 'EUR', 'tok_visa')\n"
        "    assert isinstance(result, ChargeResult)\n"
        "    assert (result.approved, result.amount_cents) == (True, cents)\n\n"
        "def test_declined_charge(gateway):\n"
        "    result = gateway.charge(700, 'EUR', 'tok_declined')\n"
        "    assert not result.approved and result.amount_cents == 700\n",
    ],
    "01.3": [
        _STUB_HEAD + "class StubGateway:\n"
        "    DECLINED = {'tok_declined'}\n\n"
        "    def __init__(self):\n        self.calls = []\n\n"
        "    def charge(self, amount_cents, currency, source):\n"
        "        self.calls.append((amount_cents, currency, source))\n"
        "        if source in self.DECLINED:\n"
        "            return ChargeResult(False, amount_cents, None, 'card_declined')\n"
        "        return ChargeResult(True, amount_cents, 'stub-ok')\n",
    ],
    "01.4": [
        "def rank_by_risk(boundaries):\n"
        "    by_name = sorted(boundaries)\n"
        "    by_name.sort(key=lambda b: b[1] * b[2], reverse=True)  # stable sort keeps ties\n"
        "    return [name for name, *_ in by_name]\n",
    ],
}
