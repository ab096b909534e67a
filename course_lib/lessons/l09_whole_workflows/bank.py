"""Known-wrong and alternative answers for lesson 09 (see course_lib/checks/README.md).

WRONG: >= 4 per exercise, (source, fragment of the expected feedback). ALTERNATIVES: >= 3 correct
answers per exercise, in styles unlike the solution.
"""

_IMPORTS = """
import pytest
import requests
from sqlalchemy import select, update
from course_lib.shop.db import OrderRow, ProductRow
from course_lib.shop.errors import InvalidInput, NotFound
from course_lib.shop.gateways.payments import PaymentProviderError
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository, SqlAlchemyProductRepository)
from course_lib.shop.usecases.accounts import (
    EmailTaken, InvalidCredentials, InvalidToken, NotVerified)
from course_lib.shop.workflow import PaymentUnavailable
"""

_PAY = (
    _IMPORTS
    + """
def pay_order(session, gateway, order_id, source):
    orders = SqlAlchemyOrderRepository(session)
    order = orders.get_for_update(order_id)
    if order is None:
        raise NotFound(order_id)
    if order.status != "pending":
        raise InvalidInput(order.status)
    if gateway.charge(order.total_cents, "EUR", source).approved:
        orders.set_status(order_id, "paid")
        return "paid"
    products = SqlAlchemyProductRepository(session)
    for line in sorted(order.lines, key=lambda line: line.sku):
        product = products.get_for_update(line.sku)
        product.stock += line.quantity
        products.update(product)
    orders.set_status(order_id, "payment_failed")
    return "payment_failed"
"""
)

_NO_RESTORE = (
    _IMPORTS
    + """
def pay_order(session, gateway, order_id, source):
    orders = SqlAlchemyOrderRepository(session)
    order = orders.get_for_update(order_id)
    if order is None:
        raise NotFound(order_id)
    if order.status != "pending":
        raise InvalidInput(order.status)
    ok = gateway.charge(order.total_cents, "EUR", source).approved
    orders.set_status(order_id, "paid" if ok else "payment_failed")
    return "paid" if ok else "payment_failed"
"""
)

_CHARGE_FIRST = _PAY.replace(
    """    if order.status != "pending":
        raise InvalidInput(order.status)
    if gateway.charge(order.total_cents, "EUR", source).approved:""",
    """    result = gateway.charge(order.total_cents, "EUR", source)
    if order.status != "pending":
        raise InvalidInput(order.status)
    if result.approved:""",
)

_COMMITS = _PAY.replace(
    '''        orders.set_status(order_id, "paid")
        return "paid"''',
    '''        orders.set_status(order_id, "paid")
        session.commit()
        return "paid"''',
)

_PAY_CORE = (
    _IMPORTS
    + """
def pay_order(session, gateway, order_id, source):
    row = session.get(OrderRow, order_id, with_for_update=True)
    if row is None:
        raise NotFound(f"order {order_id}")
    if row.status != "pending":
        raise InvalidInput(f"order {order_id} is {row.status}")
    total = sum(line.quantity * line.unit_price_cents for line in row.lines)
    if gateway.charge(total, "EUR", source).approved:
        row.status = "paid"
    else:
        for line in sorted(row.lines, key=lambda line: line.sku):
            session.execute(
                update(ProductRow)
                .where(ProductRow.sku == line.sku)
                .values(stock=ProductRow.stock + line.quantity)
            )
        row.status = "payment_failed"
    session.flush()
    return row.status
"""
)

_PAY_CLASS = (
    _IMPORTS
    + """
class _Payment:
    def __init__(self, session, gateway):
        self.orders = SqlAlchemyOrderRepository(session)
        self.products = SqlAlchemyProductRepository(session)
        self.gateway = gateway

    def settle(self, order_id, source):
        order = self.orders.get_for_update(order_id)
        if order is None:
            raise NotFound(order_id)
        if order.status != "pending":
            raise InvalidInput(order.status)
        outcome = {True: self.paid, False: self.declined}
        return outcome[self.gateway.charge(order.total_cents, "EUR", source).approved](order)

    def paid(self, order):
        self.orders.set_status(order.id, "paid")
        return "paid"

    def declined(self, order):
        wanted = {}
        for line in order.lines:
            wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
        for sku in sorted(wanted):
            product = self.products.get_for_update(sku)
            product.stock += wanted[sku]
            self.products.update(product)
        self.orders.set_status(order.id, "payment_failed")
        return "payment_failed"


def pay_order(session, gateway, order_id, source):
    return _Payment(session, gateway).settle(order_id, source)
"""
)

_PAY_SQL = (
    _IMPORTS
    + """
from sqlalchemy import text

def pay_order(session, gateway, order_id, source):
    row = session.execute(
        text("SELECT status FROM orders WHERE id = :id FOR UPDATE"), {"id": order_id}
    ).first()
    if row is None:
        raise NotFound(order_id)
    if row.status != "pending":
        raise InvalidInput(row.status)
    lines = session.execute(
        text("SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = :id "
             "ORDER BY sku"), {"id": order_id}
    ).all()
    total = sum(line.quantity * line.unit_price_cents for line in lines)
    status = "paid" if gateway.charge(total, "EUR", source).approved else "payment_failed"
    if status == "payment_failed":
        for line in lines:
            session.execute(
                text("UPDATE products SET stock = stock + :q WHERE sku = :sku"),
                {"q": line.quantity, "sku": line.sku},
            )
    session.execute(
        text("UPDATE orders SET status = :s WHERE id = :id"), {"s": status, "id": order_id}
    )
    session.expire_all()
    return status
"""
)

_COMPENSATE = (
    _PAY
    + """
def _compensate(session, order_id):
    orders = SqlAlchemyOrderRepository(session)
    order = orders.get_for_update(order_id)
    products = SqlAlchemyProductRepository(session)
    for line in sorted(order.lines, key=lambda line: line.sku):
        product = products.get_for_update(line.sku)
        product.stock += line.quantity
        products.update(product)
    orders.set_status(order_id, "payment_failed")
"""
)

WRONG = {
    "09.1": [
        ("def pay_order(session, gateway, order_id, source):\n    return 'paid'\n", "expected"),
        (_NO_RESTORE, "expected stock back"),
        (_CHARGE_FIRST, "expected no second charge"),
        (_COMMITS, "committed"),
    ],
    "09.3": [
        (
            "def pay_or_compensate(sessions, gateway, order_id, source):\n    return 'paid'\n",
            "expected",
        ),
        (
            _COMPENSATE
            + """
def pay_or_compensate(sessions, gateway, order_id, source):
    with sessions.begin() as session:
        try:
            return pay_order(session, gateway, order_id, source)
        except (PaymentProviderError, requests.RequestException) as exc:
            _compensate(session, order_id)
            raise PaymentUnavailable(str(exc)) from exc
""",
            "raised inside the transaction",
        ),
        (
            _COMPENSATE
            + """
def pay_or_compensate(sessions, gateway, order_id, source):
    error = None
    with sessions.begin() as session:
        try:
            return pay_order(session, gateway, order_id, source)
        except Exception as exc:
            error = exc
            _compensate(session, order_id)
    raise PaymentUnavailable(str(error)) from error
""",
            "any other exception",
        ),
        (
            _COMPENSATE
            + """
def pay_or_compensate(sessions, gateway, order_id, source):
    error = None
    with sessions() as session:
        try:
            return pay_order(session, gateway, order_id, source)
        except (PaymentProviderError, requests.RequestException) as exc:
            error = exc
            _compensate(session, order_id)
    raise PaymentUnavailable(str(error)) from error
""",
            "expected",
        ),
        (
            _PAY
            + """
def pay_or_compensate(sessions, gateway, order_id, source):
    error = None
    with sessions.begin() as session:
        try:
            return pay_order(session, gateway, order_id, source)
        except PaymentProviderError as exc:
            error = exc
            SqlAlchemyOrderRepository(session).set_status(order_id, "payment_failed")
    raise PaymentUnavailable(str(error)) from error
""",
            "expected",
        ),
    ],
    "09.2": [
        (
            """
def test_happy_path(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    assert shop.pay(order.id).status == "paid"
""",
            "caught 0 of 5",
        ),
        (
            """
def test_decline(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    assert shop.pay(order.id, "tok_declined").status == "payment_failed"
    assert shop.stock("MUG") == 5
    assert shop.events() == []

def test_twice(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 1})
    shop.pay(order.id)
    with pytest.raises(InvalidInput):
        shop.pay(order.id)
"""
            + _IMPORTS,
            "missed",
        ),
        (
            _IMPORTS
            + """
def test_error_leaves_the_order_pending(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    with pytest.raises(PaymentProviderError):
        shop.pay(order.id, "tok_provider_error")
    assert shop.status(order.id) == "pending"
""",
            "correct",
        ),
        (
            """
def test_worked_example(shop):
    assert shop.charges == [2500]
""",
            "correct",
        ),
    ],
    "09.4": [
        (
            """
def test_register(accounts):
    accounts.register("ann@example.com", "correct horse")
    assert len(accounts.mails) == 1
""",
            "caught 0 of 4",
        ),
        (
            _IMPORTS
            + """
def test_not_verified(accounts):
    accounts.register("bob@example.com", "correct horse")
    with pytest.raises(NotVerified):
        accounts.login("bob@example.com", "correct horse")
""",
            "missed",
        ),
        (
            _IMPORTS
            + """
def test_login_without_verify_works(accounts):
    accounts.register("bob@example.com", "correct horse")
    assert accounts.login("bob@example.com", "correct horse")
""",
            "correct",
        ),
        (
            _IMPORTS
            + """
def test_two_registrations_two_mails(accounts):
    accounts.register("dee@example.com", "correct horse")
    with pytest.raises(EmailTaken):
        accounts.register("dee@example.com", "correct horse")
    assert len(accounts.mails) == 2
""",
            "correct",
        ),
    ],
}

ALTERNATIVES = {
    "09.1": [_PAY_CORE, _PAY_CLASS, _PAY_SQL],
    "09.3": [
        _PAY_CORE
        + """
def pay_or_compensate(sessions, gateway, order_id, source):
    session = sessions()
    try:
        try:
            status = pay_order(session, gateway, order_id, source)
        except (PaymentProviderError, requests.RequestException) as exc:
            row = session.get(OrderRow, order_id)
            for line in row.lines:
                product = session.get(ProductRow, line.sku, with_for_update=True)
                product.stock += line.quantity
            row.status = "payment_failed"
            session.commit()
            raise PaymentUnavailable(f"provider: {exc}") from exc
        session.commit()
        return status
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
""",
        _PAY_CLASS
        + """
PROVIDER_ERRORS = (PaymentProviderError, requests.RequestException)


class Compensating:
    def __init__(self, sessions, gateway):
        self.sessions = sessions
        self.gateway = gateway

    def __call__(self, order_id, source):
        failure = None
        with self.sessions.begin() as session:
            payment = _Payment(session, self.gateway)
            try:
                return payment.settle(order_id, source)
            except PROVIDER_ERRORS as exc:
                failure = exc
                payment.declined(payment.orders.get_for_update(order_id))
        raise PaymentUnavailable(repr(failure)) from failure


def pay_or_compensate(sessions, gateway, order_id, source):
    return Compensating(sessions, gateway)(order_id, source)
""",
        _PAY_SQL
        + """
class _Unavailable(Exception):
    pass


def _declining(gateway):
    class Declining:
        error = None

        def charge(self, amount_cents, currency, source):
            try:
                return gateway.charge(amount_cents, currency, source)
            except (PaymentProviderError, requests.RequestException) as exc:
                Declining.error = exc
                from course_lib.shop.usecases.payments import ChargeResult
                return ChargeResult(False, 0, reason=str(exc))
    return Declining()


def pay_or_compensate(sessions, gateway, order_id, source):
    wrapped = _declining(gateway)
    with sessions.begin() as session:
        status = pay_order(session, wrapped, order_id, source)
    if wrapped.error is not None:
        raise PaymentUnavailable(str(wrapped.error)) from wrapped.error
    return status
""",
    ],
    "09.2": [
        _IMPORTS
        + """
class TestPay:
    @pytest.fixture
    def order(self, shop):
        shop.add_product("TEA", 399, 10)
        return shop.place_order({"TEA": 3})

    def test_decline(self, shop, order):
        shop.pay(order.id, "tok_declined")
        assert (shop.status(order.id), shop.stock("TEA"), shop.events()) == (
            "payment_failed", 10, [])

    def test_error(self, shop, order):
        with pytest.raises(PaymentUnavailable, match="provider"):
            shop.pay(order.id, "tok_provider_error")
        assert (shop.status(order.id), shop.stock("TEA")) == ("payment_failed", 10)

    def test_twice(self, shop, order):
        shop.pay(order.id)
        with pytest.raises(InvalidInput):
            shop.pay(order.id)
        assert shop.charges == [1197]

    def test_cache(self, shop, order):
        shop.get_order(order.id)
        shop.pay(order.id)
        assert shop.get_order(order.id).status == "paid"
""",
        _IMPORTS
        + """
@pytest.mark.parametrize("source, status, stock, events", [
    ("tok_visa", "paid", 3, 1),
    ("tok_declined", "payment_failed", 5, 0),
    ("tok_provider_error", "payment_failed", 5, 0),
])
def test_every_outcome(shop, source, status, stock, events):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 2})
    before = shop.get_order(order.id).status
    try:
        shop.pay(order.id, source)
    except PaymentUnavailable:
        assert source == "tok_provider_error"
    assert before == "pending"
    assert shop.get_order(order.id).status == status
    assert shop.status(order.id) == status
    assert shop.stock("MUG") == stock
    assert len(shop.events()) == events


def test_no_double_charge(shop):
    shop.add_product("MUG", 1250, 5)
    order = shop.place_order({"MUG": 1})
    shop.pay(order.id)
    with pytest.raises(InvalidInput):
        shop.pay(order.id)
    assert len(shop.charges) == 1
""",
        _IMPORTS
        + """
@pytest.fixture
def paid_then_retried(shop):
    shop.add_product("PEN", 150, 7)
    order = shop.place_order({"PEN": 4})
    cached = shop.get_order(order.id)
    shop.pay(order.id)
    with pytest.raises(InvalidInput):
        shop.pay(order.id)
    return shop, order, cached


def test_one_charge_one_event(paid_then_retried):
    shop, order, _ = paid_then_retried
    assert shop.charges == [600]
    assert [event["total_cents"] for event in shop.events()] == [600]


def test_cache_follows(paid_then_retried):
    shop, order, cached = paid_then_retried
    assert cached.status == "pending" and shop.get_order(order.id).status == "paid"


def test_failures_put_stock_back(shop):
    shop.add_product("PEN", 150, 7)
    first = shop.place_order({"PEN": 4})
    shop.pay(first.id, "tok_declined")
    second = shop.place_order({"PEN": 7})
    with pytest.raises(PaymentUnavailable):
        shop.pay(second.id, "tok_provider_error")
    assert shop.stock("PEN") == 7
    assert shop.events() == []
    assert shop.status(second.id) == "payment_failed"
""",
    ],
    "09.4": [
        _IMPORTS
        + """
class TestAccounts:
    @pytest.fixture
    def registered(self, accounts):
        accounts.register("fay@example.com", "s3cret-enough")
        return accounts.token_in(accounts.mails[-1])

    def test_unverified(self, accounts, registered):
        with pytest.raises(NotVerified):
            accounts.login("fay@example.com", "s3cret-enough")

    def test_once(self, accounts, registered):
        accounts.verify(registered)
        with pytest.raises(InvalidToken):
            accounts.verify(registered)

    def test_case(self, accounts, registered):
        accounts.verify(registered)
        assert accounts.login("FAY@EXAMPLE.COM", "s3cret-enough")

    def test_duplicate(self, accounts, registered):
        with pytest.raises(EmailTaken):
            accounts.register("fay@example.com", "s3cret-enough")
        assert len(accounts.mails) == 1
""",
        _IMPORTS
        + """
@pytest.mark.parametrize("typed", ["Gus@Example.com", "GUS@EXAMPLE.COM"])
def test_login_any_case(accounts, typed):
    accounts.register("gus@example.com", "long password")
    accounts.verify(accounts.token_in(accounts.mails[0]))
    assert accounts.user("gus@example.com").verified
    assert accounts.login(typed, "long password")


def test_edges(accounts):
    accounts.register("hal@example.com", "long password")
    token = accounts.token_in(accounts.mails[0])
    with pytest.raises(NotVerified):
        accounts.login("hal@example.com", "long password")
    accounts.verify(token)
    with pytest.raises(InvalidToken):
        accounts.verify(token)
    with pytest.raises(EmailTaken):
        accounts.register("HAL@example.com", "long password")
    assert [mail[0] for mail in accounts.mails] == ["hal@example.com"]
""",
        _IMPORTS
        + """
import unittest

_check = unittest.TestCase()


def _registered(accounts, email):
    accounts.register(email, "long password")
    return accounts.token_in(accounts.mails[-1])


def test_verify_once(accounts):
    token = _registered(accounts, "ida@example.com")
    accounts.verify(token)
    _check.assertRaises(InvalidToken, accounts.verify, token)


def test_verification_required(accounts):
    _registered(accounts, "jo@example.com")
    _check.assertRaises(NotVerified, accounts.login, "jo@example.com", "long password")


def test_case_and_duplicates(accounts):
    accounts.verify(_registered(accounts, "kim@example.com"))
    _check.assertTrue(accounts.login("Kim@Example.Com", "long password"))
    _check.assertRaises(EmailTaken, accounts.register, "kim@example.com", "x" * 8)
    _check.assertEqual(len(accounts.mails), 1)
""",
    ],
}
