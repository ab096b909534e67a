"""Two sessions at once on the real PostgreSQL: the shop must not oversell or leak database errors.

SAVEPOINT isolation runs everything on ONE connection, where nothing can race; these tests commit
for real on two connections, with unique data that they delete afterwards. They interleave the two
sessions deterministically (as lesson 04 shows): session A does its work and keeps its transaction
open; session B starts the same work in a thread; we poll PostgreSQL (never sleep) until B waits
for one of A's locks (or has finished), then commit A and let B finish. With read-modify-write or
SELECT-then-INSERT the bug shows up on every run, not now and then.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.orm import Session

from course_lib.shop.db import CustomerRow, OrderLineRow, OrderRow, ProductRow
from course_lib.shop.errors import Duplicate, InvalidInput, OutOfStock
from course_lib.shop.models import Customer, Product
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyCustomerRepository,
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)
from course_lib.shop.usecases.orders import OrderService
from course_lib.shop.usecases.payments import ChargeResult, PaymentService
from course_lib.testing import wait_until

pytestmark = pytest.mark.integration

Work = Callable[[Session], object]

_STATE = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")


@dataclass
class Race:
    """What happened to session B: whether it had to wait for A, and what it raised."""

    b_waited: bool = False
    b_errors: list[BaseException] = field(default_factory=list)


def _is_waiting_for_a_lock(engine: Engine, pid: int) -> bool:
    # A new connection (and transaction) per poll: pg_stat_activity is a snapshot per transaction.
    with engine.connect() as probe:
        return probe.execute(_STATE, {"pid": pid}).scalar() == "Lock"


def overlap(engine: Engine, first: Work, second: Work) -> Race:
    """first(A), A stays open; second(B) in a thread; once B waits for A (or is done) commit A.

    B commits after second(B) returns; whatever B raises is reported in Race.b_errors.
    """
    race = Race()
    with Session(engine) as a, Session(engine) as b:
        first(a)
        pid = b.scalar(select(func.pg_backend_pid()))  # B's connection, to watch it in the probe

        def run_b() -> None:
            try:
                second(b)
                b.commit()
            except BaseException as exc:  # reported to the test, not lost in the thread
                race.b_errors.append(exc)
                b.rollback()

        thread = threading.Thread(target=run_b, daemon=True)
        thread.start()
        try:
            state = wait_until(
                lambda: "done" if not thread.is_alive() else _is_waiting_for_a_lock(engine, pid),
                timeout=10.0,
                message="session B to wait for session A's lock or to finish",
            )
            race.b_waited = state is True  # B cannot stop waiting before A commits
            a.commit()
        finally:
            a.rollback()  # no-op after the commit; releases A's locks if the wait failed
            thread.join(timeout=10.0)
        assert not thread.is_alive(), "session B never finished"
    return race


@dataclass
class Committed:
    """Rows these tests really commit, with keys no other test uses; deleted at the end."""

    engine: Engine
    skus: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    def sku(self) -> str:
        self.skus.append("R" + uuid.uuid4().hex[:12])
        return self.skus[-1]

    def email(self) -> str:
        self.emails.append(f"race-{uuid.uuid4().hex[:12]}@example.com")
        return self.emails[-1]

    def product(self, stock: int) -> str:
        sku = self.sku()
        with Session(self.engine) as s, s.begin():
            SqlAlchemyProductRepository(s).add(Product(sku, "Mug", 1250, stock=stock))
        return sku

    def customer(self) -> int:
        with Session(self.engine) as s, s.begin():
            return SqlAlchemyCustomerRepository(s).add(Customer(self.email(), "Ada")).id

    def delete_all(self) -> None:
        customers = select(CustomerRow.id).where(CustomerRow.email.in_(self.emails))
        orders = select(OrderRow.id).where(OrderRow.customer_id.in_(customers))
        with self.engine.begin() as connection:
            connection.execute(delete(OrderLineRow).where(OrderLineRow.order_id.in_(orders)))
            connection.execute(delete(OrderRow).where(OrderRow.customer_id.in_(customers)))
            connection.execute(delete(ProductRow).where(ProductRow.sku.in_(self.skus)))
            connection.execute(delete(CustomerRow).where(CustomerRow.email.in_(self.emails)))


@pytest.fixture
def committed(shop_schema: Engine) -> Iterator[Committed]:
    """Factories for committed rows on the course's PostgreSQL; all of them deleted afterwards."""
    rows = Committed(shop_schema)
    yield rows
    rows.delete_all()


def service(session: Session) -> OrderService:
    """An OrderService whose repositories share `session`, as checkout.Checkout builds it."""
    return OrderService(SqlAlchemyProductRepository(session), SqlAlchemyOrderRepository(session))


def stock_and_units_sold(engine: Engine, sku: str) -> tuple[int, int]:
    with Session(engine) as s:
        sold = s.scalar(
            select(func.coalesce(func.sum(OrderLineRow.quantity), 0)).where(OrderLineRow.sku == sku)
        )
        return s.get(ProductRow, sku).stock, sold


def test_two_checkouts_of_the_last_unit_sell_it_once(shop_schema, committed):
    sku, customer_id = committed.product(stock=1), committed.customer()

    race = overlap(
        shop_schema,
        lambda a: service(a).place_order(customer_id, {sku: 1}),
        lambda b: service(b).place_order(customer_id, {sku: 1}),
    )

    assert [type(exc) for exc in race.b_errors] == [OutOfStock]
    assert stock_and_units_sold(shop_schema, sku) == (0, 1)
    assert race.b_waited, "B's stock check did not wait for A's order: it read no lock"


def test_a_checkout_that_read_the_stock_earlier_still_sees_it_taken(shop_schema, committed):
    """B loaded the product (1 in stock) and still holds it when A buys the last unit.

    The session's identity map hands B that same object again unless the read is told to
    refresh it (populate_existing): SELECT ... FOR UPDATE alone would lock the row and then
    check B's stale stock.
    """
    sku, customer_id = committed.product(stock=1), committed.customer()
    with Session(shop_schema) as b:
        shown = b.get(ProductRow, sku)  # e.g. a product page rendered in B's transaction
        assert shown.stock == 1
        with Session(shop_schema) as a, a.begin():
            service(a).place_order(customer_id, {sku: 1})
        with pytest.raises(OutOfStock):
            service(b).place_order(customer_id, {sku: 1})
        b.commit()
        assert shown.stock == 0
    assert stock_and_units_sold(shop_schema, sku) == (0, 1)


def test_two_cancels_of_one_order_put_the_stock_back_once(shop_schema, committed):
    sku, customer_id = committed.product(stock=5), committed.customer()
    with Session(shop_schema) as s, s.begin():
        order_id = service(s).place_order(customer_id, {sku: 2}).id

    race = overlap(
        shop_schema,
        lambda a: service(a).cancel(order_id),
        lambda b: service(b).cancel(order_id),
    )

    assert [type(exc) for exc in race.b_errors] == [InvalidInput]
    assert stock_and_units_sold(shop_schema, sku) == (5, 2)  # the lines stay; the order is off
    assert race.b_waited


class CountingGateway:
    """Approves every charge and counts them."""

    def __init__(self) -> None:
        self.charges: list[int] = []

    def charge(self, amount_cents: int, currency: str, source: str) -> ChargeResult:
        self.charges.append(amount_cents)
        return ChargeResult(True, amount_cents, f"ch_{len(self.charges)}")


def test_two_payments_of_one_order_charge_once(shop_schema, committed):
    """A double click on "pay": B waits for A's lock on the order, then finds it paid."""
    sku, customer_id = committed.product(stock=5), committed.customer()
    with Session(shop_schema) as s, s.begin():
        order_id = service(s).place_order(customer_id, {sku: 2}).id
    gateway = CountingGateway()

    def pay(session: Session) -> None:
        PaymentService(SqlAlchemyOrderRepository(session), gateway).pay(order_id, "tok_visa")

    race = overlap(shop_schema, pay, pay)

    assert [type(exc) for exc in race.b_errors] == [InvalidInput]
    assert gateway.charges == [2500]
    assert race.b_waited


@dataclass
class Clash:
    """Session B adds a row whose key A added first; B catches Duplicate and goes on."""

    duplicates: list[Duplicate] = field(default_factory=list)

    def add(self, add_row: Callable[[], object]) -> None:
        try:
            add_row()
        except Duplicate as exc:
            self.duplicates.append(exc)


def test_two_sessions_adding_one_sku_give_duplicate_and_keep_the_transaction(
    shop_schema, committed
):
    sku, other = committed.sku(), committed.sku()
    clash = Clash()

    def second(b: Session) -> None:
        products = SqlAlchemyProductRepository(b)
        products.add(Product(other, "Pen", 199))  # B's work before the clash must survive it
        clash.add(lambda: products.add(Product(sku, "Their mug", 999)))

    race = overlap(
        shop_schema, lambda a: SqlAlchemyProductRepository(a).add(Product(sku, "Mug", 1250)), second
    )

    assert race.b_errors == [] and len(clash.duplicates) == 1
    assert race.b_waited, "B's INSERT should have waited for A's uncommitted row"
    with Session(shop_schema) as s:
        assert s.get(ProductRow, sku).name == "Mug"
        assert s.get(ProductRow, other) is not None  # B committed the rest of its work


def test_two_sessions_registering_one_email_give_duplicate(shop_schema, committed):
    email = committed.email()
    clash = Clash()

    def register(session: Session, name: str) -> Customer:
        return SqlAlchemyCustomerRepository(session).add(Customer(email, name))

    race = overlap(
        shop_schema,
        lambda a: register(a, "Ada"),
        lambda b: clash.add(lambda: register(b, "Someone else")),
    )

    assert race.b_errors == [] and len(clash.duplicates) == 1
    assert race.b_waited
    with Session(shop_schema) as s:
        names = s.scalars(select(CustomerRow.name).where(CustomerRow.email == email)).all()
    assert names == ["Ada"]
