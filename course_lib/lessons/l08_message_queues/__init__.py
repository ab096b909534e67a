"""Lesson 08 (message queues and caches): an idempotent consumer handler and a cache-aside
product cache on real backends, and tests that catch consumer and outbox bugs on a real broker."""

from course_lib.checks.model import CodeExercise, TestExercise, Variant
from course_lib.checks.signature import Signature

_C = "course_lib.lessons.l08_message_queues.ex3_consumer_tests"
_O = "course_lib.lessons.l08_message_queues.ex4_outbox_tests"

EXERCISES = [
    CodeExercise(
        id="08.1",
        title="An idempotent order confirmation",
        hidden="course_lib.lessons.l08_message_queues.ex1_confirm_order",
        signature=Signature(
            "confirm_order(session, sender, body)", returns="True if it sent, False if not"
        ),
        hint="event = OrderPlaced.from_message(body); then try to record ProcessedEventRow("
        "consumer=CONSUMER, event_id=event.event_id) inside session.begin_nested() — an "
        "IntegrityError means 'seen before': return False; else sender.send(*confirmation_email("
        "event)) and return True. No try/except around send, no commit.",
        timeout=20.0,
    ),
    CodeExercise(
        id="08.2",
        title="A cache-aside product cache",
        hidden="course_lib.lessons.l08_message_queues.ex2_product_cache",
        signature=Signature(
            "class ProductCache(redis, session)", methods="get(sku), set_price(sku, price_cents)"
        ),
        hint="get: redis.get(f'product:{sku}') -> json.loads -> Product(**data); on a miss load "
        "the row and, only if it exists, redis.set(key, json.dumps(asdict(product)), ex=300). "
        "set_price: update the row, flush, then redis.delete(key).",
        timeout=20.0,
    ),
    TestExercise(
        id="08.3",
        title="Tests that catch consumer bugs",
        fixture="consumer",
        given=("test_an_order_is_confirmed_by_one_email",),
        provide=f"{_C}:provide_consumer",
        reference=f"{_C}:reference",
        hint="Deliver the same message twice (and once more after consumer.restart()); make the "
        "mail server fail once and run again; publish something that is not an OrderPlaced. "
        "Count consumer.sent and look at consumer.dead_letters().",
        timeout=20.0,
        variants=(
            Variant(
                "acks-before-processing",
                "Acknowledging on receipt is fine: the handler will work anyway.",
                "consumer.mail_server_down(); run() once (it fails), run() again: the e-mail "
                "must be sent on the second run — the message must still be on the queue.",
                f"{_C}:acks_before_processing",
            ),
            Variant(
                "not-idempotent",
                "The broker delivers every message exactly once.",
                "Publish the same body twice (a redelivery) and run twice: expect ONE e-mail.",
                f"{_C}:not_idempotent",
            ),
            Variant(
                "remembers-in-memory",
                "A set of processed ids in the consumer is enough to spot redeliveries.",
                "Handle a message, consumer.restart(), deliver the same body again: still one "
                "e-mail. Only the database survives a restart.",
                f"{_C}:remembers_in_memory",
            ),
            Variant(
                "drops-poison",
                "A message that cannot be read is worthless: acknowledge it and move on.",
                "publish_text('not json') (or a body without total_cents), run(): expect "
                "'dead-lettered' AND the text in consumer.dead_letters().",
                f"{_C}:drops_poison",
            ),
            Variant(
                "requeues-poison",
                "Putting a failed message back on the queue means it will work next time.",
                "A message that can never be read must end up in consumer.dead_letters(), "
                "not back on the queue.",
                f"{_C}:requeues_poison",
            ),
        ),
    ),
    TestExercise(
        id="08.4",
        title="Tests for the outbox",
        fixture="outbox",
        provide=f"{_O}:provide_outbox",
        reference=f"{_O}:Reference",
        hint="Place orders (one with payment_declined=True), relay, and read outbox.published(): "
        "one valid OrderPlaced per committed order, in order, none for the declined one, none "
        "lost while outbox.broker_down(), none twice after two relays.",
        timeout=20.0,
        variants=(
            Variant(
                "publishes-before-commit",
                "Publishing inside the transaction is the same as publishing after it.",
                "place_order(payment_declined=True) inside pytest.raises(outbox.PaymentDeclined),"
                " relay(): published() must be empty.",
                f"{_O}:PublishesBeforeCommit",
            ),
            Variant(
                "euros-as-decimal",
                "kombu's JSON serializer handles Decimal, so money can travel as Decimal euros.",
                "Parse every published body with OrderPlaced.from_message(body) (it checks the "
                "schema), or assert on body['total_cents'].",
                f"{_O}:EurosAsDecimal",
            ),
            Variant(
                "marks-sent-before-publishing",
                "Marking the row sent first is harmless: the publish will succeed.",
                "Place an order, try relay() inside `with outbox.broker_down():` (expect "
                "ConnectionError), then relay() again: the event must arrive.",
                f"{_O}:MarksSentBeforePublishing",
            ),
            Variant(
                "never-marks-sent",
                "At-least-once means publishing again every time is fine.",
                "relay() twice: the event is on the queue once, and the second relay() returns 0.",
                f"{_O}:NeverMarksSent",
            ),
            Variant(
                "newest-first",
                "Order does not matter to a queue.",
                "Place two orders, relay(): the published order ids come in the order placed.",
                f"{_O}:NewestFirst",
            ),
        ),
    ),
]
