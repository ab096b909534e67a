"""Bank entries for code exercise 02.1 (FakeProductRepository): wrong and alternative answers.

Each wrong answer is the correct fake with one method swapped for a realistic mistake, so the
fragment it must produce points at that method. "thin" marks answers the earlier, thinner hidden
suite accepted; "worked example" is tuned to the workbook's own values (C3/A1/B2).
"""

from __future__ import annotations

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


FAKE_WRONG = [
    (_fake(get="    def get(self, sku):\n        return self.items.get(sku)\n"), "Return a copy"),
    (
        _fake(
            list="    def list(self):\n"
            "        return [copy.deepcopy(p) for p in self.items.values()]\n"
        ),
        "expected SKUs in text order ['B5', 'K10', 'K9']",
    ),
    (
        _fake(
            add="    def add(self, product):\n"
            "        self.items[product.sku] = copy.copy(product)\n"
        ),
        "to raise Duplicate (from course_lib.shop.errors), it raised nothing",
    ),
    (
        _fake(
            update="    def update(self, product):\n"
            "        self.items[product.sku] = copy.deepcopy(product)\n"
        ),
        "expected update() of an unknown SKU to raise NotFound",
    ),
    # thin: update() stores the caller's object
    (
        _fake(
            update="    def update(self, product):\n"
            "        if product.sku not in self.items:\n            raise NotFound(product.sku)\n"
            "        self.items[product.sku] = product\n"
        ),
        "update() kept your object",
    ),
    # thin: list() hands out the stored objects, sorted
    (
        _fake(
            list="    def list(self):\n        return [self.items[k] for k in sorted(self.items)]\n"
        ),
        "list() handed out the stored object",
    ),
    # thin: sorted by name (the old suite named each product after its SKU)
    (
        _fake(
            list="    def list(self):\n"
            "        found = sorted(self.items.values(), key=lambda p: p.name)\n"
            "        return [copy.deepcopy(p) for p in found]\n"
        ),
        "expected SKUs in text order",
    ),
    # worked example: the order the workbook's list test expects, hard-coded
    (
        _fake(
            list="    def list(self):\n"
            "        return [copy.deepcopy(self.items[s]) for s in ('A1', 'B2', 'C3')"
            " if s in self.items]\n"
        ),
        "expected [Product(sku='K10'",
    ),
    # thin: a generator instead of a list
    (
        _fake(
            list="    def list(self):\n"
            "        return (copy.deepcopy(self.items[k]) for k in sorted(self.items))\n"
        ),
        "expected list() to return a list, got generator",
    ),
    (
        _fake(
            add="    def add(self, product):\n"
            "        if product.sku in self.items:\n            raise KeyError(product.sku)\n"
            "        self.items[product.sku] = copy.deepcopy(product)\n"
        ),
        "got KeyError",
    ),
    (
        _fake(remove="    def remove(self, sku):\n        del self.items[sku]\n"),
        "expected remove() of an unknown SKU to raise NotFound (from course_lib.shop.errors), "
        "got KeyError",
    ),
    # thin: a soft delete whose tombstone blocks adding the SKU again
    (
        _fake(
            get="    def get(self, sku):\n        return copy.deepcopy(self.items.get(sku))\n",
            list="    def list(self):\n        return [copy.deepcopy(self.items[k])"
            " for k in sorted(self.items) if self.items[k] is not None]\n",
            remove="    def remove(self, sku):\n"
            "        if self.items.get(sku) is None:\n            raise NotFound(sku)\n"
            "        self.items[sku] = None\n",
        ),
        "raised Duplicate",
    ),
    # the store on the class: every repository shares one dict
    (
        _HEAD
        + "class FakeProductRepository(ProductRepository):\n    items = {}\n"
        + "".join(v for k, v in _FAKE_OK.items() if k != "init"),
        "keep the products on the instance",
    ),
]

FAKE_ALTERNATIVES = [
    # a sorted list of rows, copies by dataclasses.replace
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
    # immutable tuples as storage: nothing to copy, a new Product on every read; no base class
    "from dataclasses import astuple\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.models import Product\n\n"
    "class FakeProductRepository:\n"
    "    def __init__(self):\n        self._rows = {}\n\n"
    "    def add(self, product):\n"
    "        if product.sku in self._rows:\n"
    "            raise Duplicate(f'product {product.sku!r} already exists')\n"
    "        self._rows[product.sku] = astuple(product)\n\n"
    "    def get(self, sku):\n"
    "        row = self._rows.get(sku)\n"
    "        return Product(*row) if row else None\n\n"
    "    def list(self):\n"
    "        return [Product(*self._rows[sku]) for sku in sorted(self._rows)]\n\n"
    "    def update(self, product):\n"
    "        if product.sku not in self._rows:\n"
    "            raise NotFound(f'no product {product.sku!r}')\n"
    "        self._rows[product.sku] = astuple(product)\n\n"
    "    def remove(self, sku):\n"
    "        if self._rows.pop(sku, None) is None:\n"
    "            raise NotFound(f'no product {sku!r}')\n",
    # a fake over an in-memory SQLite database: the SQL does the ordering and the key check
    "import sqlite3\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.models import Product\n"
    "from course_lib.shop.repositories.base import ProductRepository\n\n"
    "_COLUMNS = 'sku, name, price_cents, stock'\n\n"
    "class FakeProductRepository(ProductRepository):\n"
    "    def __init__(self):\n"
    "        self.db = sqlite3.connect(':memory:')\n"
    "        self.db.execute('CREATE TABLE p (sku TEXT PRIMARY KEY, name TEXT,'\n"
    "                        ' price_cents INTEGER, stock INTEGER)')\n\n"
    "    def add(self, product):\n"
    "        try:\n"
    "            with self.db:\n"
    "                self.db.execute('INSERT INTO p VALUES (?, ?, ?, ?)',\n"
    "                                (product.sku, product.name, product.price_cents,"
    " product.stock))\n"
    "        except sqlite3.IntegrityError:\n"
    "            raise Duplicate(product.sku) from None\n\n"
    "    def get(self, sku):\n"
    "        row = self.db.execute(f'SELECT {_COLUMNS} FROM p WHERE sku = ?', (sku,)).fetchone()\n"
    "        return Product(*row) if row else None\n\n"
    "    def list(self):\n"
    "        rows = self.db.execute(f'SELECT {_COLUMNS} FROM p ORDER BY sku')\n"
    "        return [Product(*row) for row in rows]\n\n"
    "    def update(self, product):\n"
    "        with self.db:\n"
    "            changed = self.db.execute(\n"
    "                'UPDATE p SET name = ?, price_cents = ?, stock = ? WHERE sku = ?',\n"
    "                (product.name, product.price_cents, product.stock, product.sku),\n"
    "            ).rowcount\n"
    "        if not changed:\n            raise NotFound(product.sku)\n\n"
    "    def remove(self, sku):\n"
    "        with self.db:\n"
    "            if not self.db.execute('DELETE FROM p WHERE sku = ?', (sku,)).rowcount:\n"
    "                raise NotFound(sku)\n",
]
