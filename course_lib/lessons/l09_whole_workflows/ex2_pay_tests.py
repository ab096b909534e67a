"""Lesson 09, exercise 09.2: the pay step of the whole workflow — the reference
(course_lib.shop.workflow.ShopWorkflow) and five versions with a bug in one seam each."""

from __future__ import annotations

from course_lib.lessons.l09_whole_workflows.harness import RecordingGateway, ShopHarness, empty_shop
from course_lib.shop.errors import NotFound
from course_lib.shop.messaging.outbox import OutboxWriter
from course_lib.shop.repositories.sqlalchemy import SqlAlchemyOrderRepository
from course_lib.shop.workflow import ShopWorkflow

Reference = ShopWorkflow


def provide_shop(impl, request):
    """Fixture `shop`: a ShopHarness over impl, on PostgreSQL (SAVEPOINT-isolated) and Redis."""
    sessions = request.getfixturevalue("db_sessionmaker")
    with sessions() as session, session.begin():
        empty_shop(request.getfixturevalue("engine"), session)
    gateway = RecordingGateway()
    workflow = impl(sessions, gateway, request.getfixturevalue("redis_client"))
    yield ShopHarness(workflow, sessions, gateway)


class StockNotRestored(ShopWorkflow):
    """Bug: a declined order is marked payment_failed, but its reserved stock stays reserved."""

    def restore_stock(self, session, order) -> None:
        pass


class ErrorLeavesPending(ShopWorkflow):
    """Bug: a provider error escapes inside the transaction: rolled back, the order stays
    pending (its stock held) and the caller gets the raw provider error."""

    def charge(self, order, source):
        return self.gateway.charge(order.total_cents, self.currency, source), None


class EventForEveryOutcome(ShopWorkflow):
    """Bug: the OrderPlaced event (and so the confirmation e-mail) goes out for a declined
    payment too."""

    def record(self, session, order, result) -> None:
        if not result.approved:
            OutboxWriter(session, self.queue, self.clock)(order)
        super().record(session, order, result)


class StaleOrderCache(ShopWorkflow):
    """Bug: pay() never invalidates the order cache: a cached `pending` order is served for
    up to the TTL after it was paid."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cache.invalidate = lambda key: None


class ChargesTwice(ShopWorkflow):
    """Bug: no status check: paying an order that is paid already charges the card again."""

    def lock_pending(self, orders: SqlAlchemyOrderRepository, order_id: int):
        order = orders.get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        return order
