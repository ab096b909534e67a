"""Known-wrong and alternative answers for lesson 03 (database testing)."""

_IMPORTS = "from sqlalchemy.orm import Session\n"

_SEED_IMPORTS = """\
from course_lib.shop.models import Customer, Order, OrderLine, Product
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyCustomerRepository, SqlAlchemyOrderRepository, SqlAlchemyProductRepository)
"""

_SEED_BODY = """\
def seed_shop(session):
    customer = SqlAlchemyCustomerRepository(session).add(Customer("ada@example.com", "Ada"))
    products = [Product("A1", "Mug", 1250, stock=10), Product("B2", "Pen", 199, stock=0)]
    for product in products:
        SqlAlchemyProductRepository(session).add(product)
    order = SqlAlchemyOrderRepository(session).add(Order({owner}, [OrderLine("A1", 2, 1250)]))
    {extra}
    return {{"customer": customer, "products": products, "order": order}}
"""

_ROWS_IMPORTS = "from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow\n"

_TEST_IMPORTS = """\
import pytest
from sqlalchemy.exc import IntegrityError
from course_lib.shop.db import OrderRow, ProductRow
"""

_KIT_IMPORTS = """\
import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from course_lib.shop.db import CustomerRow, OrderRow

EMPTY = {"customers": 0, "products": 0, "orders": 0, "order_lines": 0}
"""

_WRONG_03_4 = [
    (  # seeds, asserts nothing
        _KIT_IMPORTS + "def test_seed(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        shop_db.seed(session)\n",
        "catch nothing",
    ),
    (  # flush is not commit: a new connection does not see the seed yet
        _KIT_IMPORTS + "def test_seed_is_stored(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        shop_db.seed(session)\n"
        "        assert shop_db.counts()['customers'] == 1\n",
        "fails on the correct implementation",
    ),
    (  # checks the kit's class, not what it does
        _KIT_IMPORTS + "def test_the_kit(shop_db):\n"
        "    assert type(shop_db).__name__ == 'Reference'\n",
        "checks which implementation it got",
    ),
    (  # forgets to commit before cleaning: clean() has nothing to delete
        _KIT_IMPORTS + "def test_clean(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        shop_db.seed(session)\n"
        "    shop_db.clean()\n"
        "    assert shop_db.counts() == EMPTY\n",
        "catch nothing",
    ),
    (  # hard-codes the ids of a fresh database, like the buggy kit does
        _KIT_IMPORTS + "def test_seed_ids(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        assert shop_db.seed(session) == {'customer_id': 1, 'order_id': 1}\n",
        "catch nothing",
    ),
    (  # the rollback only
        _KIT_IMPORTS + "def test_rollback_undoes_the_seed(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        shop_db.seed(session)\n"
        "        session.rollback()\n"
        "    assert shop_db.counts() == EMPTY\n",
        "caught 1 of 5 bugs (missed: fixed-ids, parents-first, clean-never-commits, "
        "foreign-keys-off)",
    ),
    (  # believes a rollback also undoes what was already committed
        _KIT_IMPORTS + "def test_rollback_is_enough(shop_db):\n"
        "    with Session(shop_db.engine) as session:\n"
        "        shop_db.seed(session)\n"
        "        session.commit()\n"
        "        session.rollback()\n"
        "    assert shop_db.counts() == EMPTY\n",
        "fails on the correct implementation",
    ),
    ("def test_todo(shop_db):\n    raise NotImplementedError\n", "not done yet"),
]

_KIT_CLASS = (
    _KIT_IMPORTS
    + """\
class TestShopDbKit:
    def seeded(self, shop_db, *, commit):
        with Session(shop_db.engine) as session:
            ids = shop_db.seed(session)
            session.commit() if commit else session.rollback()
        return ids

    def test_rollback_removes_the_seed(self, shop_db):
        self.seeded(shop_db, commit=False)
        assert shop_db.counts() == EMPTY

    def test_clean_removes_a_committed_seed(self, shop_db):
        self.seeded(shop_db, commit=True)
        assert shop_db.counts()["orders"] == 1
        shop_db.clean()
        assert shop_db.counts() == EMPTY

    def test_seed_after_other_rows(self, shop_db):
        with Session(shop_db.engine) as session:
            session.add_all([CustomerRow(email=f"c{i}@example.com", name="C") for i in range(3)])
            session.commit()
        ids = self.seeded(shop_db, commit=True)
        with Session(shop_db.engine) as session:
            order = session.get(OrderRow, ids["order_id"])
            assert session.get(CustomerRow, order.customer_id).email == "ada@example.com"

    def test_orphans_are_refused(self, shop_db):
        with Session(shop_db.engine) as session, pytest.raises(IntegrityError):
            session.add(OrderRow(customer_id=12345))
            session.flush()
"""
)

_KIT_PARAMETRIZED = (
    _KIT_IMPORTS
    + """\
@pytest.mark.parametrize("finish", ["rollback", "commit-and-clean"])
def test_nothing_is_left_for_the_next_test(shop_db, finish):
    with Session(shop_db.engine) as session:
        shop_db.seed(session)
        if finish == "rollback":
            session.rollback()
        else:
            session.commit()
    if finish == "commit-and-clean":
        shop_db.clean()
    assert shop_db.counts() == EMPTY


@pytest.mark.parametrize("others", [1, 4])
def test_ids_come_from_the_database(shop_db, others):
    with Session(shop_db.engine) as session:
        for n in range(others):
            session.add(CustomerRow(email=f"other{n}@example.com", name="Other"))
        session.flush()
        ids = shop_db.seed(session)
        owner = session.get(OrderRow, ids["order_id"]).customer_id
        assert (owner, session.get(CustomerRow, owner).name) == (ids["customer_id"], "Ada")


def test_foreign_keys(shop_db):
    with Session(shop_db.engine) as session:
        session.add(OrderRow(customer_id=999))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            session.flush()
"""
)

_KIT_FIXTURES = (
    _KIT_IMPORTS
    + '''\
@pytest.fixture
def committed_seed(shop_db):
    """The kit's seed, committed as code under test would."""
    with Session(shop_db.engine) as session:
        ids = shop_db.seed(session)
        session.commit()
    return ids


@pytest.fixture
def bob_first(shop_db):
    """Another customer stored before the seed, so Ada is not customer 1."""
    with Session(shop_db.engine) as session:
        session.add(CustomerRow(email="bob@example.com", name="Bob"))
        session.commit()


def test_clean_after_commit(shop_db, committed_seed):
    shop_db.clean()
    assert sum(shop_db.counts().values()) == 0


def test_seed_belongs_to_ada(shop_db, bob_first):
    with Session(shop_db.engine) as session:
        ids = shop_db.seed(session)
        order = session.get(OrderRow, ids["order_id"])
        assert order.customer_id == ids["customer_id"] != 1


def test_seed_is_not_committed(shop_db):
    with Session(shop_db.engine) as session:
        shop_db.seed(session)
        assert shop_db.counts() == EMPTY  # a new connection sees nothing yet


def test_orphan_order_is_refused(shop_db):
    with pytest.raises(IntegrityError), Session(shop_db.engine) as session:
        session.add(OrderRow(customer_id=404))
        session.commit()
'''
)

_KIT_UNITTEST_SQL = """\
import unittest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

t = unittest.TestCase()


def rows(shop_db, table):
    with shop_db.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_kit_leaves_nothing_behind(shop_db):
    with Session(shop_db.engine) as session:
        session.execute(text("INSERT INTO customers (email, name) VALUES ('x@example.com', 'X')"))
        ids = shop_db.seed(session)
        owner = session.execute(
            text("SELECT customer_id FROM orders WHERE id = :id"), {"id": ids["order_id"]}
        ).scalar_one()
        t.assertEqual(owner, ids["customer_id"])
        session.rollback()
    t.assertEqual(rows(shop_db, "customers"), 0)
    with Session(shop_db.engine) as session:
        shop_db.seed(session)
        session.commit()
    shop_db.clean()
    t.assertEqual([rows(shop_db, n) for n in ("customers", "orders", "order_lines")], [0, 0, 0])


def test_foreign_keys_on(shop_db):
    with shop_db.engine.connect() as connection:
        insert = text("INSERT INTO orders (customer_id, status) VALUES (999, 'pending')")
        t.assertRaises(IntegrityError, connection.execute, insert)
"""

WRONG = {
    "03.1": [
        (  # no outer transaction at all: the code under test commits for real
            _IMPORTS + "def savepoint_session(engine):\n"
            "    with Session(engine) as session:\n"
            "        yield session\n",
            "the commit escaped",
        ),
        (  # no cleanup at all
            _IMPORTS + "def savepoint_session(engine):\n"
            "    connection = engine.connect()\n"
            "    connection.begin()\n"
            "    yield Session(bind=connection, join_transaction_mode='create_savepoint')\n",
            "still checked out",
        ),
        (  # default join mode: the code's rollback() ends the outer transaction
            _IMPORTS + "def savepoint_session(engine):\n"
            "    with engine.connect() as connection:\n"
            "        outer = connection.begin()\n"
            "        with Session(bind=connection) as session:\n"
            "            yield session\n"
            "        outer.rollback()\n",
            "ended your outer transaction",
        ),
        (  # cleanup after the yield, but not in `finally`: skipped when the test fails
            _IMPORTS + "def savepoint_session(engine):\n"
            "    connection = engine.connect()\n"
            "    outer = connection.begin()\n"
            "    session = Session(bind=connection, join_transaction_mode='create_savepoint')\n"
            "    yield session\n"
            "    session.close()\n"
            "    outer.rollback()\n"
            "    connection.close()\n",
            "after a failing test",
        ),
        (  # engine.begin() COMMITS the outer transaction when the block ends without error
            _IMPORTS + "def savepoint_session(engine):\n"
            "    with engine.begin() as connection:\n"
            "        mode = 'create_savepoint'\n"
            "        with Session(bind=connection, join_transaction_mode=mode) as session:\n"
            "            yield session\n",
            "the commit escaped",
        ),
        (  # cleanup by deleting every row: accepted by the older suite, wipes data it did not add
            _IMPORTS + "from sqlalchemy import delete\n"
            "from course_lib.shop.db import Base\n"
            "def savepoint_session(engine):\n"
            "    with Session(engine) as session:\n"
            "        try:\n"
            "            yield session\n"
            "        finally:\n"
            "            session.rollback()\n"
            "            for table in reversed(Base.metadata.sorted_tables):\n"
            "                session.execute(delete(table))\n"
            "            session.commit()\n",
            "deleting rows also deletes data",
        ),
    ],
    "03.2": [
        (_SEED_IMPORTS + _SEED_BODY.format(owner="1", extra="pass"), "hard-coded"),
        (
            _SEED_IMPORTS + _SEED_BODY.format(owner="customer.id", extra="session.commit()"),
            "must not call commit",
        ),
        (  # the worked data set hard-coded, ids included, instead of what the database assigned
            _SEED_IMPORTS
            + _SEED_BODY.format(owner="customer.id", extra="pass").replace(
                'return {"customer": customer',
                'customer = Customer("ada@example.com", "Ada", id=1)\n'
                '    order = Order(1, [OrderLine("A1", 2, 1250)], id=1)\n'
                '    return {"customer": customer',
            ),
            "expected the returned customer to have Ada's id",
        ),
        (  # returns the session's ORM rows: accepted by the older suite
            _ROWS_IMPORTS + "def seed_shop(session):\n"
            "    ada = CustomerRow(email='ada@example.com', name='Ada')\n"
            "    mug = ProductRow(sku='A1', name='Mug', price_cents=1250, stock=10)\n"
            "    pen = ProductRow(sku='B2', name='Pen', price_cents=199, stock=0)\n"
            "    session.add_all([ada, mug, pen])\n"
            "    session.flush()\n"
            "    order = OrderRow(customer_id=ada.id)\n"
            "    order.lines = [OrderLineRow(sku='A1', quantity=2, unit_price_cents=1250)]\n"
            "    session.add(order)\n"
            "    session.flush()\n"
            "    return {'customer': ada, 'products': [mug, pen], 'order': order}\n",
            "not the ORM rows",
        ),
        (  # stock never stored; the returned objects look right: accepted by the older suite
            _SEED_IMPORTS + _ROWS_IMPORTS + "def seed_shop(session):\n"
            "    customer = SqlAlchemyCustomerRepository(session).add(Customer('ada@example.com', "
            "'Ada'))\n"
            "    products = [Product('A1', 'Mug', 1250, stock=10), Product('B2', 'Pen', 199)]\n"
            "    for p in products:\n"
            "        session.add(ProductRow(sku=p.sku, name=p.name, price_cents=p.price_cents))\n"
            "    order = SqlAlchemyOrderRepository(session).add(\n"
            "        Order(customer.id, [OrderLine('A1', 2, 1250)]))\n"
            "    return {'customer': customer, 'products': products, 'order': order}\n",
            "(sku, name, price, stock)",
        ),
        (  # the last product only added, never flushed: accepted by the older suite
            _SEED_IMPORTS + _ROWS_IMPORTS + "def seed_shop(session):\n"
            "    customer = SqlAlchemyCustomerRepository(session).add(Customer('ada@example.com', "
            "'Ada'))\n"
            "    SqlAlchemyProductRepository(session).add(Product('A1', 'Mug', 1250, stock=10))\n"
            "    order = SqlAlchemyOrderRepository(session).add(\n"
            "        Order(customer.id, [OrderLine('A1', 2, 1250)]))\n"
            "    session.add(ProductRow(sku='B2', name='Pen', price_cents=199, stock=0))\n"
            "    products = [Product('A1', 'Mug', 1250, stock=10), Product('B2', 'Pen', 199)]\n"
            "    return {'customer': customer, 'products': products, 'order': order}\n",
            "call flush()",
        ),
    ],
    "03.3": [
        (
            _TEST_IMPORTS + "def test_order_is_stored(shop):\n"
            "    order = shop.place_order(shop.customer_id, {'A1': 1})\n"
            "    with shop.new_session() as session:\n"
            "        assert session.get(OrderRow, order.id) is not None\n",
            "caught 1 of 4",
        ),
        (
            _TEST_IMPORTS + "def test_returns_an_order(shop):\n"
            "    order = shop.place_order(shop.customer_id, {'A1': 1})\n"
            "    assert order.lines\n",
            "catch nothing",
        ),
        (
            _TEST_IMPORTS + "def test_stock_unchanged(shop):\n"
            "    shop.place_order(shop.customer_id, {'A1': 1})\n"
            "    with shop.new_session() as session:\n"
            "        assert session.get(ProductRow, 'A1').stock == 5\n",
            "fails on the correct implementation",
        ),
        (  # only the exception: misses what a failed order leaves behind
            _TEST_IMPORTS + "def test_unknown_customer_is_refused(shop):\n"
            "    with pytest.raises(IntegrityError):\n"
            "        shop.place_order(999, {'A1': 1})\n",
            "caught 1 of 4 bugs (missed: partial-write, never-commits, no-rollback-after-error)",
        ),
        (  # reads back through the object it got, not through a new session
            _TEST_IMPORTS + "def test_order_and_stock(shop):\n"
            "    order = shop.place_order(shop.customer_id, {'A1': 2})\n"
            "    assert order.id is not None\n"
            "    assert [(ln.sku, ln.quantity) for ln in order.lines] == [('A1', 2)]\n",
            "catch nothing",
        ),
        ("def test_todo(shop):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "03.4": _WRONG_03_4,
}

_SAVEPOINT_WITH = (
    _IMPORTS + "def savepoint_session(engine):\n"
    "    with engine.connect() as connection:\n"
    "        outer = connection.begin()\n"
    "        session = Session(bind=connection, join_transaction_mode='create_savepoint')\n"
    "        try:\n"
    "            yield session\n"
    "        finally:\n"
    "            session.close()\n"
    "            outer.rollback()\n"
)

_SAVEPOINT_EXITSTACK = """\
from contextlib import ExitStack
from sqlalchemy.orm import sessionmaker

def savepoint_session(engine):
    with ExitStack() as stack:  # undone last-in, first-out, also when the test raises
        connection = stack.enter_context(engine.connect())
        stack.callback(connection.begin().rollback)
        make = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        yield stack.enter_context(make())
"""

_SAVEPOINT_COMPOSED = """\
from contextlib import contextmanager
from sqlalchemy.orm import Session

@contextmanager
def outer_transaction(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()

def savepoint_session(engine):
    with outer_transaction(engine) as connection, Session(
        connection, join_transaction_mode="create_savepoint"
    ) as session:
        yield session
"""

_SAVEPOINT_RECIPE_14 = """\
from sqlalchemy import event
from sqlalchemy.orm import Session

def savepoint_session(engine):
    # the SQLAlchemy 1.4 recipe: a SAVEPOINT restarted whenever the code under test ends one
    connection = engine.connect()
    outer = connection.begin()
    session = Session(bind=connection, join_transaction_mode="rollback_only")
    state = {"nested": connection.begin_nested()}

    @event.listens_for(session, "after_transaction_end")
    def restart_savepoint(sess, transaction):
        if not state["nested"].is_active:
            state["nested"] = connection.begin_nested()

    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()
"""

_SEED_TEXT = """\
from sqlalchemy import text
from course_lib.shop.models import Customer, Order, OrderLine, Product

def seed_shop(session):
    run = session.execute
    ada_id = run(text("INSERT INTO customers (email, name) VALUES ('ada@example.com', 'Ada') "
                      "RETURNING id")).scalar_one()
    products = [Product("A1", "Mug", 1250, 10), Product("B2", "Pen", 199, 0)]
    run(text("INSERT INTO products (sku, name, price_cents, stock) VALUES (:sku, :name, "
             ":price_cents, :stock)"), [vars(p) for p in products])
    order_id = run(text("INSERT INTO orders (customer_id, status) VALUES (:c, 'pending') "
                        "RETURNING id"), {"c": ada_id}).scalar_one()
    run(text("INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) "
             "VALUES (:o, 'A1', 2, 1250)"), {"o": order_id})
    return {"customer": Customer("ada@example.com", "Ada", id=ada_id), "products": products,
            "order": Order(ada_id, [OrderLine("A1", 2, 1250)], id=order_id)}
"""

_SEED_FACTORIES = """\
from course_lib.shop.models import Customer, Order, OrderLine, Product
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyCustomerRepository, SqlAlchemyOrderRepository, SqlAlchemyProductRepository)

def make_customer(session, email="ada@example.com", name="Ada"):
    return SqlAlchemyCustomerRepository(session).add(Customer(email, name))

def make_product(session, sku, name, price_cents, stock=0):
    repo = SqlAlchemyProductRepository(session)
    repo.add(Product(sku, name, price_cents, stock))
    return repo.get(sku)

def make_order(session, customer, **quantities):
    repo = SqlAlchemyProductRepository(session)
    lines = [OrderLine(sku, n, repo.get(sku).price_cents) for sku, n in quantities.items()]
    return SqlAlchemyOrderRepository(session).add(Order(customer.id, lines))

def seed_shop(session):
    ada = make_customer(session)
    products = [make_product(session, "A1", "Mug", 1250, stock=10),
                make_product(session, "B2", "Pen", 199)]
    return {"customer": ada, "products": products, "order": make_order(session, ada, A1=2)}
"""

_CHECKOUT_CLASS = (
    _TEST_IMPORTS
    + """\
class TestCheckout:
    def stock(self, shop, sku):
        with shop.new_session() as s:
            return s.get(ProductRow, sku).stock

    def test_order_and_stock_are_committed(self, shop):
        order = shop.place_order(shop.customer_id, {"A1": 2, "B2": 1})
        with shop.new_session() as s:
            assert s.get(OrderRow, order.id) is not None
        assert (self.stock(shop, "A1"), self.stock(shop, "B2")) == (3, 0)

    def test_unknown_customer_leaves_stock_and_shop_usable(self, shop):
        with pytest.raises(IntegrityError):
            shop.place_order(shop.customer_id + 1000, {"A1": 1})
        assert self.stock(shop, "A1") == 5
        shop.place_order(shop.customer_id, {"A1": 1})
        assert self.stock(shop, "A1") == 4
"""
)

_CHECKOUT_PARAMETRIZED = (
    _TEST_IMPORTS
    + """\
@pytest.fixture
def committed(shop):
    '''Read a product's stock as a NEW session sees it.'''
    def stock(sku):
        with shop.new_session() as s:
            return s.get(ProductRow, sku).stock
    return stock

@pytest.mark.parametrize("items, a1, b2", [({"A1": 1}, 4, 1), ({"A1": 5, "B2": 1}, 0, 0)])
def test_stock_is_taken(shop, committed, items, a1, b2):
    shop.place_order(shop.customer_id, items)
    assert (committed("A1"), committed("B2")) == (a1, b2)

@pytest.mark.parametrize("bad_customer", [999, -1])
def test_failed_order_changes_nothing(shop, committed, bad_customer):
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        shop.place_order(bad_customer, {"A1": 2})
    assert committed("A1") == 5
    shop.place_order(shop.customer_id, {"B2": 1})
    assert committed("B2") == 0
"""
)

_CHECKOUT_UNITTEST = (
    _TEST_IMPORTS
    + """\
import unittest
from sqlalchemy import func, select

check = unittest.TestCase()

def count_orders(shop):
    with shop.new_session() as s:
        return s.scalar(select(func.count()).select_from(OrderRow))

def test_commit_then_failure_then_recovery(shop):
    first = shop.place_order(shop.customer_id, {"B2": 1})
    check.assertEqual(count_orders(shop), 1)
    check.assertRaises(IntegrityError, shop.place_order, 4242, {"A1": 3})
    with shop.new_session() as s:
        check.assertEqual(s.get(ProductRow, "A1").stock, 5)
        check.assertIsNotNone(s.get(OrderRow, first.id))
    shop.place_order(shop.customer_id, {"A1": 3})
    check.assertEqual(count_orders(shop), 2)
"""
)

ALTERNATIVES = {
    "03.1": [_SAVEPOINT_WITH, _SAVEPOINT_EXITSTACK, _SAVEPOINT_COMPOSED, _SAVEPOINT_RECIPE_14],
    "03.2": [
        _ROWS_IMPORTS + "def seed_shop(session):\n"
        "    ada = CustomerRow(email='ada@example.com', name='Ada')\n"
        "    mug = ProductRow(sku='A1', name='Mug', price_cents=1250, stock=10)\n"
        "    pen = ProductRow(sku='B2', name='Pen', price_cents=199, stock=0)\n"
        "    session.add_all([ada, mug, pen])\n"
        "    session.flush()\n"
        "    order = OrderRow(customer_id=ada.id, status='pending')\n"
        "    order.lines = [OrderLineRow(sku='A1', quantity=2, unit_price_cents=1250)]\n"
        "    session.add(order)\n"
        "    session.flush()\n"
        "    return {'customer': ada.to_model(), 'products': [mug.to_model(), pen.to_model()],\n"
        "            'order': order.to_model()}\n",
        _SEED_TEXT,
        _SEED_FACTORIES,
    ],
    "03.3": [
        _TEST_IMPORTS + "from sqlalchemy import func, select\n"
        "def _orders(shop):\n"
        "    with shop.new_session() as s:\n"
        "        return s.scalar(select(func.count()).select_from(OrderRow))\n"
        "def _stock(shop, sku):\n"
        "    with shop.new_session() as s:\n"
        "        return s.get(ProductRow, sku).stock\n"
        "def test_success_is_committed(shop):\n"
        "    shop.place_order(shop.customer_id, {'A1': 1, 'B2': 1})\n"
        "    assert (_orders(shop), _stock(shop, 'A1'), _stock(shop, 'B2')) == (1, 4, 0)\n"
        "def test_failure_changes_nothing_and_is_recoverable(shop):\n"
        "    with pytest.raises(IntegrityError):\n"
        "        shop.place_order(shop.customer_id + 100, {'A1': 1})\n"
        "    assert (_orders(shop), _stock(shop, 'A1')) == (0, 5)\n"
        "    shop.place_order(shop.customer_id, {'A1': 1})\n"
        "    assert _orders(shop) == 1\n",
        _CHECKOUT_CLASS,
        _CHECKOUT_PARAMETRIZED,
        _CHECKOUT_UNITTEST,
    ],
    "03.4": [_KIT_CLASS, _KIT_PARAMETRIZED, _KIT_FIXTURES, _KIT_UNITTEST_SQL],
}
