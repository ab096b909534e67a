"""Taking OrderPlaced messages off a queue: handle first, acknowledge after.

Why this order: a broker delivers each message AT LEAST once. A message acknowledged before its
work is done is gone if the work then fails (the e-mail never goes out); a message acknowledged
after its work can be delivered again (the consumer died between the two), so the handler must be
idempotent (see confirmation.py). A message that can never be processed (not an OrderPlaced v1,
or a handler that keeps failing on it) is a poison message: it goes to a dead-letter queue with
the reason in its headers, so it neither blocks the queue forever nor disappears unseen.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from kombu.exceptions import ContentDisallowed, DecodeError

from course_lib.shop.events import InvalidEvent, OrderPlaced
from course_lib.shop.messaging.publisher import Publisher

EMPTY, HANDLED, RETRY, DEAD_LETTERED = "empty", "handled", "retry", "dead-lettered"
POLL_INTERVAL = 0.01  # seconds between two looks at an empty queue


class OrderConsumer:
    """One consumer on `queue`; `process_one(timeout)` handles at most one message.

    `handler(event)` does the work in its own transaction and raises when it could not;
    the connection is injected and not owned (close() only stops consuming).
    """

    def __init__(
        self,
        connection,
        queue: str,
        handler: Callable[[OrderPlaced], object],
        *,
        dead_letter_queue: str,
        max_attempts: int = 3,
    ) -> None:
        self.connection = connection
        self.queue = queue
        self.handler = handler
        self.dead_letter_queue = dead_letter_queue
        self.max_attempts = max_attempts
        self.failures: Counter[str] = Counter()  # failed attempts per event id (this process)
        self.last_error: BaseException | None = None
        self._channel = None

    def process_one(self, timeout: float = 1.0) -> str:
        """Receive one message and handle it: "handled", "retry", "dead-lettered" or "empty"."""
        message = self._next_message(timeout)
        if message is None:
            return EMPTY
        try:
            event = OrderPlaced.from_message(message.decode())
        except (InvalidEvent, DecodeError, ContentDisallowed) as exc:  # not JSON, or not ours
            return self._dead_letter(message, f"invalid message: {exc}")
        try:
            self.handler(event)
        except Exception as exc:
            self.last_error = exc
            self.failures[event.event_id] += 1
            if self.failures[event.event_id] >= self.max_attempts:
                return self._dead_letter(
                    message, f"handler failed {self.max_attempts} times: {exc}"
                )
            message.requeue()  # back on the queue, for this or another consumer
            return RETRY
        message.ack()  # only now: the work is done and committed
        return HANDLED

    def close(self) -> None:
        """Stop: a message received and not acknowledged goes back to the queue (the broker
        returns it when the channel closes, as it does when a consumer process dies)."""
        if self._channel is not None:
            self._channel.close()
            self._channel = None

    def _next_message(self, timeout: float):
        """Pull one message (basic_get), polling until `timeout`; None if none came.

        A pull consumer holds at most the one message it works on; a push consumer
        (basic_consume) would have the broker hand it messages ahead, out of other consumers'
        reach. Long-running workers push with a prefetch limit; a step-by-step consumer pulls.
        """
        if self._channel is None:
            self._channel = self.connection.channel()
        from kombu import Queue

        source = Queue(self.queue, no_declare=True).bind(self._channel)
        deadline = time.monotonic() + timeout
        while True:
            message = source.get(no_ack=False, accept=["json"])
            if message is not None or time.monotonic() >= deadline:
                return message
            time.sleep(POLL_INTERVAL)

    def _dead_letter(self, message, reason: str) -> str:
        body = message.body.decode("utf-8", "replace") if isinstance(message.body, bytes) else None
        Publisher(self.connection).publish_json(
            self.dead_letter_queue,
            body if body is not None else str(message.body),
            message_id=message.properties.get("message_id"),
            headers={"x-death-reason": reason[:500], "x-original-queue": self.queue},
        )
        message.ack()  # safe now: the dead-letter queue holds it
        return DEAD_LETTERED
