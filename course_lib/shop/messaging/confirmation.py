"""The handler that e-mails an order confirmation, once per OrderPlaced event.

Idempotent because delivery is at-least-once: the event id is INSERTed into processed_events in
the same transaction as the work, before the e-mail goes out. A redelivered event hits the
primary key and is skipped; two deliveries handled at once are serialised by that key (the
second INSERT waits for the first transaction, then fails). The record lives in the database,
not in memory, so a restarted consumer still knows. One gap stays and is documented: if the
commit fails after the mail was sent, the redelivery sends it again (at-least-once side effect).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_lib.shop.db import ProcessedEventRow
from course_lib.shop.events import OrderPlaced
from course_lib.shop.usecases.accounts import EmailSender

CONSUMER = "confirmation-email"


def confirmation_email(event: OrderPlaced) -> tuple[str, str, str]:
    """(to, subject, body) of the confirmation for `event`."""
    lines = "\n".join(f"{qty} x {sku}" for sku, qty, _price in event.lines)
    total = f"{event.total_cents // 100}.{event.total_cents % 100:02d}"
    return (
        event.customer_email,
        f"Your order {event.order_id}",
        f"Thank you! We received order {event.order_id}:\n{lines}\nTotal: {total}\n",
    )


def mark_processed(session: Session, consumer: str, event_id: str) -> bool:
    """Record `event_id` for `consumer`; False if it was recorded before (no commit)."""
    try:
        with session.begin_nested():
            session.add(ProcessedEventRow(consumer=consumer, event_id=event_id))
    except IntegrityError:
        return False
    return True


def confirm_order(session: Session, sender: EmailSender, event: OrderPlaced) -> bool:
    """E-mail the confirmation unless this event was handled before; True if it sent. The
    caller commits (and rolls back when this raises, so a failed send is retried)."""
    if not mark_processed(session, CONSUMER, event.event_id):
        return False
    sender.send(*confirmation_email(event))
    return True


class ConfirmationHandler:
    """`handler(event)` for OrderConsumer: confirm_order in a transaction of its own."""

    def __init__(self, sessions: Callable[[], Session], sender: EmailSender) -> None:
        self.sessions = sessions
        self.sender = sender

    def __call__(self, event: OrderPlaced) -> bool:
        with self.sessions() as session, session.begin():
            return confirm_order(session, self.sender, event)
