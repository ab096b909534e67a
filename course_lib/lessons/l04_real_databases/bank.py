"""Known-wrong and alternative answers for lesson 04 (real databases)."""

_IMPORTS = """\
from sqlalchemy import select, update
from course_lib.shop.db import ProductRow
"""

_RESERVE = """\
def reserve(session, sku, quantity):
    {guard}
    result = session.execute(update(ProductRow).where({where})
                             .values(stock=ProductRow.stock - quantity))
    {extra}
    return {returns}
"""


def _reserve(
    guard="if quantity < 1: return False",
    where="ProductRow.sku == sku, ProductRow.stock >= quantity",
    extra="pass",
    returns="result.rowcount == 1",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _IMPORTS + _RESERVE.format(guard=guard, where=where, extra=extra, returns=returns)


_UPSERT = """\
from sqlalchemy.dialects.postgresql import insert
from course_lib.shop.db import ProductRow

def upsert_products(session, products):
    {prepare}
    rows = [{{"sku": p.sku, "name": p.name, "price_cents": p.price_cents, "stock": p.stock}}
            for p in products]
    {guard}
    statement = insert(ProductRow).values(rows)
    session.execute(statement.on_conflict_do_update(
        index_elements=[ProductRow.sku],
        set_={{"name": statement.excluded.name, "price_cents": statement.excluded.price_cents}}))
    {extra}
"""


def _upsert(
    prepare="products = list({p.sku: p for p in products}.values())",
    guard="if not rows: return",
    extra="",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _UPSERT.format(prepare=prepare, guard=guard, extra=extra)


_MERGE = """\
from sqlalchemy import text

MERGE = text(
    "MERGE INTO products AS t USING (SELECT CAST(:sku AS VARCHAR) AS sku) AS s ON t.sku = s.sku "
    "WHEN MATCHED THEN UPDATE SET name = :name, price_cents = :price_cents "
    "WHEN NOT MATCHED THEN INSERT (sku, name, price_cents, stock) "
    "VALUES (:sku, :name, :price_cents, :stock)"
)

def upsert_products(session, products):
    for p in products:
        session.execute(MERGE, vars(p))
"""

WRONG = {
    "04.1": [
        (  # read-modify-write in Python
            _IMPORTS + "def reserve(session, sku, quantity):\n"
            "    row = session.get(ProductRow, sku)\n"
            "    if quantity < 1 or row is None or row.stock < quantity:\n"
            "        return False\n"
            "    row.stock = row.stock - quantity\n"
            "    session.flush()\n"
            "    return True\n",
            "lost update",
        ),
        (_reserve(where="ProductRow.sku == sku"), "raised IntegrityError"),  # no stock check
        (_reserve(where="ProductRow.sku == sku, ProductRow.stock > quantity"), "includes equal"),
        (_reserve(guard="pass"), "check quantity >= 1"),  # the older suite accepted it
        (_reserve(extra="session.commit()"), "called commit()"),  # the older suite accepted it
        (_reserve(returns="result.rowcount"), "to return True"),
        (  # the worked example's stock of 5 hard-coded: the older suite accepted it
            _reserve(guard="if quantity < 1 or quantity > 5: return False"),
            "when the stock is exactly 9",
        ),
        (  # no filter on the SKU: every product with enough stock loses some
            _reserve(where="ProductRow.stock >= quantity", returns="result.rowcount > 0"),
            "filter on the SKU",
        ),
    ],
    "04.2": [
        (  # SELECT, then INSERT or UPDATE: races
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
        (_upsert(prepare="pass"), "cannot affect row a second time"),  # the older suite's answer
        (_upsert(guard="pass"), "raised IntegrityError"),  # an empty feed inserts a NULL row
        (_upsert(extra="session.commit()"), "called commit()"),  # the older suite accepted it
        (  # "keeps" the stock by writing it into the caller's objects: the older suite accepted it
            _upsert(
                prepare="products = list({p.sku: p for p in products}.values())\n"
                "    for p in products:\n"
                "        if (row := session.get(ProductRow, p.sku)) is not None:\n"
                "            p.stock = row.stock"
            ),
            "expected the products passed in to stay",
        ),
        (  # ON CONFLICT DO NOTHING is not an upsert
            _IMPORTS + "from sqlalchemy.dialects.postgresql import insert\n"
            "def upsert_products(session, products):\n"
            "    for p in products:\n"
            "        session.execute(insert(ProductRow).values(\n"
            "            sku=p.sku, name=p.name, price_cents=p.price_cents, stock=p.stock,\n"
            "        ).on_conflict_do_nothing(index_elements=['sku']))\n",
            "expected A1 to become ('Big mug', 1500, 5)",
        ),
        (  # MERGE looks like an upsert, but does not handle a concurrent insert
            _MERGE,
            "both inserted",
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
        (  # a name of exactly 100 characters is allowed: the boundary is on the wrong side
            "import pytest\n"
            "from course_lib.shop.errors import InvalidInput\n"
            "def test_long_name(catalog):\n"
            "    with pytest.raises(InvalidInput):\n"
            "        catalog.add('A1', 'x' * 100, 100)\n",
            "fails on the correct implementation",
        ),
        (  # every read method, but with data where SQLite and PostgreSQL agree
            "def test_reads(catalog):\n"
            "    catalog.add('A1', 'mug', 1250, stock=2)\n"
            "    assert catalog.search('mug') == ['A1']\n"
            "    assert catalog.stock_value() == 2500\n",
            "caught 1 of 4 bugs (missed: like-is-case-sensitive, bare-column-aggregate, "
            "name-length-unchecked)",
        ),
        ("def test_todo(catalog):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "04.4": [
        (  # nothing here that a probe looking at a running server could get wrong
            "def test_ready(readiness):\n"
            "    readiness.wait_for_database(readiness.url, timeout=1)\n",
            "catch nothing",
        ),
        (  # the probe returns None, not True
            "def test_ready(readiness):\n"
            "    assert readiness.wait_for_database(readiness.url, timeout=1) is True\n",
            "fails on the correct implementation",
        ),
        (  # a refusal is no timeout: the correct probe raises OperationalError at once
            "import pytest\n"
            "def test_unknown_database(readiness):\n"
            "    with pytest.raises(TimeoutError):\n"
            "        readiness.wait_for_database(readiness.unknown_database_url, timeout=0.05)\n",
            "fails on the correct implementation",
        ),
        (  # off by one: after two hang-ups the third connection is the one that answers
            "def test_late_server(readiness):\n"
            "    server = readiness.starting(ready_after=2)\n"
            "    readiness.wait_for_database(server.url, timeout=1)\n"
            "    assert server.attempts == 2\n",
            "fails on the correct implementation",
        ),
        (  # judges the name, not the behaviour
            "def test_is_the_real_probe(readiness):\n"
            "    assert readiness.wait_for_database.__name__ == 'wait_for_database'\n",
            "checks which implementation it got",
        ),
        (  # only a dead port, and any exception will do
            "import pytest\n"
            "def test_dead_server(readiness):\n"
            "    with pytest.raises(Exception):\n"
            "        readiness.wait_for_database(readiness.closed_url, timeout=0.05)\n",
            "caught 2 of 5 bugs (missed: sleeps-then-checks-once, port-is-open, retries-a-refusal)",
        ),
        (  # a late server, but no look at how often the probe knocked
            "def test_late_server(readiness):\n"
            "    server = readiness.starting(ready_after=2)\n"
            "    assert readiness.wait_for_database(server.url, timeout=1) is None\n",
            "caught 1 of 5 bugs",
        ),
        ("def test_todo(readiness):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

_RESERVE_RETURNING = """\
from sqlalchemy import text

def reserve(session, sku, quantity):
    taken = session.execute(
        text("UPDATE products SET stock = stock - :n "
             "WHERE sku = :sku AND stock >= :n AND :n > 0 RETURNING stock"),
        {"sku": sku, "n": quantity},
    ).first()
    return taken is not None
"""

_RESERVE_CAS = """\
from sqlalchemy import select, update
from course_lib.shop.db import ProductRow

def reserve(session, sku, quantity):
    # optimistic: write only if nobody changed the stock since we read it, else read again
    while quantity >= 1:
        seen = session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))
        if seen is None or seen < quantity:
            return False
        swapped = session.execute(
            update(ProductRow)
            .where(ProductRow.sku == sku, ProductRow.stock == seen)
            .values(stock=seen - quantity)
        )
        if swapped.rowcount == 1:
            return True
    return False
"""

_RESERVE_EAFP = """\
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from course_lib.shop.db import ProductRow

def reserve(session, sku, quantity):
    # let the CHECK (stock >= 0) refuse it, inside a SAVEPOINT so the caller's work survives
    if quantity <= 0:
        return False
    try:
        with session.begin_nested():
            changed = session.execute(
                update(ProductRow).where(ProductRow.sku == sku)
                .values(stock=ProductRow.stock - quantity)
            ).rowcount
    except IntegrityError:
        return False
    return changed == 1
"""

_UPSERT_TWO_STEPS = """\
from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert
from course_lib.shop.db import ProductRow

def upsert_products(session, products):
    # insert what is missing (the database settles races), then update name and price
    for p in products:
        session.execute(
            insert(ProductRow)
            .values(sku=p.sku, name=p.name, price_cents=p.price_cents, stock=p.stock)
            .on_conflict_do_nothing(index_elements=[ProductRow.sku])
        )
        session.execute(
            update(ProductRow).where(ProductRow.sku == p.sku)
            .values(name=p.name, price_cents=p.price_cents)
        )
"""

_UPSERT_EXECUTEMANY = """\
from sqlalchemy.dialects.postgresql import insert
from course_lib.shop.db import ProductRow

UPSERT = insert(ProductRow)
UPSERT = UPSERT.on_conflict_do_update(
    constraint=ProductRow.__table__.primary_key,
    set_={"name": UPSERT.excluded.name, "price_cents": UPSERT.excluded.price_cents},
)

def upsert_products(session, products):
    latest = {}
    for product in products:
        latest[product.sku] = dict(sku=product.sku, name=product.name,
                                   price_cents=product.price_cents, stock=product.stock)
    for params in latest.values():
        session.execute(UPSERT, params)
"""

_CATALOG_CLASS = """\
import pytest
from course_lib.shop.errors import InvalidInput

class TestCatalogOnPostgres:
    def test_search_ignores_case(self, catalog):
        catalog.add("K1", "Kettle", 3000)
        assert catalog.search("KETTLE") == ["K1"]

    def test_cheapest_with_a_tie(self, catalog):
        for sku, price in [("C", 500), ("B", 300), ("A", 300)]:
            catalog.add(sku, sku.lower(), price)
        assert catalog.cheapest() == "A"

    def test_empty_stock_value(self, catalog):
        assert catalog.stock_value() == 0

    def test_name_of_101_characters(self, catalog):
        with pytest.raises(InvalidInput):
            catalog.add("L1", "n" * 101, 1)
"""

_CATALOG_PARAMETRIZED = """\
import pytest
from course_lib.shop.errors import InvalidInput

@pytest.fixture
def stocked(catalog):
    '''The catalogue with three products, names in mixed case.'''
    catalog.add("T1", "Teapot", 2500, stock=1)
    catalog.add("T2", "tea cup", 400, stock=6)
    catalog.add("S1", "Spoon", 150, stock=0)
    return catalog

@pytest.mark.parametrize("term, skus", [("tea", ["T1", "T2"]), ("SPOON", ["S1"]), ("POT", ["T1"])])
def test_search(stocked, term, skus):
    assert stocked.search(term) == skus

def test_cheapest_and_value(stocked):
    assert (stocked.cheapest(), stocked.stock_value()) == ("S1", 2500 + 6 * 400)

@pytest.mark.parametrize("name", ["a" * 101, "b" * 250])
def test_long_names_refused(catalog, name):
    with pytest.raises(InvalidInput, match="at most 100"):
        catalog.add("N1", name, 10)
"""

_CATALOG_UNITTEST = """\
import unittest
from course_lib.shop.errors import InvalidInput

expect = unittest.TestCase()

def test_whole_catalogue(catalog):
    expect.assertEqual(catalog.stock_value(), 0)
    expect.assertIsNone(catalog.cheapest())
    catalog.add("B1", "Blue BOWL", 800, stock=3)
    catalog.add("B2", "bowl", 800, stock=1)
    expect.assertEqual(catalog.search("Bowl"), ["B1", "B2"])
    expect.assertEqual(catalog.cheapest(), "B1")
    expect.assertEqual(catalog.stock_value(), 3200)
    expect.assertRaises(InvalidInput, catalog.add, "B3", "z" * 120, 5)
"""

_READINESS_CLASS = """\
import pytest
from sqlalchemy.exc import OperationalError

class TestWaitForDatabase:
    def test_server_that_starts_late(self, readiness):
        server = readiness.starting(ready_after=3)
        readiness.wait_for_database(server.url, timeout=2)
        assert server.attempts == 4

    def test_nobody_listening(self, readiness):
        with pytest.raises(TimeoutError):
            readiness.wait_for_database(readiness.closed_url, timeout=0.05)

    def test_port_without_a_database(self, readiness):
        with pytest.raises(TimeoutError):
            readiness.wait_for_database(readiness.starting(ready_after=None).url, timeout=0.05)

    def test_wrong_database_name(self, readiness):
        with pytest.raises(OperationalError, match="no_such_database"):
            readiness.wait_for_database(readiness.unknown_database_url, timeout=0.05)
"""

_READINESS_PARAMETRIZED = """\
import pytest
from sqlalchemy.exc import OperationalError

@pytest.fixture
def never_ready(readiness):
    '''A port that accepts connections and hangs up on every one of them.'''
    return readiness.starting(ready_after=None)

@pytest.mark.parametrize("where", ["closed port", "hangs up"])
def test_dead_servers_time_out(readiness, never_ready, where):
    url = readiness.closed_url if where == "closed port" else never_ready.url
    with pytest.raises(TimeoutError):
        readiness.wait_for_database(url, timeout=0.05)

@pytest.mark.parametrize("hang_ups", [1, 4])
def test_ready_after_some_hang_ups(readiness, hang_ups):
    server = readiness.starting(ready_after=hang_ups)
    readiness.wait_for_database(server.url, timeout=2)
    assert server.attempts == hang_ups + 1

def test_a_refusal_is_reported(readiness):
    with pytest.raises(OperationalError, match="does not exist"):
        readiness.wait_for_database(readiness.unknown_database_url, timeout=0.05)
"""

_READINESS_UNITTEST = """\
import unittest
from sqlalchemy.exc import OperationalError

check = unittest.TestCase()

def test_probe_against_every_kind_of_server(readiness):
    wait = readiness.wait_for_database
    check.assertRaises(TimeoutError, wait, readiness.closed_url, 0.05)
    check.assertRaises(TimeoutError, wait, readiness.starting(ready_after=None).url, 0.05)
    check.assertRaisesRegex(
        OperationalError, "does not exist", wait, readiness.unknown_database_url, 0.05
    )
    late = readiness.starting(ready_after=2)
    check.assertIsNone(wait(late.url, 1))
    check.assertEqual(late.attempts, 3)
"""

_READINESS_OUTCOME_FIXTURE = """\
import pytest

@pytest.fixture
def outcome(readiness):
    '''What the probe makes of a URL: "ready", or the name of the exception it raised.'''
    def run(url, timeout=0.05):
        try:
            readiness.wait_for_database(url, timeout)
        except Exception as exc:
            return type(exc).__name__
        return "ready"
    return run

def test_what_the_probe_reports(readiness, outcome):
    late = readiness.starting(ready_after=1)
    assert (outcome(late.url, timeout=1), late.attempts) == ("ready", 2)
    assert outcome(readiness.url) == "ready"
    assert outcome(readiness.closed_url) == "TimeoutError"
    assert outcome(readiness.starting(ready_after=None).url) == "TimeoutError"
    assert outcome(readiness.unknown_database_url) == "OperationalError"
"""

ALTERNATIVES = {
    "04.1": [
        _IMPORTS + "def reserve(session, sku, quantity):\n"
        "    if quantity < 1:\n"
        "        return False\n"
        "    row = session.scalars(select(ProductRow).where(ProductRow.sku == sku)\n"
        "                          .with_for_update()).first()\n"
        "    if row is None or row.stock < quantity:\n"
        "        return False\n"
        "    row.stock -= quantity\n"
        "    session.flush()\n"
        "    return True\n",
        _RESERVE_RETURNING,
        _RESERVE_CAS,
        _RESERVE_EAFP,
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
        _UPSERT_TWO_STEPS,
        _UPSERT_EXECUTEMANY,
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
        _CATALOG_CLASS,
        _CATALOG_PARAMETRIZED,
        _CATALOG_UNITTEST,
    ],
    "04.4": [
        _READINESS_CLASS,
        _READINESS_PARAMETRIZED,
        _READINESS_UNITTEST,
        _READINESS_OUTCOME_FIXTURE,
    ],
}
