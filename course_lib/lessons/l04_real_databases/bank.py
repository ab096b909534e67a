"""Known-wrong and alternative answers for lesson 04 (real databases)."""

_IMPORTS = """\
from sqlalchemy import select, update
from course_lib.shop.db import ProductRow
"""

WRONG = {
    "04.1": [
        (
            _IMPORTS + "def reserve(session, sku, quantity):\n"
            "    row = session.get(ProductRow, sku)\n"
            "    if row is None or row.stock < quantity:\n"
            "        return False\n"
            "    row.stock = row.stock - quantity\n"
            "    session.flush()\n"
            "    return True\n",
            "lost update",
        ),
        (
            _IMPORTS + "def reserve(session, sku, quantity):\n"
            "    result = session.execute(update(ProductRow).where(ProductRow.sku == sku)\n"
            "                             .values(stock=ProductRow.stock - quantity))\n"
            "    return result.rowcount == 1\n",
            "raised IntegrityError",
        ),
    ],
    "04.2": [
        (
            _IMPORTS + "def upsert_products(session, products):\n"
            "    for p in products:\n"
            "        row = session.get(ProductRow, p.sku)\n"
            "        if row is None:\n"
            "            session.add(ProductRow(sku=p.sku, name=p.name,\n"
            "                                   price_cents=p.price_cents, stock=p.stock))\n"
            "        else:\n"
            "            row.name, row.price_cents = p.name, p.price_cents\n"
            "        session.flush()\n",
            "on conflict",
        ),
        (
            _IMPORTS + "from sqlalchemy.dialects.postgresql import insert\n"
            "def upsert_products(session, products):\n"
            "    for p in products:\n"
            "        stmt = insert(ProductRow).values(sku=p.sku, name=p.name,\n"
            "                                         price_cents=p.price_cents, stock=p.stock)\n"
            "        session.execute(stmt.on_conflict_do_update(index_elements=['sku'], set_={\n"
            "            'name': stmt.excluded.name, 'price_cents': stmt.excluded.price_cents,\n"
            "            'stock': stmt.excluded.stock}))\n",
            "stock unchanged",
        ),
    ],
    "04.3": [
        (
            "def test_search(catalog):\n"
            "    catalog.add('A1', 'Apple Mug', 1250)\n"
            "    assert catalog.search('Mug') == ['A1']\n",
            "catch nothing",
        ),
        (
            "def test_search(catalog):\n"
            "    catalog.add('A1', 'Apple Mug', 1250)\n"
            "    assert catalog.search('mug') == ['A1']\n"
            "def test_value(catalog):\n"
            "    assert catalog.stock_value() == 0\n",
            "caught 2 of 4",
        ),
        (
            "def test_cheapest_when_empty(catalog):\n    assert catalog.cheapest() == ''\n",
            "fails on the correct implementation",
        ),
    ],
}

ALTERNATIVES = {
    "04.1": [
        _IMPORTS + "def reserve(session, sku, quantity):\n"
        "    row = session.scalars(select(ProductRow).where(ProductRow.sku == sku)\n"
        "                          .with_for_update()).first()\n"
        "    if row is None or row.stock < quantity:\n"
        "        return False\n"
        "    row.stock -= quantity\n"
        "    session.flush()\n"
        "    return True\n",
    ],
    "04.2": [
        "from sqlalchemy import text\n"
        "def upsert_products(session, products):\n"
        "    for p in products:\n"
        "        session.execute(text(\n"
        "            'INSERT INTO products (sku, name, price_cents, stock) '\n"
        "            'VALUES (:sku, :name, :price, :stock) ON CONFLICT (sku) DO UPDATE '\n"
        "            'SET name = excluded.name, price_cents = excluded.price_cents'),\n"
        "            {'sku': p.sku, 'name': p.name, 'price': p.price_cents, 'stock': p.stock})\n",
    ],
    "04.3": [
        "import pytest\n"
        "from course_lib.shop.errors import InvalidInput\n"
        "def stock(catalog):\n"
        "    catalog.add('M1', 'MUG large', 900, stock=2)\n"
        "    catalog.add('P1', 'pen', 150, stock=10)\n"
        "    return catalog\n"
        "def test_all_reads(catalog):\n"
        "    stocked = stock(catalog)\n"
        "    assert stocked.search('Mug') == ['M1']\n"
        "    assert stocked.cheapest() == 'P1'\n"
        "    assert stocked.stock_value() == 2 * 900 + 10 * 150\n"
        "def test_long_names_are_refused(catalog):\n"
        "    with pytest.raises(InvalidInput):\n"
        "        catalog.add('L1', 'long' * 30, 100)\n",
    ],
}
