"""Exercise 08.3: tests for an order-confirmation consumer on a real broker and PostgreSQL — the
reference (the shop's OrderConsumer + ConfirmationHandler) and five consumers with one plausible
messaging bug each. The fixture `consumer` is a ConsumerRig around one of them."""

from __future__ import annotations

from course_lib.lessons.l08_message_queues.rig import RecordingSender, order_placed, read_raw
from course_lib.shop import db
from course_lib.shop.events import InvalidEvent, OrderPlaced
from course_lib.shop.messaging.confirmation import ConfirmationHandler, confirmation_email
from course_lib.shop.messaging.consumer import DEAD_LETTERED, HANDLED, RETRY, OrderConsumer
from course_lib.shop.messaging.publisher import Publisher


class ConsumerRig:
    """A consumer under test on its own queue (and dead-letter queue), e-mailing through a
    recording sender, with its database work in the test's rolled-back transaction."""

    def __init__(self, build, broker, sessions) -> None:
        self._build, self._broker, self._sessions = build, broker, sessions
        self.queue = broker.server_name(broker.unique("orders"))
        self.dead_letter_queue = broker.server_name(broker.unique("orders-dead"))
        self.sender = RecordingSender()
        self._publisher = Publisher(broker.connection)
        self._consumer = self._new_consumer()

    @property
    def sent(self) -> list[tuple[str, str, str]]:
        """The e-mails sent so far: (to, subject, body)."""
        return self.sender.sent

    def order_placed(self, order_id: int = 41, email: str = "ann@example.com") -> dict:
        """A valid OrderPlaced v1 body with a new event id."""
        return order_placed(order_id, email)

    def publish(self, body: dict) -> None:
        """Publish `body` as JSON to the consumer's queue."""
        self._publisher.publish(self.queue, body)

    def publish_text(self, text: str) -> None:
        """Publish raw text (marked as JSON, whether it is or not)."""
        self._publisher.publish_json(self.queue, text)

    def mail_server_down(self, times: int = 1) -> None:
        """The next `times` e-mails fail (SmtpDown) instead of being sent."""
        self.sender.fail = times

    def run(self, timeout: float = 1.0) -> str:
        """Let the consumer take one message: "handled", "retry", "dead-lettered" or "empty"."""
        return self._consumer.process_one(timeout)

    def restart(self) -> None:
        """The consumer process stops and a new one starts (what it held in memory is gone)."""
        self._consumer.close()
        self._consumer = self._new_consumer()

    def dead_letters(self) -> list[str]:
        """Bodies (as text) waiting on the dead-letter queue, taken off it."""
        bodies = read_raw(self._broker.connection, self.dead_letter_queue)
        return [b.decode() if isinstance(b, bytes) else b for b, _headers in bodies]

    def close(self) -> None:
        self._consumer.close()

    def _new_consumer(self):
        return self._build(
            self._broker.connection, self.queue, self.dead_letter_queue, self._sessions, self.sender
        )


def provide_consumer(impl, request):
    """Fixture `consumer`: a ConsumerRig around `impl` (unique queues, SAVEPOINT database)."""
    db.create_schema(request.getfixturevalue("engine"))
    rig = ConsumerRig(
        impl, request.getfixturevalue("broker"), request.getfixturevalue("db_sessionmaker")
    )
    yield rig
    rig.close()


def reference(connection, queue, dead_letter_queue, sessions, sender):
    """The shop's consumer: handle, commit, then ack; idempotent; poison to the dead letters."""
    handler = ConfirmationHandler(sessions, sender)
    return OrderConsumer(connection, queue, handler, dead_letter_queue=dead_letter_queue)


class _AcksFirst(OrderConsumer):
    def process_one(self, timeout: float = 1.0) -> str:
        message = self._next_message(timeout)
        if message is None:
            return "empty"
        message.ack()  # bug: acknowledged before the work is done
        try:
            event = OrderPlaced.from_message(message.decode())
        except InvalidEvent:
            return "dead-lettered"
        try:
            self.handler(event)
        except Exception:
            return RETRY
        return HANDLED


def acks_before_processing(connection, queue, dead_letter_queue, sessions, sender):
    """Bug: acks on receipt; when the mail server is down the message is gone for good."""
    handler = ConfirmationHandler(sessions, sender)
    return _AcksFirst(connection, queue, handler, dead_letter_queue=dead_letter_queue)


def not_idempotent(connection, queue, dead_letter_queue, sessions, sender):
    """Bug: every delivery sends an e-mail; a redelivered message confirms the order twice."""

    def handler(event):
        sender.send(*confirmation_email(event))

    return OrderConsumer(connection, queue, handler, dead_letter_queue=dead_letter_queue)


def remembers_in_memory(connection, queue, dead_letter_queue, sessions, sender):
    """Bug: processed ids kept in a set of this process; a restarted consumer forgets them."""
    seen: set[str] = set()

    def handler(event):
        if event.event_id in seen:
            return
        sender.send(*confirmation_email(event))
        seen.add(event.event_id)

    return OrderConsumer(connection, queue, handler, dead_letter_queue=dead_letter_queue)


class _DropsPoison(OrderConsumer):
    def _dead_letter(self, message, reason: str) -> str:
        message.ack()  # bug: acknowledged and forgotten
        return DEAD_LETTERED


def drops_poison(connection, queue, dead_letter_queue, sessions, sender):
    """Bug: a message it cannot read is acknowledged and dropped, not dead-lettered."""
    handler = ConfirmationHandler(sessions, sender)
    return _DropsPoison(connection, queue, handler, dead_letter_queue=dead_letter_queue)


class _RequeuesPoison(OrderConsumer):
    def _dead_letter(self, message, reason: str) -> str:
        message.requeue()  # bug: back on the queue, to fail again, forever
        return RETRY


def requeues_poison(connection, queue, dead_letter_queue, sessions, sender):
    """Bug: a message it cannot read goes back on the queue, again and again."""
    handler = ConfirmationHandler(sessions, sender)
    return _RequeuesPoison(connection, queue, handler, dead_letter_queue=dead_letter_queue)
