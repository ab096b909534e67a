"""Known-wrong and alternative answers for lesson 00 (see course_lib/checks/README.md, "Bank")."""

_CHECKOUT_ITEMS = "[{'price_cents': 250, 'qty': 2}, {'price_cents': 100, 'qty': 1}]"

WRONG = {
    "00.1": [
        (
            "def total_cents(prices_cents, discount_percent=0):\n"
            "    subtotal = sum(prices_cents)\n"
            "    return subtotal - round(subtotal * discount_percent / 100)\n",
            "rounds halves to even",
        ),
        (
            "def total_cents(prices_cents, discount_percent=0):\n"
            "    return sum(prices_cents) * (100 - discount_percent) / 100\n",
            "expected an int number of cents",
        ),
        (
            "def total_cents(prices_cents):\n    return sum(prices_cents)\n",
            "should be called as total_cents(prices_cents, discount_percent)",
        ),
    ],
    "00.2": [
        ("def cart_total(items):\n    return sum(i['price_cents'] for i in items)\n", "849 cents"),
        (
            "def cart_total(items):\n"
            "    return sum(i['price_cents'] * i['qty'] for i in items) / 100\n",
            "got 2.5",
        ),
        (
            "def cart_total(items):\n    total = items[0]['price_cents'] * items[0]['qty']\n"
            "    for i in items[1:]:\n"
            "        total += i['price_cents'] * i['qty']\n    return total\n",
            "raised IndexError",
        ),
        ("cart_total = None\n", "You passed None"),
    ],
    "00.3": [
        (
            "def test_it_runs(checkout):\n    checkout([{'price_cents': 100, 'qty': 1}])\n",
            "catch nothing",
        ),
        (
            f"def test_total(checkout):\n    assert checkout({_CHECKOUT_ITEMS}) == 600\n",
            "caught 2 of 5 bugs (missed: empty-cart-crashes, bankers-rounding, discount-as-cents)",
        ),
        (
            "def test_rounding(checkout):\n"
            "    assert checkout([{'price_cents': 1005, 'qty': 1}], 10) == 904\n",
            "fails on the correct implementation",
        ),
        ("def test_todo(checkout):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "00.1": [
        "from decimal import ROUND_HALF_UP, Decimal\n\n"
        "def total_cents(prices_cents, discount_percent=0):\n"
        "    subtotal = sum(prices_cents)\n"
        "    discount = (Decimal(subtotal) * discount_percent / 100).quantize(0, ROUND_HALF_UP)\n"
        "    return subtotal - int(discount)\n",
    ],
    "00.2": [
        "def cart_total(items):\n    total = 0\n    for item in items:\n"
        "        total += item['qty'] * item['price_cents']\n    return total\n",
    ],
    "00.3": [
        "import pytest\n\n"
        "@pytest.mark.parametrize('items, percent, expected', [\n"
        f"    ({_CHECKOUT_ITEMS}, 0, 600),\n"
        "    ([], 0, 0),\n"
        "    ([{'price_cents': 1005, 'qty': 1}], 10, 905),\n"
        "])\n"
        "def test_checkout(checkout, items, percent, expected):\n"
        "    assert checkout(items, percent) == expected\n",
    ],
}
