"""Lesson 08 keeps its promises: the topics are in the notebook; the shop's messaging pieces
(event schema, publisher, consumer, confirmation handler, outbox, cache) behave as the lesson says
on the real broker, Redis and PostgreSQL; and every variant shows its bug where the lesson says."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import nbformat
import pytest
from kombu import Queue

from course_lib.backends import connect_broker
from course_lib.checks import registry
from course_lib.checks.model import TestExercise
from course_lib.lessons.l08_message_queues import ex3_consumer_tests as consumers
from course_lib.lessons.l08_message_queues import ex4_outbox_tests as outboxes
from course_lib.lessons.l08_message_queues.rig import RecordingSender, order_placed, read_raw
from course_lib.shop import db
from course_lib.shop.cache import CachedProducts, order_cache, product_cache
from course_lib.shop.db import ProductRow
from course_lib.shop.events import InvalidEvent, OrderPlaced
from course_lib.shop.messaging.confirmation import ConfirmationHandler
from course_lib.shop.messaging.consumer import OrderConsumer
from course_lib.shop.messaging.publisher import Publisher
from course_lib.shop.models import Order, OrderLine, Product
from course_lib.shop.repositories.memory import InMemoryOrderRepository, InMemoryProductRepository
from course_lib.shop.usecases.orders import OrderService

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "08-message-queues.ipynb"
PLACED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
EVENT = OrderPlaced(7, "ann@example.com", (("A1", 2, 1250), ("B2", 1, 199)), PLACED_AT, "ev-7")


def _text(kind: str | None = None) -> str:
    cells = nbformat.read(LESSON, as_version=4).cells
    return "\n".join(c.source for c in cells if kind is None or c.cell_type == kind)


@pytest.mark.parametrize(
    "needle",
    [
        "OrderPlaced",
        "broker.unique",
        "timeout=",
        "InMemoryBroker",
        "Decimal",
        "dies before ack",
        "at-least-once",
        "idempotent",
        "ack after processing",
        "dead-letter",
        "per queue",
        "wait_until",
        "outbox",
        "OutboxRelay",
        "invalidat",
        "caching a miss",
        "auto_offset_reset",
        "consumer group",
        "partition",
        "RedpandaContainer",
        "@pytest.mark.docker",
        "Predict, then run",
        "jsonschema",
    ],
)
def test_lesson_covers(needle):
    assert needle.lower() in _text().lower(), f"lesson 08 no longer shows {needle!r}"


def test_lesson_polls_instead_of_sleeping():
    assert not re.search(r"\btime\.sleep\(|^\s*sleep\(", _text("code"), re.M)


@pytest.mark.parametrize("exercise_id", ["08.3", "08.4"])
def test_test_check_has_enough_variants(exercise_id):
    exercise = registry.get(exercise_id)
    assert isinstance(exercise, TestExercise) and len(exercise.variants) >= 4


# --- events -------------------------------------------------------------------------------------


def test_event_round_trip_is_plain_json():
    body = EVENT.to_message()
    assert json.loads(json.dumps(body)) == body
    assert (body["total_cents"], body["placed_at"]) == (2699, "2026-03-01T09:30:00+00:00")
    assert OrderPlaced.from_message(body) == EVENT


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"total_cents": 26.99}, "not of type 'integer'"),
        ({"total_cents": {"__type__": "decimal", "__value__": "26.99"}}, "total_cents"),
        ({"placed_at": "2026-03-01T09:30:00"}, "UTC offset"),
        ({"total_cents": 1}, "sum of the lines"),
        ({"version": 2}, "version"),
        ({"lines": []}, "lines"),
    ],
)
def test_invalid_bodies_are_refused(change, fragment):
    with pytest.raises(InvalidEvent, match=re.escape(fragment)):
        OrderPlaced.from_message({**EVENT.to_message(), **change})


def test_a_naive_time_is_refused_at_the_source():
    naive = OrderPlaced(7, "a@example.com", (("A1", 1, 1),), datetime(2026, 3, 1))
    with pytest.raises(InvalidEvent):
        naive.to_message()


# --- publisher and consumer on the real broker -------------------------------------------------


@pytest.fixture
def queues(broker):
    return broker.server_name(broker.unique("orders")), broker.server_name(broker.unique("dead"))


def test_publisher_refuses_decimal_and_sends_plain_json(broker, queues):
    queue, _dead = queues
    with pytest.raises(TypeError, match="Decimal"):
        Publisher(broker.connection).publish(queue, {"total": Decimal("1.10")})
    Publisher(broker.connection).publish_event(queue, EVENT)
    [(body, _headers)] = read_raw(broker.connection, queue)
    assert json.loads(body) == EVENT.to_message()  # readable without kombu


def test_kombu_json_wraps_decimal_in_its_own_envelope(broker):
    """What part 2 of the lesson shows: kombu reads it back, plain JSON does not."""
    queue = broker.unique("careless")
    broker.publish({"total": Decimal("26.99")}, queue)
    [(body, _headers)] = read_raw(broker.connection, broker.server_name(queue))
    assert json.loads(body) == {"total": {"__type__": "decimal", "__value__": "26.99"}}


def test_unacked_message_is_redelivered_when_the_consumer_dies(broker, queues):
    queue, _dead = queues
    Publisher(broker.connection).publish(queue, {"order_id": 8})
    dying = connect_broker()
    channel = dying.channel()
    message = Queue(queue, no_declare=True).bind(channel).get(no_ack=False)
    assert message.payload == {"order_id": 8}
    channel.close()
    dying.release()
    [(body, _headers)] = read_raw(broker.connection, queue)
    assert json.loads(body) == {"order_id": 8}


def test_consumer_acks_only_after_the_handler_succeeds(broker, queues):
    queue, dead = queues
    calls = []

    def flaky(event):
        calls.append(event.event_id)
        if len(calls) == 1:
            raise ConnectionError("down")

    consumer = OrderConsumer(broker.connection, queue, flaky, dead_letter_queue=dead)
    Publisher(broker.connection).publish_event(queue, EVENT)
    assert [consumer.process_one(2), consumer.process_one(2)] == ["retry", "handled"]
    assert calls == ["ev-7", "ev-7"]
    assert consumer.process_one(0.05) == "empty"
    consumer.close()


@pytest.mark.parametrize("text", ["not json", '{"type": "OrderShipped"}'])
def test_poison_goes_to_the_dead_letter_queue_with_its_reason(broker, queues, text):
    queue, dead = queues
    consumer = OrderConsumer(broker.connection, queue, print, dead_letter_queue=dead)
    Publisher(broker.connection).publish_json(queue, text)
    assert consumer.process_one(2) == "dead-lettered"
    [(body, headers)] = read_raw(broker.connection, dead)
    assert (body.decode() if isinstance(body, bytes) else body) == text
    assert headers["x-death-reason"].startswith("invalid message")
    assert consumer.process_one(0.05) == "empty"
    consumer.close()


def test_a_handler_that_always_fails_ends_in_the_dead_letters(broker, queues):
    queue, dead = queues

    def broken(event):
        raise RuntimeError("bug")

    consumer = OrderConsumer(
        broker.connection, queue, broken, dead_letter_queue=dead, max_attempts=2
    )
    Publisher(broker.connection).publish_event(queue, EVENT)
    assert [consumer.process_one(2), consumer.process_one(2)] == ["retry", "dead-lettered"]
    [(_body, headers)] = read_raw(broker.connection, dead)
    assert "failed 2 times" in headers["x-death-reason"]
    consumer.close()


def test_one_queue_keeps_its_order(broker, queues):
    queue, _dead = queues
    for order_id in range(1, 6):
        Publisher(broker.connection).publish(queue, {"order_id": order_id})
    assert [json.loads(b)["order_id"] for b, _ in read_raw(broker.connection, queue)] == [
        1,
        2,
        3,
        4,
        5,
    ]


# --- confirmation handler, outbox, OrderService hook on PostgreSQL ------------------------------


@pytest.fixture
def sessions(engine, db_sessionmaker):
    db.create_schema(engine)
    return db_sessionmaker


def test_confirmation_handler_is_idempotent_in_the_database(sessions):
    sender = RecordingSender()
    body = order_placed()
    event = OrderPlaced.from_message(body)
    assert ConfirmationHandler(sessions, sender)(event) is True
    assert ConfirmationHandler(sessions, sender)(event) is False  # a new handler: a restart
    assert len(sender.sent) == 1


def test_order_service_calls_the_hook_with_the_stored_order():
    products = InMemoryProductRepository()
    products.add(Product("A1", "Mug", 1250, 5))
    seen: list[Order] = []
    order = OrderService(products, InMemoryOrderRepository(), seen.append).place_order(1, {"A1": 2})
    assert seen == [order] and order.id is not None
    assert OrderService(products, InMemoryOrderRepository()).place_order(1, {"A1": 1}).id


@pytest.fixture
def rig(request):
    def build(impl):
        return outboxes.OutboxRig(
            impl,
            request.getfixturevalue("broker"),
            request.getfixturevalue("sessions"),
        )

    return build


def test_outbox_reference_keeps_every_promise(rig):
    outbox = rig(outboxes.Reference())
    with pytest.raises(outbox.PaymentDeclined):
        outbox.place_order(payment_declined=True)
    assert outbox.pending() == 0
    first, second = outbox.place_order(), outbox.place_order({"B2": 1})
    with outbox.broker_down(), pytest.raises(ConnectionError):
        outbox.relay()
    assert outbox.pending() == 2
    assert (outbox.relay(), outbox.relay(), outbox.pending()) == (2, 0, 0)
    events = [OrderPlaced.from_message(body) for body in outbox.published()]
    assert [e.order_id for e in events] == [first, second]
    assert [e.total_cents for e in events] == [2500, 1250]


def test_publish_before_commit_announces_a_rolled_back_order(rig):
    outbox = rig(outboxes.PublishesBeforeCommit())
    with pytest.raises(outbox.PaymentDeclined):
        outbox.place_order(payment_declined=True)
    assert len(outbox.published()) == 1


def test_euros_as_decimal_breaks_the_schema(rig):
    outbox = rig(outboxes.EurosAsDecimal())
    outbox.place_order()
    outbox.relay()
    [body] = outbox.published()
    assert body["total"] == {"__type__": "decimal", "__value__": "25"}
    with pytest.raises(InvalidEvent):
        OrderPlaced.from_message(body)


def test_marking_first_loses_the_event_when_the_broker_is_down(rig):
    outbox = rig(outboxes.MarksSentBeforePublishing())
    outbox.place_order()
    with outbox.broker_down(), pytest.raises(ConnectionError):
        outbox.relay()
    assert (outbox.pending(), outbox.relay(), outbox.published()) == (0, 0, [])


def test_consumer_variants_show_their_bugs(broker, sessions):
    """Each buggy consumer misbehaves exactly where its hint says."""
    rigs = {
        name: consumers.ConsumerRig(getattr(consumers, name), broker, sessions)
        for name in (
            "acks_before_processing",
            "not_idempotent",
            "remembers_in_memory",
            "drops_poison",
        )
    }
    try:
        lost = rigs["acks_before_processing"]
        lost.publish(lost.order_placed())
        lost.mail_server_down()
        assert (lost.run(), lost.run(timeout=0.05), lost.sent) == ("retry", "empty", [])

        twice = rigs["not_idempotent"]
        body = twice.order_placed()
        twice.publish(body)
        twice.publish(body)
        twice.run()
        twice.run()
        assert len(twice.sent) == 2

        forgets = rigs["remembers_in_memory"]
        body = forgets.order_placed()
        forgets.publish(body)
        forgets.run()
        forgets.restart()
        forgets.publish(body)
        forgets.run()
        assert len(forgets.sent) == 2

        drops = rigs["drops_poison"]
        drops.publish_text("not json")
        assert (drops.run(), drops.dead_letters()) == ("dead-lettered", [])
    finally:
        for one in rigs.values():
            one.close()


# --- cache on the real Redis ---------------------------------------------------------------------


def test_cached_products_invalidate_and_never_cache_a_miss(sessions, redis_client):
    with sessions() as session, session.begin():
        session.merge(ProductRow(sku="C1", name="Cup", price_cents=500, stock=2))
        session.query(ProductRow).filter_by(sku="C2").delete()
    products = CachedProducts(sessions, product_cache(redis_client))
    assert products.get("C1") == Product("C1", "Cup", 500, 2)
    assert 0 < redis_client.ttl("product:C1") <= 300
    products.set_price("C1", 650)
    assert not redis_client.exists("product:C1")
    assert products.get("C1").price_cents == 650
    assert products.get("C2") is None and not redis_client.exists("product:C2")


def test_order_cache_round_trip(redis_client):
    cache = order_cache(redis_client)
    order = Order(customer_id=3, lines=[OrderLine("A1", 2, 1250)], id=11)
    loads = []
    assert cache.get(11, lambda key: loads.append(key) or order) == order
    assert cache.get(11, lambda key: loads.append(key)) == order  # from Redis
    assert loads == [11]
    cache.invalidate(11)
    assert cache.get(11, lambda key: None) is None
