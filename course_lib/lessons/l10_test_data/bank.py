"""Known-wrong and alternative answers for lesson 10 (test data, isolation and flaky tests)."""

_CLEANUP = """\
from sqlalchemy import delete
from course_lib.shop import db

def cleanup(session, created):
    {check}
    for table in {order}:
        keys = created.get(table.name)
        if keys:
            (column,) = table.primary_key.columns
            session.execute({statement})
    {commit}
"""


def _cleanup(
    check="unknown = set(created) - set(db.Base.metadata.tables)\n"
    "    if unknown: raise ValueError(f'not a shop table: {unknown}')",
    order="reversed(db.Base.metadata.sorted_tables)",
    statement="delete(table).where(column.in_(keys))",
    commit="session.commit()",
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _CLEANUP.format(check=check, order=order, statement=statement, commit=commit)


_NAME = """\
import hashlib, re

def worker_database_name(worker_id, run_id):
    {body}
"""

_DM_IMPORTS = """\
from sqlalchemy import func, select
from course_lib.shop.db import CustomerRow, OrderRow, ProductRow

def count(session, row, column, keys):
    return session.scalar(select(func.count()).select_from(row).where(column.in_(keys)))

"""

_DM_TWO = """\
def test_two_customers(data):
    a, b = data.customer(), data.customer()
    assert count(data.session, CustomerRow, CustomerRow.id, [a.id, b.id]) == 2

def test_two_products(data):
    a, b = data.product(), data.product()
    assert count(data.session, ProductRow, ProductRow.sku, [a.sku, b.sku]) == 2
"""

_DM_ORDER = """\
def test_order_cleanup(data):
    order = data.order()
    oid, cid, sku = order.id, order.customer_id, order.lines[0].sku
    data.cleanup()
    assert count(data.session, OrderRow, OrderRow.id, [oid]) == 0
    assert count(data.session, CustomerRow, CustomerRow.id, [cid]) == 0
    assert count(data.session, ProductRow, ProductRow.sku, [sku]) == 0
"""

_DM_OTHERS = """\
def test_others_stay(data):
    other = CustomerRow(email='other.bank@example.test', name='Other')
    data.session.add(other)
    data.session.commit()
    other_id = other.id
    data.customer()
    data.cleanup()
    assert count(data.session, CustomerRow, CustomerRow.id, [other_id]) == 1
"""

_DUE_IMPORTS = """\
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
BERLIN = ZoneInfo('Europe/Berlin')

"""

_DUE_MIDNIGHT = """\
def test_midnight_summer(due_today, time_machine):
    time_machine.move_to(datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc))
    due = {'today': datetime(2026, 7, 2, 8, 0, tzinfo=BERLIN),
           'yesterday': datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN)}
    assert due_today(due, 'Europe/Berlin') == ['today']
"""

_DUE_EVENING = """\
def test_evening(due_today, time_machine):
    time_machine.move_to(datetime(2026, 7, 2, 18, 0, tzinfo=timezone.utc))
    due = {'utc': datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc),
           'morning': datetime(2026, 7, 2, 6, 0, tzinfo=BERLIN),
           'tomorrow': datetime(2026, 7, 3, 8, 0, tzinfo=BERLIN)}
    assert due_today(due, 'Europe/Berlin') == ['morning', 'utc']
"""

_DUE_DST = """\
def test_dst(due_today, time_machine):
    time_machine.move_to(datetime(2026, 3, 29, 10, 0, tzinfo=timezone.utc))
    due = {'early': datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN),
           'late': datetime(2026, 3, 30, 0, 30, tzinfo=BERLIN)}
    assert due_today(due, 'Europe/Berlin') == ['early']
"""

_DUE_NAIVE = """\
def test_naive(due_today):
    import pytest
    with pytest.raises(ValueError):
        due_today({'n': datetime(2026, 1, 15, 16, 0)}, 'Europe/Berlin')
"""

WRONG = {
    "10.1": [
        (_cleanup(order="db.Base.metadata.sorted_tables"), "raised IntegrityError"),
        (  # trusts the order of the dict
            "from sqlalchemy import delete\nfrom course_lib.shop import db\n"
            "def cleanup(session, created):\n"
            "    for name in reversed(list(created)):\n"
            "        table = db.Base.metadata.tables[name]\n"
            "        (column,) = table.primary_key.columns\n"
            "        session.execute(delete(table).where(column.in_(created[name])))\n"
            "    session.commit()\n",
            "raised IntegrityError",
        ),
        (_cleanup(statement="delete(table)"), "never a whole table"),
        (_cleanup(commit="session.flush()"), "call session.commit()"),
        (_cleanup(check="pass"), "ValueError"),
        (  # the four tables of an order, hard-coded
            _cleanup(
                order="[db.Base.metadata.tables[n] for n in "
                "('order_lines', 'orders', 'products', 'customers')]"
            ),
            "expected the tracked user deleted",
        ),
        (  # the worked example hard-coded: one key per table, the first one
            _cleanup(statement="delete(table).where(column == keys[0])"),
            "expected all 8 tracked rows deleted",
        ),
        ("def cleanup(session, created):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "10.2": [
        (
            _DM_IMPORTS + "def test_customer(data):\n    assert data.customer() is not None\n",
            "caught 0 of 5",
        ),
        (_DM_IMPORTS + _DM_TWO, "caught 2 of 5"),
        (  # expects a fixed e-mail: fails on the correct manager
            _DM_IMPORTS + "def test_email(data):\n"
            "    assert data.customer().email == 'test@example.com'\n",
            "fails on the correct implementation",
        ),
        (  # the worked example only: one customer
            _DM_IMPORTS + "def test_one(data):\n    c = data.customer()\n"
            "    assert count(data.session, CustomerRow, CustomerRow.id, [c.id]) == 1\n",
            "catch nothing",
        ),
        (_DM_IMPORTS + _DM_TWO + _DM_ORDER, "deletes-everything"),
        ("def test_todo(data):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "10.3": [
        (_NAME.format(body="return f'test_{worker_id}'"), "expected different names for two"),
        (_NAME.format(body="return f'test_{run_id}'"), "expected 3 different names"),
        (  # keeps the run id as it is: case, '-' and length
            _NAME.format(body="return f'test_{run_id}_{worker_id}'"),
            "at most 63 characters",
        ),
        (  # cuts the name to 63 characters: the end of the run id is lost
            _NAME.format(
                body="run = re.sub(r'[^a-z0-9]', '_', run_id.lower())\n"
                "    return f'test_{worker_id}_{run}'[:63]"
            ),
            "hash it instead",
        ),
        (  # hash() of the run id: the same in this process, another number in the next one
            _NAME.format(
                body="run = abs(hash(run_id)) % 10**12\n"
                "    worker = re.sub(r'[^a-z0-9]', '_', worker_id.lower())\n"
                "    return f'test_{run}_{worker}'"
            ),
            "hash() of a str is salted per process",
        ),
        (  # a fresh uuid on every call: setup and teardown name different databases
            "import uuid\n" + _NAME.format(body="return f'test_{uuid.uuid4().hex}_{worker_id}'"),
            "expected one name",
        ),
        (  # the worked example hard-coded
            _NAME.format(body="return 'test_8f14e45fceea167a_gw0'"),
            "expected 3 different names",
        ),
        (_NAME.format(body="raise NotImplementedError"), "not done yet"),
    ],
    "10.4": [
        (
            _DUE_IMPORTS + "def test_noon(due_today):\n"
            "    assert due_today({}, 'Europe/Berlin') == []\n",
            "catch nothing",
        ),
        (  # noon in winter only: every variant is right then
            _DUE_IMPORTS + "def test_noon(due_today, time_machine):\n"
            "    time_machine.move_to(datetime(2026, 1, 15, 11, 0, tzinfo=timezone.utc))\n"
            "    due = {'A': datetime(2026, 1, 15, 16, 0, tzinfo=BERLIN)}\n"
            "    assert due_today(due, 'Europe/Berlin') == ['A']\n",
            "catch nothing",
        ),
        (  # the destination in Berlin time: time-machine switches the local zone too
            _DUE_IMPORTS + "def test_midnight(due_today, time_machine):\n"
            "    time_machine.move_to(datetime(2026, 7, 2, 0, 30, tzinfo=BERLIN))\n"
            "    due = {'today': datetime(2026, 7, 2, 8, 0, tzinfo=BERLIN),\n"
            "           'yesterday': datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN)}\n"
            "    assert due_today(due, 'Europe/Berlin') == ['today']\n" + _DUE_DST,
            "server-date",
        ),
        (  # expects the server's date: fails on the correct code
            _DUE_IMPORTS + "def test_midnight(due_today, time_machine):\n"
            "    time_machine.move_to(datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc))\n"
            "    due = {'today': datetime(2026, 7, 2, 8, 0, tzinfo=BERLIN),\n"
            "           'yesterday': datetime(2026, 7, 1, 12, 0, tzinfo=BERLIN)}\n"
            "    assert due_today(due, 'Europe/Berlin') == ['yesterday']\n",
            "fails on the correct implementation",
        ),
        (_DUE_IMPORTS + _DUE_MIDNIGHT, "missed: stored-date, next-24-hours"),
        ("def test_todo(due_today):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "10.1": [
        (  # a topological sort written by hand from the foreign keys
            "from sqlalchemy import delete\nfrom course_lib.shop import db\n"
            "def cleanup(session, created):\n"
            "    tables = db.Base.metadata.tables\n"
            "    for name in created:\n"
            "        if name not in tables:\n"
            "            raise ValueError(f'unknown table {name}')\n"
            "    done, order = set(), []\n"
            "    def visit(table):\n"
            "        if table.name in done:\n"
            "            return\n"
            "        done.add(table.name)\n"
            "        for child in tables.values():\n"
            "            if any(fk.column.table is table for fk in child.foreign_keys)"
            " and child is not table:\n"
            "                visit(child)\n"
            "        order.append(table)\n"
            "    for table in tables.values():\n"
            "        visit(table)\n"
            "    for table in order:\n"
            "        keys = created.get(table.name) or []\n"
            "        if keys:\n"
            "            pk = list(table.primary_key.columns)[0]\n"
            "            session.execute(delete(table).where(pk.in_(keys)))\n"
            "    session.commit()\n"
        ),
        (  # one row at a time through the ORM mapper, with a class
            "from sqlalchemy import delete\nfrom course_lib.shop import db\n"
            "class _Cleaner:\n"
            "    def __init__(self, session):\n"
            "        self.session = session\n"
            "    def run(self, created):\n"
            "        missing = [n for n in created if n not in db.Base.metadata.tables]\n"
            "        if missing:\n"
            "            raise ValueError('not a shop table: ' + ', '.join(missing))\n"
            "        for table in db.Base.metadata.sorted_tables[::-1]:\n"
            "            for key in created.get(table.name, ()):\n"
            "                pk = table.primary_key.columns.values()[0]\n"
            "                self.session.execute(delete(table).where(pk == key))\n"
            "        self.session.commit()\n"
            "def cleanup(session, created):\n"
            "    _Cleaner(session).run(created)\n"
        ),
        (  # raw SQL with psycopg-style parameters and ANY(...)
            "from sqlalchemy import text\nfrom course_lib.shop import db\n"
            "def cleanup(session, created):\n"
            "    known = {t.name: t for t in db.Base.metadata.sorted_tables}\n"
            "    bad = [name for name in created if name not in known]\n"
            "    if bad:\n"
            "        raise ValueError(f'{bad[0]} is not a shop table')\n"
            "    for table in reversed(list(known.values())):\n"
            "        keys = list(created.get(table.name, []))\n"
            "        if not keys:\n"
            "            continue\n"
            "        pk = table.primary_key.columns.keys()[0]\n"
            "        session.execute(text(f'DELETE FROM {table.name} WHERE {pk} = ANY(:keys)'),\n"
            "                        {'keys': keys})\n"
            "    session.commit()\n"
        ),
    ],
    "10.2": [
        (  # a class with parametrize over the kinds of row
            "import pytest\n" + _DM_IMPORTS + "class TestManager:\n"
            "    @pytest.mark.parametrize('kind', ['customer', 'product'])\n"
            "    def test_two_of_a_kind(self, data, kind):\n"
            "        a, b = getattr(data, kind)(), getattr(data, kind)()\n"
            "        if kind == 'customer':\n"
            "            keys = [a.id, b.id]\n"
            "            assert count(data.session, CustomerRow, CustomerRow.id, keys) == 2\n"
            "        else:\n"
            "            keys = [a.sku, b.sku]\n"
            "            assert count(data.session, ProductRow, ProductRow.sku, keys) == 2\n"
            "    def test_order(self, data):\n"
            "        order = data.order()\n"
            "        oid, cid, sku = order.id, order.customer_id, order.lines[0].sku\n"
            "        data.cleanup()\n"
            "        assert count(data.session, OrderRow, OrderRow.id, [oid]) == 0\n"
            "        assert count(data.session, CustomerRow, CustomerRow.id, [cid]) == 0\n"
            "        assert count(data.session, ProductRow, ProductRow.sku, [sku]) == 0\n"
            "    def test_others(self, data):\n"
            "        other = CustomerRow(email='other.class@example.test', name='Other')\n"
            "        data.session.add(other)\n"
            "        data.session.commit()\n"
            "        oid = other.id\n"
            "        data.customer()\n"
            "        data.cleanup()\n"
            "        assert count(data.session, CustomerRow, CustomerRow.id, [oid]) == 1\n"
        ),
        (  # a helper fixture on top of `data` that snapshots the tables
            "import pytest\nfrom sqlalchemy import select\n"
            "from course_lib.shop.db import CustomerRow, ProductRow\n"
            "@pytest.fixture\n"
            "def keys(data):\n"
            "    data.session.add(CustomerRow(email='snapshot.10@example.test', name='S'))\n"
            "    data.session.commit()\n"
            "    def snapshot():\n"
            "        return (set(data.session.scalars(select(CustomerRow.id))),\n"
            "                set(data.session.scalars(select(ProductRow.sku))))\n"
            "    return snapshot\n"
            "def test_cleanup_restores_the_tables(data, keys):\n"
            "    before = keys()\n"
            "    data.customer(); data.customer(); data.product(); data.product()\n"
            "    data.order(); data.order()\n"
            "    data.cleanup()\n"
            "    assert keys() == before\n"
        ),
        (  # explicit fixed values passed in, then the manager's own values, unittest-style
            "import unittest\n" + _DM_IMPORTS + _DM_TWO + _DM_ORDER + "def test_others(data):\n"
            "    other = data.session.merge(CustomerRow(email='merge.10@example.test', name='M'))\n"
            "    data.session.commit()\n"
            "    other_id = other.id\n"
            "    data.order(customer=data.customer(), product=data.product(), quantity=3)\n"
            "    data.cleanup()\n"
            "    unittest.TestCase().assertEqual(\n"
            "        count(data.session, CustomerRow, CustomerRow.id, [other_id]), 1)\n"
        ),
    ],
    "10.3": [
        _NAME.format(
            body="digest = hashlib.blake2b(run_id.encode(), digest_size=8).hexdigest()\n"
            "    return 'test_' + digest + '_' + ''.join(c if c.isalnum() else '_' "
            "for c in worker_id.lower())"
        ),
        (  # a class with the rules as attributes
            "import hashlib\n"
            "class Namer:\n"
            "    prefix = 'test'\n"
            "    def __call__(self, worker_id, run_id):\n"
            "        run = hashlib.md5(run_id.encode()).hexdigest()[:20]\n"
            "        worker = ''.join(ch if ch.isascii() and ch.isalnum() else '_'\n"
            "                         for ch in worker_id).lower()\n"
            "        return '_'.join([self.prefix, run, worker])\n"
            "worker_database_name = Namer()\n"
        ),
        (  # uuid5 of the run id, as a namespace
            "import uuid, re\n"
            "def worker_database_name(worker_id, run_id):\n"
            "    run = uuid.uuid5(uuid.NAMESPACE_URL, run_id).hex\n"
            "    return 'test_%s_%s' % (run, re.sub('[^0-9a-z]+', '_', worker_id.lower()))\n"
        ),
    ],
    "10.4": [
        (  # parametrize over (now, due, expected)
            "import pytest\n" + _DUE_IMPORTS + "@pytest.mark.parametrize('now, due, expected', [\n"
            "    (datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc),\n"
            "     {'a': datetime(2026, 7, 2, 8, tzinfo=BERLIN),\n"
            "      'b': datetime(2026, 7, 1, 12, tzinfo=BERLIN)}, ['a']),\n"
            "    (datetime(2026, 7, 2, 18, tzinfo=timezone.utc),\n"
            "     {'u': datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc),\n"
            "      't': datetime(2026, 7, 3, 8, tzinfo=BERLIN)}, ['u']),\n"
            "    (datetime(2026, 3, 29, 10, tzinfo=timezone.utc),\n"
            "     {'x': datetime(2026, 3, 30, 0, 30, tzinfo=BERLIN)}, []),\n"
            "], ids=['midnight', 'evening', 'dst'])\n"
            "def test_due(due_today, time_machine, now, due, expected):\n"
            "    time_machine.move_to(now)\n"
            "    assert due_today(due, 'Europe/Berlin') == expected\n" + _DUE_NAIVE
        ),
        (  # time_machine.travel as a context manager, in a class
            "import time_machine as tm\n" + _DUE_IMPORTS + "class TestDue:\n"
            "    def test_all(self, due_today):\n"
            "        night = datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)\n"
            "        with tm.travel(night, tick=False):\n"
            "            assert due_today({'a': datetime(2026, 7, 2, 1, tzinfo=BERLIN)},\n"
            "                             'Europe/Berlin') == ['a']\n"
            "        with tm.travel(datetime(2026, 7, 2, 19, tzinfo=timezone.utc), tick=False):\n"
            "            assert due_today({'u': datetime(2026, 7, 1, 23, tzinfo=timezone.utc),\n"
            "                              'n': datetime(2026, 7, 3, 7, tzinfo=BERLIN)},\n"
            "                             'Europe/Berlin') == ['u']\n"
            "        with tm.travel(datetime(2026, 3, 29, 12, tzinfo=timezone.utc), tick=False):\n"
            "            assert due_today({'n': datetime(2026, 3, 30, 0, 15, tzinfo=BERLIN)},\n"
            "                             'Europe/Berlin') == []\n" + _DUE_NAIVE
        ),
        _DUE_IMPORTS + _DUE_MIDNIGHT + _DUE_EVENING + _DUE_DST + _DUE_NAIVE,
    ],
}
