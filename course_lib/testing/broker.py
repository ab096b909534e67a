"""The `broker` fixture's value: a kombu Connection plus publish/consume helpers with timeouts."""

from __future__ import annotations

import queue as queue_module
import uuid


class Broker:
    """`broker.publish({"order": 1}, "orders")`; `broker.consume("orders", timeout=5)` -> body."""

    def __init__(self, connection):
        self.connection = connection
        self._queues: dict = {}

    @property
    def transport(self) -> str:
        from course_lib.backends.clients import transport_kind

        return transport_kind(self.connection)  # redis, amqp, sqlalchemy, memory

    def unique(self, name: str) -> str:
        """A queue name no other test (or parallel run) uses: `name-<random>`."""
        return f"{name}-{uuid.uuid4().hex[:8]}"

    def _queue(self, name: str):
        if name not in self._queues:
            self._queues[name] = self.connection.SimpleQueue(name)
        return self._queues[name]

    def publish(self, obj, queue: str, **kwargs) -> None:
        """Publish `obj` (JSON-serialisable) to `queue`, declaring it if needed."""
        kwargs.setdefault("serializer", "json")
        self._queue(queue).put(obj, **kwargs)

    def consume(self, queue: str, timeout: float = 5.0):
        """Next message body from `queue` (acknowledged); AssertionError if none in `timeout` s."""
        try:
            message = self._queue(queue).get(block=True, timeout=timeout)
        except queue_module.Empty:
            raise AssertionError(
                f"no message arrived on queue {queue!r} within {timeout:g} s"
            ) from None
        message.ack()
        return message.payload

    def drain(self, queue: str) -> list:
        """Every message body waiting on `queue` right now (acknowledged)."""
        bodies, q = [], self._queue(queue)
        while True:
            try:
                message = q.get(block=False)
            except queue_module.Empty:
                return bodies
            message.ack()
            bodies.append(message.payload)

    def close(self) -> None:
        """Purge the queues this helper used (leftovers must not leak into the next test); close."""
        for q in self._queues.values():
            try:
                q.clear()
            finally:
                q.close()
        self._queues.clear()
        from course_lib.backends.clients import release_broker

        release_broker(self.connection)
