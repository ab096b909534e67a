"""Bank entries for code exercise 02.2 (CachedProductRepository): wrong and alternative answers.

Each wrong answer is a correct cache with one method swapped for a realistic mistake. "thin" marks
answers the earlier, thinner hidden suite accepted; "worked example" caches only the workbook's
SKU A1.
"""

from __future__ import annotations

_HEAD = (
    "import copy\n"
    "from course_lib.shop.errors import Duplicate, NotFound\n"
    "from course_lib.shop.repositories.base import ProductRepository\n\n"
)

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


CACHE_WRONG = [
    # hands out the object it caches, on a miss and on a hit
    (
        _cache(
            get="    def get(self, sku):\n"
            "        if sku not in self.cache:\n"
            "            found = self.inner.get(sku)\n"
            "            if found is None:\n                return None\n"
            "            self.cache[sku] = found\n"
            "        return self.cache[sku]\n"
        ),
        "the cache kept the object it handed out",
    ),
    (
        _cache(update="    def update(self, product):\n        self.inner.update(product)\n"),
        "get() after update() returned the stale",
    ),
    (
        _cache(get="    def get(self, sku):\n        return self.inner.get(sku)\n"),
        "expected no call to the inner repository for a cached SKU, got get('K10')",
    ),
    # caches misses forever
    (
        _cache(
            get="    def get(self, sku):\n"
            "        if sku not in self.cache:\n"
            "            self.cache[sku] = self.inner.get(sku)\n"
            "        return copy.deepcopy(self.cache[sku])\n"
        ),
        "the cache remembered 'missing'",
    ),
    # thin: copies on a miss, hands out its own object on a hit
    (
        _cache(
            get="    def get(self, sku):\n"
            "        if sku in self.cache:\n            return self.cache[sku]\n"
            "        found = self.inner.get(sku)\n"
            "        if found is not None:\n            self.cache[sku] = copy.deepcopy(found)\n"
            "        return found\n"
        ),
        "the cache handed out its own object",
    ),
    # thin: update() caches the caller's object
    (
        _cache(
            update="    def update(self, product):\n        self.inner.update(product)\n"
            "        self.cache[product.sku] = product\n"
        ),
        "update() cached your object",
    ),
    # thin: update() writes the cache before the database refuses
    (
        _cache(
            update="    def update(self, product):\n"
            "        self.cache[product.sku] = copy.deepcopy(product)\n"
            "        self.inner.update(product)\n"
        ),
        "after a refused update() get('Z9') returned",
    ),
    # thin: add() warms the cache before the database refuses a duplicate
    (
        _cache(
            add="    def add(self, product):\n"
            "        self.cache[product.sku] = copy.deepcopy(product)\n"
            "        self.inner.add(product)\n"
        ),
        "after a refused add() get('K10') returned",
    ),
    # thin: misses are cached, but add() through the cache forgets them
    (
        _cache(
            add="    def add(self, product):\n"
            "        self.inner.add(product)\n        self.cache.pop(product.sku, None)\n",
            get="    def get(self, sku):\n"
            "        if sku not in self.cache:\n"
            "            self.cache[sku] = self.inner.get(sku)\n"
            "        return copy.deepcopy(self.cache[sku])\n",
        ),
        "another writer added K10",
    ),
    # thin: a one-slot cache that only remembers the last SKU read
    (
        _cache(
            init="    def __init__(self, inner):\n"
            "        self.inner, self.last = inner, None\n"
            "        self.cache = {}\n",
            get="    def get(self, sku):\n"
            "        if self.last is not None and self.last.sku == sku:\n"
            "            return copy.deepcopy(self.last)\n"
            "        found = self.inner.get(sku)\n"
            "        self.last = copy.deepcopy(found)\n"
            "        return found\n",
            update="    def update(self, product):\n        self.inner.update(product)\n"
            "        self.last = None\n",
            remove="    def remove(self, sku):\n        self.inner.remove(sku)\n"
            "        self.last = None\n",
        ),
        "expected K9 and B5 both served from the cache",
    ),
    # worked example: caches the workbook's SKU A1 only
    (
        _cache(
            get="    def get(self, sku):\n"
            "        if sku != 'A1':\n            return self.inner.get(sku)\n"
            "        if sku not in self.cache:\n"
            "            found = self.inner.get(sku)\n"
            "            if found is None:\n                return None\n"
            "            self.cache[sku] = found\n"
            "        return copy.deepcopy(self.cache[sku])\n"
        ),
        "expected no call to the inner repository for a cached SKU",
    ),
    # thin: remove() leaves a tombstone that outlives the next add()
    (
        _cache(
            get="    def get(self, sku):\n"
            "        if sku in self.cache:\n            return copy.deepcopy(self.cache[sku])\n"
            "        found = self.inner.get(sku)\n"
            "        if found is not None:\n            self.cache[sku] = found\n"
            "        return copy.deepcopy(found)\n",
            remove="    def remove(self, sku):\n"
            "        self.inner.remove(sku)\n        self.cache[sku] = None\n",
        ),
        "after remove() and add(), got None",
    ),
    # thin: list() warms the cache with the very objects it returns
    (
        _cache(
            list="    def list(self):\n        products = self.inner.list()\n"
            "        self.cache.update({p.sku: p for p in products})\n"
            "        return products\n"
        ),
        "list() handed out a cached object",
    ),
    # list() served from the cache: only what was read
    (
        _cache(
            list="    def list(self):\n"
            "        return [copy.deepcopy(self.cache[s]) for s in sorted(self.cache)]\n"
        ),
        "(every product, ordered by SKU), got ['K9']",
    ),
]

CACHE_ALTERNATIVES = [
    # drop on update() instead of refreshing (the solution refreshes)
    _cache(),
    # immutable tuples in the cache: a new Product on every read; no base class
    "from dataclasses import astuple\n"
    "from course_lib.shop.models import Product\n\n"
    "class CachedProductRepository:\n"
    "    def __init__(self, inner):\n        self._inner = inner\n        self._rows = {}\n\n"
    "    def add(self, product):\n        self._inner.add(product)\n\n"
    "    def get(self, sku):\n"
    "        row = self._rows.get(sku)\n"
    "        if row is None:\n"
    "            found = self._inner.get(sku)\n"
    "            if found is None:\n                return None\n"
    "            row = self._rows[sku] = astuple(found)\n"
    "        return Product(*row)\n\n"
    "    def list(self):\n        return self._inner.list()\n\n"
    "    def update(self, product):\n"
    "        self._inner.update(product)\n        self._rows[product.sku] = astuple(product)\n\n"
    "    def remove(self, sku):\n"
    "        self._inner.remove(sku)\n        self._rows.pop(sku, None)\n",
    # write-through: add() and update() fill the cache once inner accepted, copy.copy out
    "import copy\n\n"
    "class CachedProductRepository:\n"
    "    def __init__(self, inner):\n        self.inner = inner\n        self.known = {}\n\n"
    "    def _keep(self, product):\n        self.known[product.sku] = copy.copy(product)\n\n"
    "    def add(self, product):\n        self.inner.add(product)\n        self._keep(product)\n\n"
    "    def get(self, sku):\n"
    "        if sku not in self.known:\n"
    "            found = self.inner.get(sku)\n"
    "            if found is None:\n                return None\n"
    "            self._keep(found)\n"
    "        return copy.copy(self.known[sku])\n\n"
    "    def list(self):\n        return self.inner.list()\n\n"
    "    def update(self, product):\n        self.inner.update(product)\n"
    "        self._keep(product)\n\n"
    "    def remove(self, sku):\n        self.inner.remove(sku)\n"
    "        self.known.pop(sku, None)\n",
    # a bounded LRU cache (OrderedDict), copies by dataclasses.replace
    "from collections import OrderedDict\n"
    "from dataclasses import replace\n"
    "from course_lib.shop.repositories.base import ProductRepository\n\n"
    "class CachedProductRepository(ProductRepository):\n"
    "    SIZE = 128\n\n"
    "    def __init__(self, inner):\n"
    "        self.inner = inner\n        self.lru = OrderedDict()\n\n"
    "    def _remember(self, product):\n"
    "        self.lru[product.sku] = replace(product)\n"
    "        self.lru.move_to_end(product.sku)\n"
    "        while len(self.lru) > self.SIZE:\n            self.lru.popitem(last=False)\n\n"
    "    def add(self, product):\n        self.inner.add(product)\n\n"
    "    def get(self, sku):\n"
    "        if sku in self.lru:\n"
    "            self.lru.move_to_end(sku)\n            return replace(self.lru[sku])\n"
    "        found = self.inner.get(sku)\n"
    "        if found is not None:\n            self._remember(found)\n"
    "        return found and replace(found)\n\n"
    "    def list(self):\n        return [replace(p) for p in self.inner.list()]\n\n"
    "    def update(self, product):\n        self.inner.update(product)\n"
    "        self._remember(product)\n\n"
    "    def remove(self, sku):\n        self.inner.remove(sku)\n        self.lru.pop(sku, None)\n",
]
