"""Known-wrong and alternative answers for lesson 00 (see course_lib/checks/README.md, "Bank").

WRONG entries are mistakes learners really make; several passed the thinner suite this lesson
had before (ceil, per-item rounding, floats, a hard-coded worked example, changing the input).
"""

_TOTAL = "def total_cents(prices_cents, discount_percent=0):\n"
_SUB = "    subtotal = sum(prices_cents)\n"
_CART = "def cart_total(items):\n"
_CHECKOUT_ITEMS = "[{'price_cents': 250, 'qty': 2}, {'price_cents': 100, 'qty': 1}]"

_WRONG_00_1 = [
    (
        _TOTAL + _SUB + "    return subtotal - round(subtotal * discount_percent / 100)\n",
        "halves go to the even neighbour",
    ),
    (
        _TOTAL + "    return sum(prices_cents) * (100 - discount_percent) / 100\n",
        "expected an int number of cents",
    ),
    (
        "def total_cents(prices_cents):\n    return sum(prices_cents)\n",
        "should be called as total_cents(prices_cents, discount_percent)",
    ),
    # rounds the total half up instead of the discount (the course's old, inconsistent rule)
    (
        _TOTAL + _SUB + "    return (subtotal * (100 - discount_percent) + 50) // 100\n",
        "rounding the total (904.5 -> 905) is also wrong",
    ),
    # always rounds the discount up: passed the old suite
    (
        "import math\n\n"
        + _TOTAL
        + _SUB
        + "    return subtotal - math.ceil(subtotal * discount_percent / 100)\n",
        "always rounding up (ceil) gives 31",
    ),
    # half up by hand on a float percentage: 170 * 0.35 is 59.4999...
    (
        _TOTAL + _SUB + "    return subtotal - int(subtotal * (discount_percent / 100) + 0.5)\n",
        "59.49999... in floats",
    ),
    # truncates the discount
    (
        _TOTAL + _SUB + "    return subtotal - int(subtotal * discount_percent / 100)\n",
        "cutting the fraction off (int())",
    ),
    # rounds each item's discount: passed the old suite
    (
        _TOTAL + "    return sum(p - (p * discount_percent + 50) // 100 for p in prices_cents)\n",
        "rounding each item's discount separately",
    ),
    # the workbook's worked example hard-coded, round() everywhere else: passed the old suite
    (
        _TOTAL
        + "    if prices_cents == [1025] and discount_percent == 10:\n        return 922\n"
        + _SUB
        + "    return subtotal - round(subtotal * discount_percent / 100)\n",
        "expected total_cents([1005], 10) to be 904",
    ),
    # empties the caller's list while adding it up: passed the old suite
    (
        _TOTAL
        + "    subtotal = 0\n    while prices_cents:\n        subtotal += prices_cents.pop()\n"
        "    return subtotal - (subtotal * discount_percent + 50) // 100\n",
        "changed the caller's list",
    ),
]

_WRONG_00_2 = [
    (_CART + "    return sum(i['price_cents'] for i in items)\n", "849"),
    (
        _CART + "    return sum(i['price_cents'] * i['qty'] for i in items) / 100\n",
        "expected an int number of cents",
    ),
    (
        _CART + "    total = items[0]['price_cents'] * items[0]['qty']\n"
        "    for i in items[1:]:\n        total += i['price_cents'] * i['qty']\n    return total\n",
        "raised IndexError",
    ),
    ("cart_total = None\n", "You passed None"),
    # multiplies in place, then adds up: passed the old suite
    (
        _CART + "    for item in items:\n        item['price_cents'] *= item['qty']\n"
        "    return sum(item['price_cents'] for item in items)\n",
        "changed the caller's cart",
    ),
    # a detour through euros and back, truncated by int()
    (
        _CART + "    euros = sum(i['price_cents'] / 100 * i['qty'] for i in items)\n"
        "    return int(euros * 100)\n",
        "86.99999",
    ),
    # lines merged by price (the second line overwrites the first): passed the old suite
    (
        _CART + "    by_price = {i['price_cents']: i['qty'] for i in items}\n"
        "    return sum(price * qty for price, qty in by_price.items())\n",
        "Do not merge lines by price",
    ),
    # the statement's example line hard-coded, quantity ignored otherwise
    (
        _CART + "    if items == [{'price_cents': 250, 'qty': 2}]:\n        return 500\n"
        "    return sum(i['price_cents'] for i in items)\n",
        "Each line costs price_cents × qty",
    ),
]

_WRONG_00_3 = [
    (
        "def test_it_runs(checkout):\n    checkout([{'price_cents': 100, 'qty': 1}])\n",
        "catch nothing",
    ),
    (
        f"def test_total(checkout):\n    assert checkout({_CHECKOUT_ITEMS}) == 600\n",
        "caught 2 of 5 bugs (missed: empty-cart-crashes, bankers-rounding, discount-as-cents)",
    ),
    # expects the total rounded half up (904.5 -> 905), not the discount
    (
        "def test_rounding(checkout):\n"
        "    assert checkout([{'price_cents': 1005, 'qty': 1}], 10) == 905\n",
        "fails on the correct implementation",
    ),
    ("def test_todo(checkout):\n    raise NotImplementedError\n", "not done yet"),
    # a half cent whose floor is odd: round() happens to round it up too
    (
        "def test_half_cent(checkout):\n"
        "    assert checkout([{'price_cents': 1015, 'qty': 1}], 10) == 913\n",
        "caught 2 of 5 bugs (missed: ignores-quantity, empty-cart-crashes, bankers-rounding)",
    ),
    (
        "def test_is_int(checkout):\n"
        "    assert isinstance(checkout([{'price_cents': 250, 'qty': 2}]), int)\n",
        "caught 1 of 5 bugs",
    ),
]

WRONG = {"00.1": _WRONG_00_1, "00.2": _WRONG_00_2, "00.3": _WRONG_00_3}

_ALTERNATIVES_00_1 = [
    # Decimal arithmetic
    "from decimal import ROUND_HALF_UP, Decimal\n\n"
    + _TOTAL
    + _SUB
    + "    discount = (Decimal(subtotal) * discount_percent / 100).quantize(0, ROUND_HALF_UP)\n"
    "    return subtotal - int(discount)\n",
    # quotient and remainder
    _TOTAL + _SUB + "    whole, rest = divmod(subtotal * discount_percent, 100)\n"
    "    return subtotal - (whole + (rest >= 50))\n",
    # exact fractions
    "import math\nfrom fractions import Fraction\n\n"
    + _TOTAL
    + _SUB
    + "    exact = Fraction(subtotal * discount_percent, 100)\n"
    "    return subtotal - math.floor(exact + Fraction(1, 2))\n",
    # reuse the shop's pricing rule
    "from course_lib.shop.usecases.pricing import percent_off\n\n"
    + _TOTAL
    + "    return percent_off(sum(prices_cents), discount_percent)\n",
    # a callable object instead of a function
    "class _Till:\n    def __init__(self, half=50):\n        self.half = half\n\n"
    "    def __call__(self, prices_cents, discount_percent=0):\n"
    "        subtotal = 0\n        for price in prices_cents:\n            subtotal += price\n"
    "        return subtotal - (subtotal * discount_percent + self.half) // 100\n\n"
    "total_cents = _Till()\n",
]

_ALTERNATIVES_00_2 = [
    _CART + "    total = 0\n    for item in items:\n"
    "        total += item['qty'] * item['price_cents']\n    return total\n",
    "from functools import reduce\n\n"
    + _CART
    + "    return reduce(lambda acc, i: acc + i['price_cents'] * i['qty'], items, 0)\n",
    "from operator import itemgetter, mul\n\n"
    + _CART
    + "    return sum(map(mul, map(itemgetter('price_cents'), items),"
    " map(itemgetter('qty'), items)))\n",
    # quantities added up per price first (a dict), then priced
    "from collections import Counter\n\n" + _CART + "    per_price = Counter()\n"
    "    for item in items:\n        per_price[item['price_cents']] += item['qty']\n"
    "    return sum(price * qty for price, qty in per_price.items())\n",
]

_ALTERNATIVES_00_3 = [
    # one parametrized test
    "import pytest\n\n"
    "@pytest.mark.parametrize('items, percent, expected', [\n"
    f"    ({_CHECKOUT_ITEMS}, 0, 600),\n"
    "    ([], 0, 0),\n"
    "    ([{'price_cents': 1005, 'qty': 1}], 10, 904),\n"
    "])\n"
    "def test_checkout(checkout, items, percent, expected):\n"
    "    assert checkout(items, percent) == expected\n",
    # a class-based suite
    "class TestCheckout:\n"
    "    def test_quantity_counts(self, checkout):\n"
    "        assert checkout([{'price_cents': 300, 'qty': 3}]) == 900\n\n"
    "    def test_empty_cart(self, checkout):\n"
    "        assert checkout([]) == 0\n\n"
    "    def test_discount_half_cent_rounds_up(self, checkout):\n"
    "        assert checkout([{'price_cents': 5, 'qty': 1}], 10) == 4\n\n"
    "    def test_twenty_percent(self, checkout):\n"
    "        assert checkout([{'price_cents': 1000, 'qty': 1}], 20) == 800\n",
    # a helper fixture built on the exercise fixture
    "import pytest\n\n"
    "@pytest.fixture\n"
    "def pay(checkout):\n"
    "    def pay(*lines, percent=0):\n"
    "        items = [{'price_cents': p, 'qty': q} for p, q in lines]\n"
    "        return checkout(items, percent)\n"
    "    return pay\n\n"
    "def test_lines_and_quantities(pay):\n    assert pay((199, 2), (2, 1)) == 400\n\n"
    "def test_nothing_to_pay(pay):\n    assert pay() == 0\n\n"
    "def test_fifty_percent_of_one_cent(pay):\n    assert pay((1, 1), percent=50) == 0\n\n"
    "def test_percent_is_not_cents(pay):\n    assert pay((4000, 1), percent=25) == 3000\n",
    # unittest-style assertion helpers
    "import unittest\n\n_t = unittest.TestCase()\n\n"
    "def test_receipt(checkout):\n"
    "    _t.assertEqual(checkout([{'price_cents': 120, 'qty': 5}]), 600)\n"
    "    _t.assertIsInstance(checkout([{'price_cents': 120, 'qty': 5}]), int)\n"
    "    _t.assertEqual(checkout([], 30), 0)\n\n"
    "def test_half_a_cent(checkout):\n"
    "    _t.assertEqual(checkout([{'price_cents': 2045, 'qty': 1}], 10), 1840)\n",
]

ALTERNATIVES = {"00.1": _ALTERNATIVES_00_1, "00.2": _ALTERNATIVES_00_2, "00.3": _ALTERNATIVES_00_3}
