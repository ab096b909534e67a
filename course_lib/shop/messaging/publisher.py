"""Publishing JSON messages to a named queue over an injected kombu connection.

Why plain `json.dumps` and not kombu's "json" serializer: kombu quietly wraps a Decimal or a
datetime in its own envelope ({"__type__": "decimal", ...}) that only kombu can read back, so a
consumer in another language, or one that validates a schema, gets something else than was
meant. Serialising ourselves makes such a value fail HERE, loudly (TypeError), at the publisher.

Queues are declared by whoever sets the system up (in the course: the test's `broker` fixture):
the publisher sends through the default exchange, which routes by queue name. On RabbitMQ a
message for a queue nobody declared is dropped, so declare before you publish.
"""

from __future__ import annotations

import json

from course_lib.shop.events import OrderPlaced

PERSISTENT = 2  # delivery_mode: RabbitMQ writes the message to disk


class Publisher:
    """`Publisher(connection).publish_event("orders", event)`; the connection is not owned."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def publish(self, queue: str, body: dict, *, message_id: str | None = None) -> None:
        """Publish `body` as JSON text; TypeError for anything JSON cannot hold exactly."""
        self.publish_json(queue, json.dumps(body, allow_nan=False), message_id=message_id)

    def publish_event(self, queue: str, event: OrderPlaced) -> None:
        """Publish an event checked against its schema, with its id as the message id."""
        self.publish(queue, event.to_message(), message_id=event.event_id)

    def publish_json(
        self,
        queue: str,
        text: str,
        *,
        message_id: str | None = None,
        headers: dict | None = None,
    ) -> None:
        """Publish JSON text as it is (the outbox relay and the dead-letter path use this)."""
        producer = self.connection.Producer()
        properties = {"message_id": message_id} if message_id else {}
        producer.publish(
            text,
            exchange="",
            routing_key=queue,
            content_type="application/json",
            content_encoding="utf-8",
            delivery_mode=PERSISTENT,
            headers=headers or {},
            **properties,
        )
