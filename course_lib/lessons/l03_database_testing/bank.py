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

_TEST_IMPORTS = """\
import pytest
from sqlalchemy.exc import IntegrityError
from course_lib.shop.db import OrderRow, ProductRow
"""

WRONG = {
    "03.1": [
        (
            _IMPORTS + "def savepoint_session(engine):\n"
            "    with Session(engine) as session:\n"
            "        yield session\n",
            "the commit escaped",
        ),
        (
            _IMPORTS + "def savepoint_session(engine):\n"
            "    connection = engine.connect()\n"
            "    connection.begin()\n"
            "    yield Session(bind=connection, join_transaction_mode='create_savepoint')\n",
            "still checked out",
        ),
        (
            _IMPORTS + "def savepoint_session(engine):\n"
            "    with engine.connect() as connection:\n"
            "        outer = connection.begin()\n"
            "        with Session(bind=connection) as session:\n"
            "            yield session\n"
            "        outer.rollback()\n",
            "ended your outer transaction",
        ),
    ],
    "03.2": [
        (_SEED_IMPORTS + _SEED_BODY.format(owner="1", extra="pass"), "hard-coded"),
        (
            _SEED_IMPORTS + _SEED_BODY.format(owner="customer.id", extra="session.commit()"),
            "must not call commit",
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
    ],
}

ALTERNATIVES = {
    "03.1": [
        _IMPORTS + "def savepoint_session(engine):\n"
        "    with engine.connect() as connection:\n"
        "        outer = connection.begin()\n"
        "        session = Session(bind=connection, join_transaction_mode='create_savepoint')\n"
        "        try:\n"
        "            yield session\n"
        "        finally:\n"
        "            session.close()\n"
        "            outer.rollback()\n",
    ],
    "03.2": [
        "from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow\n"
        "def seed_shop(session):\n"
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
    ],
}
