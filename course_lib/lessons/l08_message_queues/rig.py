"""Shared by lesson 08's hidden tests and fixtures: a recording e-mail sender, event bodies,
a commit spy, and reading a queue's raw messages (bodies that may not even be JSON)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import event

PLACED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


class SmtpDown(ConnectionError):
    """What the recording sender raises while `fail` is set (a mail server that is down)."""


class RecordingSender:
    """An EmailSender that records (to, subject, body); raises SmtpDown while `fail` > 0."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.fail = 0

    def send(self, to: str, subject: str, body: str) -> None:
        if self.fail:
            self.fail -= 1
            raise SmtpDown("the mail server did not answer")
        self.sent.append((to, subject, body))


def order_placed(order_id: int = 41, email: str = "ann@example.com", event_id=None) -> dict:
    """A valid OrderPlaced v1 body with a fresh event id (unless one is given)."""
    return {
        "type": "OrderPlaced",
        "version": 1,
        "event_id": event_id or uuid.uuid4().hex,
        "order_id": order_id,
        "customer_email": email,
        "lines": [
            {"sku": "A1", "quantity": 2, "unit_price_cents": 1250},
            {"sku": "B2", "quantity": 1, "unit_price_cents": 199},
        ],
        "total_cents": 2699,
        "placed_at": PLACED_AT.isoformat(),
    }


def spy_commits(session) -> list:
    """A list that gets one entry per real COMMIT of `session` (a released SAVEPOINT is none)."""
    commits: list = []

    @event.listens_for(session, "after_commit")
    def _count(s):
        if s.get_nested_transaction() is None:
            commits.append(s)

    return commits


def read_raw(connection, queue: str) -> list[tuple[bytes | str, dict]]:
    """(body, headers) of every message waiting on `queue` now, removed from it; the body as the
    broker holds it (a pull with basic_get: nothing is decoded, so non-JSON bodies are fine)."""
    from kombu import Queue

    channel = connection.channel()
    try:
        source = Queue(queue, no_declare=True).bind(channel)
        found = []
        while (message := source.get(no_ack=True)) is not None:
            found.append((message.body, dict(message.headers or {})))
        return found
    finally:
        channel.close()
