"""Bank entries for the test exercises 02.3 (product contract) and 02.4 (order contract).

Wrong answers are suites a learner plausibly writes that catch too little, fail on correct code or
check identity; alternatives catch every bug in styles unlike the workbook's solution (a test
class, parametrize, a fixture built on the exercise fixture, unittest assertions, raises(match=)).
"""

from __future__ import annotations

_TESTS = (
    "import pytest\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.models import Product\n\n"
)

_ORDERS = "import sqlite3\nimport pytest\nfrom course_lib.shop.models import Order, OrderLine\n\n"

PRODUCT_WRONG = [
    (
        _TESTS + "def test_read_back(repo):\n"
        "    repo.add(Product('A1', 'Mug', 100))\n"
        "    assert repo.get('A1') == Product('A1', 'Mug', 100)\n",
        "caught 1 of 5 bugs",
    ),
    (_TESTS + "def test_add(repo):\n    repo.add(Product('A1', 'Mug', 100))\n", "catch nothing"),
    (
        _TESTS + "def test_list_in_insertion_order(repo):\n"
        "    for sku in ['B2', 'A1']:\n        repo.add(Product(sku, sku, 1))\n"
        "    assert [p.sku for p in repo.list()] == ['B2', 'A1']\n",
        "fails on the correct implementation",
    ),
    (
        _TESTS + "def test_copy(repo):\n"
        "    repo.add(Product('A1', 'Mug', 100, stock=1))\n"
        "    repo.get('A1').stock = 5\n"
        "    assert repo.get('A1').stock == 1\n\n"
        "def test_order(repo):\n"
        "    for sku in ['B2', 'A1']:\n        repo.add(Product(sku, sku, 1))\n"
        "    assert [p.sku for p in repo.list()] == ['A1', 'B2']\n",
        "missed: add-overwrites-duplicate, update-missing-is-silent",
    ),
    # a missing key is a KeyError, isn't it? (NotFound is a LookupError, not a KeyError)
    (
        _TESTS + "def test_update_missing(repo):\n"
        "    with pytest.raises(KeyError):\n"
        "        repo.update(Product('NOPE', 'x', 1))\n",
        "fails on the correct implementation",
    ),
    # "catches" every bug by asking which class it got: fails on the renamed copy
    (
        _TESTS + "def test_is_the_real_repository(repo):\n"
        "    assert type(repo).__name__ == 'SqliteProductRepository'\n",
        "checks which implementation it got",
    ),
    (_TESTS + "def test_todo(repo):\n    raise NotImplementedError\n", "not done yet"),
]

PRODUCT_ALTERNATIVES = [
    # one parametrized test walking every promise
    _TESTS + "SKUS = ['C3', 'A1', 'B2']\n\n"
    "@pytest.mark.parametrize('sku', SKUS)\n"
    "def test_each_promise_for_each_sku(repo, sku):\n"
    "    for s in SKUS:\n        repo.add(Product(s, 'item ' + s, 100, stock=2))\n"
    "    assert [p.sku for p in repo.list()] == sorted(SKUS)\n"
    "    item = repo.get(sku)\n    item.stock = 0\n"
    "    assert repo.get(sku).stock == 2\n"
    "    with pytest.raises(Duplicate):\n        repo.add(Product(sku, 'again', 1))\n"
    "    with pytest.raises(NotFound):\n        repo.update(Product('ZZ', 'none', 1))\n",
    # a test class, one method per promise
    _TESTS + "class TestProductContract:\n"
    "    TRAY = Product('T1', 'Tray', 800, stock=4)\n\n"
    "    def test_read_back(self, repo):\n"
    "        repo.add(Product('T1', 'Tray', 800, stock=4))\n"
    "        assert repo.get('T1') == self.TRAY\n\n"
    "    def test_get_hands_out_a_copy(self, repo):\n"
    "        repo.add(Product('T1', 'Tray', 800, stock=4))\n"
    "        mine = repo.get('T1')\n        mine.stock = 0\n"
    "        assert repo.get('T1') == self.TRAY\n\n"
    "    def test_sku_order(self, repo):\n"
    "        for sku in ('T2', 'S9', 'T10'):\n            repo.add(Product(sku, sku, 1))\n"
    "        assert [p.sku for p in repo.list()] == ['S9', 'T10', 'T2']\n\n"
    "    def test_duplicate(self, repo):\n"
    "        repo.add(Product('T1', 'Tray', 800, stock=4))\n"
    "        with pytest.raises(Duplicate):\n"
    "            repo.add(Product('T1', 'Other', 1))\n"
    "        assert repo.get('T1') == self.TRAY\n\n"
    "    def test_update_missing(self, repo):\n"
    "        with pytest.raises(NotFound):\n"
    "            repo.update(Product('T404', 'x', 1))\n",
    # a fixture built on `repo`, unittest-style assertions
    _TESTS + "import unittest\n\n"
    "tc = unittest.TestCase()\n\n"
    "@pytest.fixture\n"
    "def stocked(repo):\n"
    "    for sku, name in (('P3', 'Plate'), ('B8', 'Bowl'), ('P10', 'Pan')):\n"
    "        repo.add(Product(sku, name, 100, stock=5))\n"
    "    return repo\n\n"
    "def test_list_is_sorted(stocked):\n"
    "    tc.assertListEqual([p.sku for p in stocked.list()], ['B8', 'P10', 'P3'])\n\n"
    "def test_get_is_a_copy(stocked):\n"
    "    bowl = stocked.get('B8')\n    bowl.stock = 0\n"
    "    tc.assertEqual(stocked.get('B8').stock, 5)\n\n"
    "def test_duplicate_is_refused(stocked):\n"
    "    with tc.assertRaises(Duplicate):\n"
    "        stocked.add(Product('P3', 'Other plate', 1))\n"
    "    tc.assertEqual(stocked.get('P3').name, 'Plate')\n\n"
    "def test_update_missing(stocked):\n"
    "    with tc.assertRaises(NotFound):\n"
    "        stocked.update(Product('ZZ', 'x', 1))\n",
    # helper functions and pytest.raises(match=...): the errors name the SKU
    _TESTS + "def add_all(repo, *skus):\n"
    "    for sku in skus:\n        repo.add(Product(sku, 'item ' + sku, 250, stock=1))\n\n"
    "def test_errors_name_the_sku(repo):\n"
    "    add_all(repo, 'D4')\n"
    "    with pytest.raises(Duplicate, match=\"'D4'\"):\n"
    "        repo.add(Product('D4', 'again', 1))\n"
    "    assert repo.get('D4').name == 'item D4'\n"
    "    with pytest.raises(NotFound, match=\"'Q7'\"):\n"
    "        repo.update(Product('Q7', 'missing', 1))\n\n"
    "def test_reads(repo):\n"
    "    add_all(repo, 'D4', 'C5', 'D40')\n"
    "    assert [p.sku for p in repo.list()] == ['C5', 'D4', 'D40']\n"
    "    first = repo.get('C5')\n    first.name = 'changed'\n"
    "    assert repo.get('C5').name == 'item C5'\n",
]

ORDER_WRONG = [
    (
        _ORDERS + "def test_round_trip(orders):\n"
        "    stored = orders.add(Order(1, [OrderLine('A1', 1, 500)]))\n"
        "    assert orders.get(stored.id) == stored\n",
        "caught 1 of 5 bugs (missed: foreign-keys-off, lines-in-a-second-transaction, "
        "list-ignores-customer, add-returns-the-argument)",
    ),
    (
        _ORDERS + "def test_unknown_product(orders):\n"
        "    orders.add(Order(1, [OrderLine('ZZ', 1, 100)]))\n",
        "fails on the correct implementation",
    ),
    (
        _ORDERS + "def test_add(orders):\n    orders.add(Order(1, [OrderLine('A1', 1, 500)]))\n",
        "catch nothing",
    ),
    # "rows come back sorted": lines are read back in the order stored, not by SKU
    (
        _ORDERS + "def test_lines(orders):\n"
        "    lines = [OrderLine('B2', 1, 250), OrderLine('A1', 2, 500)]\n"
        "    stored = orders.add(Order(1, lines))\n"
        "    assert orders.get(stored.id).lines == sorted(lines, key=lambda ln: ln.sku)\n",
        "fails on the correct implementation",
    ),
    # checks the refusal but never that the refused order left nothing behind
    (
        _ORDERS + "def test_refused(orders):\n"
        "    with pytest.raises(sqlite3.IntegrityError):\n"
        "        orders.add(Order(1, [OrderLine('A1', 1, 500), OrderLine('ZZ', 1, 1)]))\n",
        "caught 1 of 5 bugs (missed: lines-in-a-second-transaction, lines-not-loaded, "
        "list-ignores-customer, add-returns-the-argument)",
    ),
    # one customer only: a missing WHERE clause cannot show
    (
        _ORDERS + "def test_list(orders):\n"
        "    mine = orders.add(Order(1, [OrderLine('A1', 1, 500)]))\n"
        "    assert [o.id for o in orders.list_for_customer(1)] == [mine.id]\n",
        "catch nothing",
    ),
    (_ORDERS + "def test_todo(orders):\n    raise NotImplementedError\n", "not done yet"),
]

ORDER_ALTERNATIVES = [
    # one test walking the whole contract
    _ORDERS + "def test_contract(orders):\n"
    "    mine = Order(1, [OrderLine('A1', 3, 500), OrderLine('B2', 1, 250)])\n"
    "    first = orders.add(mine)\n"
    "    assert mine.id is None\n"
    "    orders.add(Order(2, [OrderLine('A1', 1, 500)]))\n"
    "    assert orders.list_for_customer(1) == [first]\n"
    "    assert orders.get(first.id).total_cents == 1750\n"
    "    with pytest.raises(sqlite3.IntegrityError):\n"
    "        orders.add(Order(1, [OrderLine('B2', 1, 250), OrderLine('NOPE', 1, 1)]))\n"
    "    assert orders.list_for_customer(1) == [first]\n",
    # a test class; bad orders parametrized, raises(match=) on SQLite's message
    _ORDERS + "class TestOrderRepository:\n"
    "    @pytest.mark.parametrize('customer, sku', [(1, 'ZZ'), (99, 'A1')])\n"
    "    def test_refused_and_nothing_left(self, orders, customer, sku):\n"
    "        with pytest.raises(sqlite3.IntegrityError, match='FOREIGN KEY'):\n"
    "            orders.add(Order(customer, [OrderLine('B2', 2, 250), OrderLine(sku, 1, 9)]))\n"
    "        assert orders.list_for_customer(customer) == []\n\n"
    "    def test_lines_come_back(self, orders):\n"
    "        lines = [OrderLine('B2', 4, 250), OrderLine('A1', 1, 500)]\n"
    "        mine = Order(2, lines)\n"
    "        stored = orders.add(mine)\n"
    "        assert (mine.id, orders.get(stored.id).lines) == (None, lines)\n\n"
    "    def test_only_their_orders(self, orders):\n"
    "        theirs = orders.add(Order(2, [OrderLine('A1', 1, 500)]))\n"
    "        orders.add(Order(1, [OrderLine('B2', 1, 250)]))\n"
    "        assert [o.id for o in orders.list_for_customer(2)] == [theirs.id]\n",
    # a fixture built on `orders`, unittest-style assertions
    _ORDERS + "import unittest\n\n"
    "tc = unittest.TestCase()\n\n"
    "@pytest.fixture\n"
    "def two_customers(orders):\n"
    "    placed = {\n"
    "        1: orders.add(Order(1, [OrderLine('A1', 2, 500)])),\n"
    "        2: orders.add(Order(2, [OrderLine('B2', 1, 250), OrderLine('A1', 1, 500)])),\n"
    "    }\n"
    "    return orders, placed\n\n"
    "def test_each_customer_sees_their_order(two_customers):\n"
    "    orders, placed = two_customers\n"
    "    for customer, order in placed.items():\n"
    "        tc.assertListEqual(orders.list_for_customer(customer), [order])\n\n"
    "def test_lines_are_read_back(two_customers):\n"
    "    orders, placed = two_customers\n"
    "    tc.assertEqual([ln.sku for ln in orders.get(placed[2].id).lines], ['B2', 'A1'])\n\n"
    "def test_add_copies(orders):\n"
    "    mine = Order(1, [OrderLine('B2', 1, 250)])\n"
    "    tc.assertIsNotNone(orders.add(mine).id)\n"
    "    tc.assertIsNone(mine.id)\n\n"
    "def test_half_an_order_is_never_stored(two_customers):\n"
    "    orders, placed = two_customers\n"
    "    with tc.assertRaises(sqlite3.IntegrityError):\n"
    "        orders.add(Order(1, [OrderLine('A1', 1, 500), OrderLine('XX', 1, 1)]))\n"
    "    tc.assertEqual(orders.list_for_customer(1), [placed[1]])\n",
]
