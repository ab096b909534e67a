"""Known-wrong and alternative answers for lesson 02 (see course_lib/checks/README.md, "Bank")."""

_HEAD = (
    "import copy\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.repositories.base import ProductRepository\n\n"
)

_FAKE_OK = {
    "init": "    def __init__(self):\n        self.items = {}\n",
    "add": "    def add(self, product):\n"
    "        if product.sku in self.items:\n            raise Duplicate(product.sku)\n"
    "        self.items[product.sku] = copy.deepcopy(product)\n",
    "get": "    def get(self, sku):\n        return copy.deepcopy(self.items.get(sku))\n",
    "list": "    def list(self):\n"
    "        return [copy.deepcopy(self.items[k]) for k in sorted(self.items)]\n",
    "update": "    def update(self, product):\n"
    "        if product.sku not in self.items:\n            raise NotFound(product.sku)\n"
    "        self.items[product.sku] = copy.deepcopy(product)\n",
    "remove": "    def remove(self, sku):\n"
    "        if sku not in self.items:\n            raise NotFound(sku)\n"
    "        del self.items[sku]\n",
}


def _fake(**override: str) -> str:
    parts = {**_FAKE_OK, **override}
    return _HEAD + "class FakeProductRepository(ProductRepository):\n" + "".join(parts.values())


_CACHE_OK = {
    "init": "    def __init__(self, inner):\n        self.inner, self.cache = inner, {}\n",
    "add": "    def add(self, product):\n        self.inner.add(product)\n",
    "get": "    def get(self, sku):\n"
    "        if sku not in self.cache:\n"
    "            found = self.inner.get(sku)\n"
    "            if found is None:\n                return None\n"
    "            self.cache[sku] = found\n"
    "        return copy.deepcopy(self.cache[sku])\n",
    "list": "    def list(self):\n        return self.inner.list()\n",
    "update": "    def update(self, product):\n        self.inner.update(product)\n"
    "        self.cache.pop(product.sku, None)\n",
    "remove": "    def remove(self, sku):\n"
    "        self.inner.remove(sku)\n        self.cache.pop(sku, None)\n",
}


def _cache(**override: str) -> str:
    parts = {**_CACHE_OK, **override}
    return _HEAD + "class CachedProductRepository(ProductRepository):\n" + "".join(parts.values())


_TESTS = (
    "import pytest\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.models import Product\n\n"
)

_ORDERS = "import sqlite3\nimport pytest\nfrom course_lib.shop.models import Order, OrderLine\n\n"

WRONG = {
    "02.1": [
        (
            _fake(get="    def get(self, sku):\n        return self.items.get(sku)\n"),
            "Return a copy",
        ),
        (
            _fake(
                list="    def list(self):\n"
                "        return [copy.deepcopy(p) for p in self.items.values()]\n"
            ),
            "expected SKUs in order",
        ),
        (
            _fake(
                add="    def add(self, product):\n"
                "        self.items[product.sku] = copy.deepcopy(product)\n"
            ),
            "DID NOT RAISE",
        ),
        (
            _fake(
                update="    def update(self, product):\n"
                "        self.items[product.sku] = copy.deepcopy(product)\n"
            ),
            "update() of an unknown SKU raises NotFound",
        ),
    ],
    "02.2": [
        # a cache that hands out its own object
        (
            _cache(
                get="    def get(self, sku):\n"
                "        if sku not in self.cache:\n"
                "            self.cache[sku] = self.inner.get(sku)\n"
                "        return self.cache[sku]\n"
            ),
            "the cache handed out its own object",
        ),
        # update that leaves the stale copy in the cache
        (
            _cache(update="    def update(self, product):\n        self.inner.update(product)\n"),
            "stale cached product",
        ),
        # no caching at all
        (
            _cache(get="    def get(self, sku):\n        return self.inner.get(sku)\n"),
            "expected at most 1 database read",
        ),
        # caches misses forever
        (
            _cache(
                get="    def get(self, sku):\n"
                "        if sku not in self.cache:\n"
                "            self.cache[sku] = self.inner.get(sku)\n"
                "        return copy.deepcopy(self.cache[sku])\n"
            ),
            "remembered 'missing'",
        ),
    ],
    "02.3": [
        (
            _TESTS + "def test_read_back(repo):\n"
            "    repo.add(Product('A1', 'Mug', 100))\n"
            "    assert repo.get('A1') == Product('A1', 'Mug', 100)\n",
            "caught 1 of 5 bugs",
        ),
        (
            _TESTS + "def test_add(repo):\n    repo.add(Product('A1', 'Mug', 100))\n",
            "catch nothing",
        ),
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
    ],
}

WRONG["02.4"] = [
    (
        _ORDERS + "def test_round_trip(orders):\n"
        "    stored = orders.add(Order(1, [OrderLine('A1', 1, 500)]))\n"
        "    assert orders.get(stored.id) == stored\n",
        "caught 1 of 4 bugs (missed: foreign-keys-off, lines-in-a-second-transaction, "
        "list-ignores-customer)",
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
]

ALTERNATIVES = {
    "02.1": [
        _HEAD + "from dataclasses import replace\n\n"
        "class FakeProductRepository(ProductRepository):\n"
        "    def __init__(self):\n        self.rows = []\n\n"
        "    def _find(self, sku):\n"
        "        return next((i for i, p in enumerate(self.rows) if p.sku == sku), None)\n\n"
        "    def add(self, product):\n"
        "        if self._find(product.sku) is not None:\n"
        "            raise Duplicate(product.sku)\n"
        "        self.rows.append(replace(product))\n"
        "        self.rows.sort(key=lambda p: p.sku)\n\n"
        "    def get(self, sku):\n"
        "        i = self._find(sku)\n"
        "        return None if i is None else replace(self.rows[i])\n\n"
        "    def list(self):\n        return [replace(p) for p in self.rows]\n\n"
        "    def update(self, product):\n"
        "        i = self._find(product.sku)\n"
        "        if i is None:\n            raise NotFound(product.sku)\n"
        "        self.rows[i] = replace(product)\n\n"
        "    def remove(self, sku):\n"
        "        i = self._find(sku)\n"
        "        if i is None:\n            raise NotFound(sku)\n"
        "        del self.rows[i]\n",
    ],
    "02.2": [_cache()],
    "02.3": [
        _TESTS + "SKUS = ['C3', 'A1', 'B2']\n\n"
        "@pytest.mark.parametrize('sku', SKUS)\n"
        "def test_each_promise_for_each_sku(repo, sku):\n"
        "    for s in SKUS:\n        repo.add(Product(s, 'item ' + s, 100, stock=2))\n"
        "    assert [p.sku for p in repo.list()] == sorted(SKUS)\n"
        "    item = repo.get(sku)\n    item.stock = 0\n"
        "    assert repo.get(sku).stock == 2\n"
        "    with pytest.raises(Duplicate):\n        repo.add(Product(sku, 'again', 1))\n"
        "    with pytest.raises(NotFound):\n        repo.update(Product('ZZ', 'none', 1))\n",
    ],
}

ALTERNATIVES["02.4"] = [
    _ORDERS + "def test_contract(orders):\n"
    "    first = orders.add(Order(1, [OrderLine('A1', 3, 500), OrderLine('B2', 1, 250)]))\n"
    "    orders.add(Order(2, [OrderLine('A1', 1, 500)]))\n"
    "    assert orders.list_for_customer(1) == [first]\n"
    "    assert orders.get(first.id).total_cents == 1750\n"
    "    with pytest.raises(sqlite3.IntegrityError):\n"
    "        orders.add(Order(1, [OrderLine('B2', 1, 250), OrderLine('NOPE', 1, 1)]))\n"
    "    assert orders.list_for_customer(1) == [first]\n",
]
