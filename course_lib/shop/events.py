"""The shop's events as they travel between processes: `OrderPlaced`, version 1.

Why a schema: the consumer may be another service, another language, another release of this
one. What crosses the wire is plain JSON that a JSON Schema checks on both sides; money goes as
integer cents (JSON has no Decimal, and a float cannot hold 0.10 exactly) and times as ISO 8601
strings with their UTC offset (JSON has no datetime). A schema change that consumers cannot read
gets a new version number instead of a surprise.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import jsonschema

from course_lib.shop.errors import ShopError
from course_lib.shop.models import Order

ORDER_PLACED = "OrderPlaced"
VERSION = 1

ORDER_PLACED_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "OrderPlaced v1",
    "type": "object",
    "required": [
        "type",
        "version",
        "event_id",
        "order_id",
        "customer_email",
        "lines",
        "total_cents",
        "placed_at",
    ],
    "additionalProperties": False,
    "properties": {
        "type": {"const": ORDER_PLACED},
        "version": {"const": VERSION},
        "event_id": {"type": "string", "minLength": 1},
        "order_id": {"type": "integer"},
        "customer_email": {"type": "string", "minLength": 3},
        "lines": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["sku", "quantity", "unit_price_cents"],
                "additionalProperties": False,
                "properties": {
                    "sku": {"type": "string"},
                    "quantity": {"type": "integer", "minimum": 1},
                    "unit_price_cents": {"type": "integer", "minimum": 0},
                },
            },
        },
        "total_cents": {"type": "integer", "minimum": 0},
        "placed_at": {"type": "string", "format": "date-time"},
    },
}


class InvalidEvent(ShopError):
    """A message that is not a valid OrderPlaced v1 (a poison message for a consumer)."""


@dataclass(frozen=True)
class OrderPlaced:
    """An order was stored. `event_id` identifies this event (not the order) for deduplication."""

    order_id: int
    customer_email: str
    lines: tuple[tuple[str, int, int], ...]  # (sku, quantity, unit_price_cents)
    placed_at: datetime
    event_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def total_cents(self) -> int:
        return sum(quantity * price for _sku, quantity, price in self.lines)

    @classmethod
    def for_order(cls, order: Order, customer_email: str, placed_at: datetime) -> OrderPlaced:
        """The event for a stored order (`order.id` must be set)."""
        if order.id is None:
            raise InvalidEvent("an OrderPlaced event needs a stored order (id is None)")
        lines = tuple((li.sku, li.quantity, li.unit_price_cents) for li in order.lines)
        return cls(order.id, customer_email, lines, placed_at)

    def to_message(self) -> dict:
        """The JSON-ready body: only str, int, list and dict; validated against the schema."""
        if self.placed_at.utcoffset() is None:
            raise InvalidEvent(
                "placed_at needs a time zone: a naive time is read differently on every server"
            )
        body = {
            "type": ORDER_PLACED,
            "version": VERSION,
            "event_id": self.event_id,
            "order_id": self.order_id,
            "customer_email": self.customer_email,
            "lines": [
                {"sku": sku, "quantity": quantity, "unit_price_cents": price}
                for sku, quantity, price in self.lines
            ],
            "total_cents": self.total_cents,
            "placed_at": self.placed_at.isoformat(),
        }
        validate(body)
        return body

    @classmethod
    def from_message(cls, body: object) -> OrderPlaced:
        """Parse a received body; InvalidEvent when it breaks the schema (never a KeyError)."""
        validate(body)
        assert isinstance(body, dict)
        try:
            placed_at = datetime.fromisoformat(body["placed_at"])
        except ValueError as exc:
            raise InvalidEvent(f"placed_at is not an ISO 8601 time: {exc}") from None
        if placed_at.utcoffset() is None:
            raise InvalidEvent("placed_at has no UTC offset")
        lines = tuple((li["sku"], li["quantity"], li["unit_price_cents"]) for li in body["lines"])
        event = cls(body["order_id"], body["customer_email"], lines, placed_at, body["event_id"])
        if event.total_cents != body["total_cents"]:
            raise InvalidEvent(
                f"total_cents {body['total_cents']} != sum of the lines {event.total_cents}"
            )
        return event


def validate(body: object) -> None:
    """Raise InvalidEvent (with the first problem) unless `body` is a valid OrderPlaced v1."""
    validator = jsonschema.Draft202012Validator(ORDER_PLACED_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(body))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the message"
        raise InvalidEvent(f"not an OrderPlaced v{VERSION}: {where}: {error.message}")
