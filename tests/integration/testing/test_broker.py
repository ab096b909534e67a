"""The broker fixture against a real broker (kombu over Redis by default, RabbitMQ in CI)."""

import pytest

pytestmark = pytest.mark.integration


def test_publish_then_consume(broker):
    """A message published to a queue is consumed from it, unchanged."""
    queue = broker.unique("orders")
    broker.publish({"event": "OrderPlaced", "order_id": 7}, queue)
    assert broker.consume(queue, timeout=5) == {"event": "OrderPlaced", "order_id": 7}


def test_order_is_preserved(broker):
    """One producer, one queue: messages come out in the order they went in."""
    queue = broker.unique("orders")
    for n in range(5):
        broker.publish({"n": n}, queue)
    assert [broker.consume(queue)["n"] for _ in range(5)] == [0, 1, 2, 3, 4]


def test_consume_times_out_with_a_clear_message(broker):
    """An empty queue fails the test with what was expected, after the timeout."""
    with pytest.raises(AssertionError, match="no message arrived on queue"):
        broker.consume(broker.unique("empty"), timeout=0.2)


@pytest.mark.parametrize("run", [1, 2])
def test_leftovers_are_purged_between_tests(broker, run):
    """Run 1 leaves a message behind on a fixed queue name; run 2 does not see it."""
    assert broker.drain("course-it-leftovers") == []
    broker.publish({"run": run}, "course-it-leftovers")


def test_purge_empties_a_queue_in_one_call(broker):
    """purge() throws away what waits and says how many; the queue is usable afterwards."""
    queue = broker.unique("stale")
    for n in range(3):
        broker.publish({"n": n}, queue)
    assert broker.purge(queue) == 3
    assert broker.drain(queue) == []
    broker.publish({"n": 9}, queue)
    assert broker.consume(queue) == {"n": 9}


def test_sqlalchemy_transport_on_postgresql(database_url):
    """kombu's second option, its SQLAlchemy transport over the course's PostgreSQL, without
    warnings (filterwarnings=error) and with a 10 ms polling interval."""
    from course_lib.backends import connect_broker
    from course_lib.testing.broker import Broker

    helper = Broker(connect_broker("sqla+" + database_url))
    try:
        assert helper.transport == "sqlalchemy"
        assert helper.connection.transport.polling_interval == 0.01
        queue = helper.unique("orders")
        helper.publish({"order_id": 9}, queue)
        assert helper.consume(queue, timeout=5) == {"order_id": 9}
    finally:
        helper.close()
