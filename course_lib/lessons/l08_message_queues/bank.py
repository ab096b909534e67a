"""Known-wrong and alternative answers for lesson 08 (message queues and caches)."""

_CONFIRM_IMPORTS = """\
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from course_lib.shop.db import ProcessedEventRow
from course_lib.shop.events import OrderPlaced
from course_lib.shop.messaging.confirmation import CONSUMER, confirmation_email
"""

_CONFIRM = (
    _CONFIRM_IMPORTS
    + """
def confirm_order(session, sender, body):
    event = OrderPlaced.from_message(body)
    seen = session.scalars(select(ProcessedEventRow).where({where})).first()
    if seen is not None:
        return False
    session.add(ProcessedEventRow(consumer=CONSUMER, event_id=event.event_id))
    session.flush()
    {send}
    {extra}
    return True
"""
)


def _confirm(
    where="ProcessedEventRow.consumer == CONSUMER, ProcessedEventRow.event_id == event.event_id",
    send="sender.send(*confirmation_email(event))",
    extra="pass",
) -> str:
    """A correct check-then-record answer with one piece swapped for a plausible mistake."""
    return _CONFIRM.format(where=where, send=send, extra=extra)


_CACHE = """\
import json
from dataclasses import asdict
from sqlalchemy import update
from course_lib.shop.db import ProductRow
from course_lib.shop.errors import NotFound
from course_lib.shop.models import Product

class ProductCache:
    def __init__(self, redis, session):
        self.redis, self.session = redis, session

    def get(self, sku):
        cached = self.redis.get(f"product:{{sku}}")
        if cached is not None:
            data = json.loads(cached)
            return None if data is None else Product(**data)
        row = self.session.get(ProductRow, sku)
        product = row.to_model() if row is not None else None
        {store}
        return product

    def set_price(self, sku, price_cents):
        result = self.session.execute(
            update(ProductRow).where(ProductRow.sku == sku).values(price_cents=price_cents))
        if result.rowcount != 1:
            raise NotFound(sku)
        {invalidate}
"""


def _cache(
    store='if product is not None:\n            self.redis.set(f"product:{sku}", '
    "json.dumps(asdict(product)), ex=300)",
    invalidate='self.redis.delete(f"product:{sku}")',
) -> str:
    """The solution with one piece swapped for a plausible mistake."""
    return _CACHE.format(store=store, invalidate=invalidate)


WRONG = {
    "08.1": [
        (  # the worked example of the fixture, hard-coded
            "def confirm_order(session, sender, body):\n"
            "    sender.send('ann@example.com', 'Your order 41', 'Thank you!')\n"
            "    return True\n",
            "expected exactly one e-mail",
        ),
        (  # remembers processed ids in memory
            "from course_lib.shop.events import OrderPlaced\n"
            "from course_lib.shop.messaging.confirmation import confirmation_email\n"
            "SEEN = set()\n"
            "def confirm_order(session, sender, body):\n"
            "    event = OrderPlaced.from_message(body)\n"
            "    if event.event_id in SEEN:\n"
            "        return False\n"
            "    SEEN.add(event.event_id)\n"
            "    sender.send(*confirmation_email(event))\n"
            "    return True\n",
            "look the id up in the database",
        ),
        (
            _confirm(
                send="try:\n        sender.send(*confirmation_email(event))\n"
                "    except Exception:\n        return False"
            ),
            "expected the sender's error to propagate",
        ),
        (_confirm(extra="session.commit()"), "called commit()"),
        (
            _confirm(where="ProcessedEventRow.event_id == event.event_id"),
            "Match on consumer AND event_id",
        ),
        (  # deduplicates by order id, stored in the event_id column
            _confirm(
                where="ProcessedEventRow.consumer == CONSUMER, "
                "ProcessedEventRow.event_id == str(event.order_id)"
            ).replace("event_id=event.event_id)", "event_id=str(event.order_id))"),
            "not the order id",
        ),
        ("def confirm_order(session, sender, body):\n    raise NotImplementedError\n", "not done"),
    ],
    "08.2": [
        (  # the fixture's mug, hard-coded
            "from course_lib.shop.models import Product\n"
            "class ProductCache:\n"
            "    def __init__(self, redis, session):\n"
            "        pass\n"
            "    def get(self, sku):\n"
            "        return Product('A1', 'Mug', 1250, 5)\n"
            "    def set_price(self, sku, price_cents):\n"
            "        pass\n",
            "expected None for an unknown SKU",
        ),
        (_cache(invalidate="pass"), "the cached entry is stale"),
        (
            _cache(
                store='self.redis.set(f"product:{sku}", json.dumps(product and asdict(product)))'
            ),
            "a cached miss hides it",
        ),
        (
            _cache(
                store='if product is not None:\n            self.redis.set(f"product:{sku}", '
                "json.dumps(asdict(product)))"
            ),
            "expected a TTL between 1 and 300",
        ),
        (_cache(invalidate="self.redis.flushdb()"), "expected the keys order:7 and product:B2"),
        (  # an in-process dict instead of Redis
            "from course_lib.shop.db import ProductRow\n"
            "from course_lib.shop.errors import NotFound\n"
            "class ProductCache:\n"
            "    def __init__(self, redis, session):\n"
            "        self.redis, self.session, self.entries = redis, session, {}\n"
            "    def get(self, sku):\n"
            "        if sku not in self.entries:\n"
            "            row = self.session.get(ProductRow, sku)\n"
            "            if row is None:\n"
            "                return None\n"
            "            self.entries[sku] = row.to_model()\n"
            "        return self.entries[sku]\n"
            "    def set_price(self, sku, price_cents):\n"
            "        row = self.session.get(ProductRow, sku)\n"
            "        if row is None:\n"
            "            raise NotFound(sku)\n"
            "        row.price_cents = price_cents\n"
            "        self.session.flush()\n"
            "        self.entries.pop(sku, None)\n",
            "expected the key 'product:A1' in Redis",
        ),
    ],
    "08.3": [
        (
            "def test_runs(consumer):\n"
            "    consumer.publish(consumer.order_placed())\n"
            "    consumer.run()\n",
            "catch nothing",
        ),
        (
            "def test_twice(consumer):\n"
            "    body = consumer.order_placed()\n"
            "    consumer.publish(body)\n"
            "    consumer.publish(body)\n"
            "    consumer.run()\n"
            "    consumer.run()\n"
            "    assert len(consumer.sent) == 1\n",
            "caught 1 of 5 bugs (missed: acks-before-processing, remembers-in-memory, "
            "drops-poison, requeues-poison)",
        ),
        (  # expects the fake's behaviour: the message is simply gone after a failure
            "def test_failure(consumer):\n"
            "    consumer.publish(consumer.order_placed())\n"
            "    consumer.mail_server_down()\n"
            "    consumer.run()\n"
            "    assert consumer.run(timeout=0.2) == 'empty'\n",
            "fails on the correct implementation",
        ),
        (  # expects poison to be retried
            "def test_poison(consumer):\n"
            "    consumer.publish_text('not json')\n"
            "    assert consumer.run() == 'retry'\n",
            "fails on the correct implementation",
        ),
        (  # assumes a fixed e-mail for every order: the hard-coded example
            "def test_email(consumer):\n"
            "    consumer.publish(consumer.order_placed(order_id=7))\n"
            "    consumer.run()\n"
            "    assert consumer.sent == [('ann@example.com', 'Your order 41', 'Thank you!')]\n",
            "fails on the correct implementation",
        ),
        ("def test_todo(consumer):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "08.4": [
        (
            "def test_places(outbox):\n    assert outbox.place_order() > 0\n",
            "catch nothing",
        ),
        (  # expects the event at once, before any relay ran
            "def test_published_at_once(outbox):\n"
            "    outbox.place_order()\n"
            "    assert len(outbox.published()) == 1\n",
            "fails on the correct implementation",
        ),
        (  # sorts the ids: blind to the order of events, and to most bugs
            "def test_two(outbox):\n"
            "    a, b = outbox.place_order(), outbox.place_order()\n"
            "    outbox.relay()\n"
            "    outbox.relay()\n"
            "    assert sorted(m['order_id'] for m in outbox.published()) == sorted([a, b])\n",
            "caught 1 of 5 bugs (missed: publishes-before-commit, euros-as-decimal, "
            "marks-sent-before-publishing, newest-first)",
        ),
        (  # expects the money in euros
            "def test_total(outbox):\n"
            "    outbox.place_order({'A1': 2})\n"
            "    outbox.relay()\n"
            "    assert outbox.published()[0]['total'] == 25\n",
            "fails on the correct implementation",
        ),
        ("def test_todo(outbox):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "08.1": [
        _confirm(),  # look first, then record (the primary key still guards a race)
        (  # PostgreSQL's INSERT ... ON CONFLICT DO NOTHING RETURNING
            "from sqlalchemy.dialects.postgresql import insert\n"
            "from course_lib.shop.db import ProcessedEventRow\n"
            "from course_lib.shop.events import OrderPlaced\n"
            "from course_lib.shop.messaging.confirmation import CONSUMER, confirmation_email\n"
            "def confirm_order(session, sender, body):\n"
            "    event = OrderPlaced.from_message(body)\n"
            "    statement = (insert(ProcessedEventRow)\n"
            "                 .values(consumer=CONSUMER, event_id=event.event_id)\n"
            "                 .on_conflict_do_nothing()\n"
            "                 .returning(ProcessedEventRow.event_id))\n"
            "    if session.execute(statement).first() is None:\n"
            "        return False\n"
            "    to, subject, text = confirmation_email(event)\n"
            "    sender.send(to, subject, text)\n"
            "    return True\n"
        ),
        (  # a helper class and the composite primary key lookup
            "from course_lib.shop.db import ProcessedEventRow\n"
            "from course_lib.shop.events import OrderPlaced\n"
            "from course_lib.shop.messaging.confirmation import confirmation_email\n"
            "class Ledger:\n"
            "    NAME = 'confirmation-email'\n"
            "    def __init__(self, session):\n"
            "        self.session = session\n"
            "    def seen(self, event_id):\n"
            "        key = (self.NAME, event_id)\n"
            "        return self.session.get(ProcessedEventRow, key) is not None\n"
            "    def note(self, event_id):\n"
            "        self.session.add(ProcessedEventRow(consumer=self.NAME, event_id=event_id))\n"
            "        self.session.flush()\n"
            "def confirm_order(session, sender, body):\n"
            "    event = OrderPlaced.from_message(body)\n"
            "    ledger = Ledger(session)\n"
            "    if ledger.seen(event.event_id):\n"
            "        return False\n"
            "    ledger.note(event.event_id)\n"
            "    sender.send(*confirmation_email(event))\n"
            "    return True\n"
        ),
    ],
    "08.2": [
        _cache(),  # the ORM get and a Core UPDATE, JSON strings
        (  # a Redis hash per product, select(), ORM change, unlink
            "from datetime import timedelta\n"
            "from sqlalchemy import select\n"
            "from course_lib.shop.db import ProductRow\n"
            "from course_lib.shop.errors import NotFound\n"
            "from course_lib.shop.models import Product\n"
            "class ProductCache:\n"
            "    TTL = timedelta(minutes=5)\n"
            "    def __init__(self, redis, session):\n"
            "        self.redis, self.session = redis, session\n"
            "    @staticmethod\n"
            "    def _key(sku):\n"
            "        return 'product:' + sku\n"
            "    def get(self, sku):\n"
            "        found = self.redis.hgetall(self._key(sku))\n"
            "        if found:\n"
            "            d = {k.decode(): v.decode() for k, v in found.items()}\n"
            "            cents, stock = int(d['price_cents']), int(d['stock'])\n"
            "            return Product(d['sku'], d['name'], cents, stock)\n"
            "        query = select(ProductRow).where(ProductRow.sku == sku)\n"
            "        row = self.session.scalars(query).first()\n"
            "        if row is None:\n"
            "            return None\n"
            "        fields = {'sku': row.sku, 'name': row.name,\n"
            "                  'price_cents': row.price_cents, 'stock': row.stock}\n"
            "        with self.redis.pipeline() as pipe:\n"
            "            pipe.hset(self._key(sku), mapping=fields)\n"
            "            pipe.expire(self._key(sku), self.TTL)\n"
            "            pipe.execute()\n"
            "        return Product(**fields)\n"
            "    def set_price(self, sku, price_cents):\n"
            "        row = self.session.get(ProductRow, sku)\n"
            "        if row is None:\n"
            "            raise NotFound(sku)\n"
            "        row.price_cents = price_cents\n"
            "        self.session.flush()\n"
            "        self.redis.unlink(self._key(sku))\n"
        ),
        (  # the shop's own ReadCache, composed with a repository
            "from course_lib.shop.cache import product_cache\n"
            "from course_lib.shop.errors import NotFound\n"
            "from course_lib.shop.repositories.sqlalchemy import SqlAlchemyProductRepository\n"
            "class ProductCache:\n"
            "    def __init__(self, redis, session):\n"
            "        self.cache = product_cache(redis, ttl=120)\n"
            "        self.products = SqlAlchemyProductRepository(session)\n"
            "    def get(self, sku):\n"
            "        return self.cache.get(sku, self.products.get)\n"
            "    def set_price(self, sku, price_cents):\n"
            "        product = self.products.get(sku)\n"
            "        if product is None:\n"
            "            raise NotFound(sku)\n"
            "        product.price_cents = price_cents\n"
            "        self.products.update(product)\n"
            "        self.cache.invalidate(sku)\n"
        ),
    ],
    "08.3": [
        (  # one class, a helper fixture
            "import pytest\n"
            "@pytest.fixture\n"
            "def delivered(consumer):\n"
            "    body = consumer.order_placed(order_id=99)\n"
            "    consumer.publish(body)\n"
            "    assert consumer.run() == 'handled'\n"
            "    return body\n"
            "class TestConsumer:\n"
            "    def test_redelivery(self, consumer, delivered):\n"
            "        consumer.publish(delivered)\n"
            "        consumer.run()\n"
            "        assert len(consumer.sent) == 1\n"
            "    def test_restart(self, consumer, delivered):\n"
            "        consumer.restart()\n"
            "        consumer.publish(delivered)\n"
            "        consumer.run()\n"
            "        assert len(consumer.sent) == 1\n"
            "    def test_retry(self, consumer):\n"
            "        consumer.mail_server_down(times=2)\n"
            "        consumer.publish(consumer.order_placed())\n"
            "        assert [consumer.run() for _ in range(3)] == ['retry', 'retry', 'handled']\n"
            "    def test_dead_letter(self, consumer):\n"
            '        consumer.publish_text(\'{"type": "OrderShipped"}\')\n'
            "        consumer.run()\n"
            '        assert consumer.dead_letters() == [\'{"type": "OrderShipped"}\']\n'
        ),
        (  # parametrized poison, and one long story
            "import json\n"
            "import pytest\n"
            "def test_story(consumer):\n"
            "    a = consumer.order_placed(1, 'a@example.com')\n"
            "    b = consumer.order_placed(2, 'b@example.com')\n"
            "    for body in (a, b, a):\n"
            "        consumer.publish(body)\n"
            "    consumer.mail_server_down()\n"
            "    results = [consumer.run() for _ in range(4)]\n"
            "    consumer.restart()\n"
            "    consumer.publish(b)\n"
            "    results.append(consumer.run())\n"
            "    assert results.count('retry') == 1\n"
            "    to = sorted(mail[0] for mail in consumer.sent)\n"
            "    assert to == ['a@example.com', 'b@example.com']\n"
            "@pytest.mark.parametrize('text', ['not json', json.dumps({'type': 'OrderPlaced'})])\n"
            "def test_poison(consumer, text):\n"
            "    consumer.publish_text(text)\n"
            "    assert consumer.run() == 'dead-lettered'\n"
            "    assert consumer.dead_letters() == [text]\n"
        ),
        (  # unittest-style assertion helpers
            "def assert_sent(consumer, n):\n"
            "    assert len(consumer.sent) == n, consumer.sent\n"
            "def test_at_least_once(consumer):\n"
            "    body = consumer.order_placed()\n"
            "    consumer.publish(body)\n"
            "    consumer.mail_server_down()\n"
            "    consumer.run()\n"
            "    assert_sent(consumer, 0)\n"
            "    consumer.run()\n"
            "    assert_sent(consumer, 1)\n"
            "    consumer.restart()\n"
            "    consumer.publish(body)\n"
            "    consumer.run()\n"
            "    assert_sent(consumer, 1)\n"
            "def test_bad_body(consumer):\n"
            "    body = consumer.order_placed()\n"
            "    del body['total_cents']\n"
            "    consumer.publish(body)\n"
            "    assert consumer.run() == 'dead-lettered'\n"
            "    assert len(consumer.dead_letters()) == 1\n"
        ),
    ],
    "08.4": [
        (  # a class with a helper
            "import pytest\n"
            "from course_lib.shop.events import OrderPlaced\n"
            "class TestOutbox:\n"
            "    @staticmethod\n"
            "    def events(outbox):\n"
            "        return [OrderPlaced.from_message(b) for b in outbox.published()]\n"
            "    def test_each_committed_order_once_in_order(self, outbox):\n"
            "        ids = [outbox.place_order({'B2': 1}), outbox.place_order({'A1': 3})]\n"
            "        with pytest.raises(outbox.PaymentDeclined):\n"
            "            outbox.place_order(payment_declined=True)\n"
            "        outbox.relay()\n"
            "        outbox.relay()\n"
            "        events = self.events(outbox)\n"
            "        assert [e.order_id for e in events] == ids\n"
            "        assert [e.total_cents for e in events] == [1250, 3750]\n"
            "    def test_broker_down(self, outbox):\n"
            "        outbox.place_order()\n"
            "        with outbox.broker_down():\n"
            "            with pytest.raises(ConnectionError):\n"
            "                outbox.relay()\n"
            "        assert outbox.pending() == 1\n"
            "        outbox.relay()\n"
            "        assert outbox.pending() == 0 and len(self.events(outbox)) == 1\n"
        ),
        (  # parametrized over how many orders, checking the JSON Schema with jsonschema
            "import jsonschema\n"
            "import pytest\n"
            "from course_lib.shop.events import ORDER_PLACED_SCHEMA\n"
            "@pytest.mark.parametrize('n', [1, 3])\n"
            "def test_n_orders(outbox, n):\n"
            "    ids = [outbox.place_order() for _ in range(n)]\n"
            "    assert outbox.relay() == n\n"
            "    assert outbox.relay() == 0\n"
            "    bodies = outbox.published()\n"
            "    for body in bodies:\n"
            "        jsonschema.validate(body, ORDER_PLACED_SCHEMA)\n"
            "    assert [b['order_id'] for b in bodies] == ids\n"
            "def test_rollback_and_outage(outbox):\n"
            "    try:\n"
            "        outbox.place_order(payment_declined=True)\n"
            "    except outbox.PaymentDeclined:\n"
            "        pass\n"
            "    kept = outbox.place_order()\n"
            "    with outbox.broker_down():\n"
            "        with pytest.raises(ConnectionError):\n"
            "            outbox.relay()\n"
            "    outbox.relay()\n"
            "    assert [b['order_id'] for b in outbox.published()] == [kept]\n"
        ),
        (  # plain asserts, one scenario per test, total checked in cents
            "import pytest\n"
            "def test_total_in_cents(outbox):\n"
            "    outbox.place_order({'A1': 1, 'B2': 2})\n"
            "    outbox.relay()\n"
            "    (body,) = outbox.published()\n"
            "    assert body['total_cents'] == 3750\n"
            "    assert isinstance(body['placed_at'], str)\n"
            "def test_declined(outbox):\n"
            "    with pytest.raises(outbox.PaymentDeclined):\n"
            "        outbox.place_order(payment_declined=True)\n"
            "    assert outbox.pending() == 0\n"
            "    assert outbox.relay() == 0\n"
            "    assert outbox.published() == []\n"
            "def test_again(outbox):\n"
            "    first = outbox.place_order()\n"
            "    second = outbox.place_order()\n"
            "    with outbox.broker_down(), pytest.raises(ConnectionError):\n"
            "        outbox.relay()\n"
            "    assert outbox.relay() == 2\n"
            "    assert outbox.relay() == 0\n"
            "    assert [b['order_id'] for b in outbox.published()] == [first, second]\n"
        ),
    ],
}
