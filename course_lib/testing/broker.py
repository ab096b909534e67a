"""The `broker` fixture's value: a kombu Connection plus publish/consume helpers with timeouts."""

from __future__ import annotations

import queue as queue_module
import uuid


class Broker:
    """`broker.publish({"order": 1}, "orders")`; `broker.consume("orders", timeout=5)` -> body.

    `queue_name` maps the names tests use to the names the broker sees: on a shared broker,
    course_lib.backends.queue_name adds this process's prefix, and such private queues are
    deleted (not just emptied) by close(); on RabbitMQ they also expire if left unused."""

    def __init__(self, connection, queue_name=None):
        self.connection = connection
        self._name = queue_name or (lambda name: name)
        self._queues: dict = {}
        self._private: set[str] = set()

    @property
    def transport(self) -> str:
        from course_lib.backends.clients import transport_kind

        return transport_kind(self.connection)  # redis, amqp, sqlalchemy, memory

    def unique(self, name: str) -> str:
        """A queue name no other test (or parallel run) uses: `name-<random>`."""
        return f"{name}-{uuid.uuid4().hex[:8]}"

    def server_name(self, name: str) -> str:
        """The name the broker knows queue `name` by (prefixed on a shared broker)."""
        return self._queue(name).queue.name

    def _queue(self, name: str):
        if name not in self._queues:
            full = self._name(name)
            options = {}
            if full != name:
                self._private.add(name)
                options = self._private_options()
            self._queues[name] = self.connection.SimpleQueue(full, **options)
        return self._queues[name]

    def _private_options(self) -> dict:
        """On RabbitMQ a private queue expires when left unused, and its exchange goes with it."""
        if self.transport != "amqp":
            return {}
        from course_lib.backends.shared import queue_expires

        return {
            "queue_opts": {"expires": queue_expires()},
            "exchange_opts": {"type": "direct", "auto_delete": True},
        }

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

    def purge(self, queue: str) -> int:
        """Throw away every message waiting on `queue` (one command); how many there were."""
        return self._queue(queue).clear()

    def close(self) -> None:
        """Purge the queues this helper used (leftovers must not leak into the next test), or
        delete them when they are private queues on a shared broker; close."""
        private = [q.queue.name for name, q in self._queues.items() if name in self._private]
        for name, q in self._queues.items():
            try:
                if name not in self._private:
                    q.clear()
            finally:
                q.close()  # cancels the consumer: a queue deleted under it would cancel it
        if private:
            channel = self.connection.channel()
            for server_name in private:
                channel.queue_delete(server_name)
                channel.exchange_delete(server_name)
            channel.close()
        self._queues.clear()
        self._private.clear()
        from course_lib.backends.clients import release_broker

        release_broker(self.connection)
