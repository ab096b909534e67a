"""Returns and refunds: a paid order comes back, the money goes back, everyone is told.

The flow, and the rule each step keeps:

- ONE transaction locks the order (SELECT ... FOR UPDATE): only a `paid` order can be returned,
  so a double click or a retry finds it `returned` and gets InvalidInput (HTTP 409), never a
  second refund.
- In that transaction: the return row, the items back on the shelf, the order `returned`, and
  the refund asked of the payment provider (in cents, as its contract says). A provider error
  rolls ALL of it back and raises RefundUnavailable (HTTP 503): nothing half-done, retry later.
- After the commit: the order cache is invalidated, the credit note is written atomically
  (UTF-8, never overwritten: it is an accounting document) and a RefundIssued event is
  published; the mailer e-mails the customer once per event id, however often it is delivered.
- Every timestamp comes from the injected clock, in UTC.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import DateTime, ForeignKey, Integer, String, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from course_lib.shop.cache import order_cache
from course_lib.shop.db import Base, CustomerRow, ProcessedEventRow
from course_lib.shop.errors import InvalidInput, NotFound, ShopError
from course_lib.shop.files.atomic import atomic_write_text
from course_lib.shop.messaging.outbox import utc_now
from course_lib.shop.models import PAID, Order
from course_lib.shop.repositories.sqlalchemy import (
    SqlAlchemyOrderRepository,
    SqlAlchemyProductRepository,
)

RETURNED = "returned"
MAILER = "refund-mailer"


class ReturnRow(Base):
    __tablename__ = "returns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    refund_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def create_returns_schema(engine) -> None:
    """The shop's tables and the returns table (made only when missing)."""
    Base.metadata.create_all(engine)


class RefundUnavailable(ShopError):
    """The payment provider failed to refund: nothing was changed, try again later."""


class RefundGateway(Protocol):
    def refund(self, order_id: int, amount_cents: int, currency: str) -> str:
        """The provider's refund id; raises on a provider error."""


@dataclass(frozen=True)
class CreditNote:
    number: int  # the return's id
    order_id: int
    amount_cents: int
    issued_at: datetime  # aware, UTC


@dataclass(frozen=True)
class Return:
    id: int
    order_id: int
    amount_cents: int
    refund_id: str
    created_at: datetime

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "order_id": self.order_id,
            "amount_cents": self.amount_cents,
            "refund_id": self.refund_id,
            "created_at": self.created_at.isoformat(),
        }


def _to_return(row: ReturnRow) -> Return:
    return Return(row.id, row.order_id, row.amount_cents, row.refund_id, row.created_at)


def credit_note_name(number: int) -> str:
    return f"credit-note-{number:06d}.txt"


def credit_note_text(note: CreditNote) -> str:
    euros, cents = divmod(note.amount_cents, 100)
    return (
        f"Credit note CN-{note.number:06d}\n"
        f"Order: {note.order_id}\n"
        f"Date: {note.issued_at.date().isoformat()}\n"
        f"Refund: €{euros}.{cents:02d}\n"
    )


def write_credit_note(directory: str | Path, note: CreditNote) -> Path:
    """Write the note atomically as UTF-8; FileExistsError if that number exists already."""
    path = Path(directory) / credit_note_name(note.number)
    if path.exists():
        raise FileExistsError(f"credit note {path.name} exists: credit notes are never rewritten")
    return atomic_write_text(path, credit_note_text(note), encoding="utf-8")


class ReturnService:
    """Returns over injected parts: `sessions`, a refund `gateway`, a Redis `cache_client`,
    `publish(event)` for the RefundIssued events, the `credit_dir` and a `clock`."""

    def __init__(
        self,
        sessions: sessionmaker,
        gateway: RefundGateway,
        cache_client,
        publish: Callable[[dict], None],
        credit_dir: str | Path,
        *,
        clock: Callable[[], datetime] = utc_now,
        currency: str = "EUR",
    ) -> None:
        self.sessions = sessions
        self.gateway = gateway
        self.cache = order_cache(cache_client)
        self.publish = publish
        self.credit_dir = Path(credit_dir)
        self.clock = clock
        self.currency = currency

    def request_return(self, order_id: int) -> Return:
        """Return a paid order: refund, restock, credit note, event (see the module docstring)."""
        done, email = self.return_and_refund(order_id)
        self.after_commit(done, email)
        return done

    def return_and_refund(self, order_id: int) -> tuple[Return, str]:
        """The one transaction: lock, restock, mark returned, refund, store the return."""
        with self.sessions.begin() as session:
            order = self.lock_paid(session, order_id)
            self.restock(session, order)
            SqlAlchemyOrderRepository(session).set_status(order_id, RETURNED)
            refund_id = self.refund(order.id, order.total_cents)
            row = ReturnRow(
                order_id=order_id,
                amount_cents=order.total_cents,
                refund_id=refund_id,
                created_at=self.clock(),
            )
            session.add(row)
            session.flush()
            email = session.get(CustomerRow, order.customer_id).email
            return _to_return(row), email

    def after_commit(self, done: Return, email: str) -> None:
        """Cache, credit note, event: only once the return is committed."""
        self.cache.invalidate(done.order_id)
        self.write_note(done)
        self.announce(done, email)

    def lock_paid(self, session: Session, order_id: int) -> Order:
        order = SqlAlchemyOrderRepository(session).get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status != PAID:
            raise InvalidInput(f"order {order_id} is {order.status}: only a paid order returns")
        return order

    def restock(self, session: Session, order: Order) -> None:
        products = SqlAlchemyProductRepository(session)
        for line in sorted(order.lines, key=lambda line: line.sku):
            product = products.get_for_update(line.sku)
            if product is not None:
                product.stock += line.quantity
                products.update(product)

    def refund(self, order_id: int, amount_cents: int) -> str:
        try:
            return self.gateway.refund(order_id, amount_cents, self.currency)
        except Exception as exc:  # raised inside the transaction: everything rolls back
            raise RefundUnavailable(f"refund failed: {exc}") from exc

    def write_note(self, done: Return) -> Path:
        note = CreditNote(done.id, done.order_id, done.amount_cents, done.created_at)
        return write_credit_note(self.credit_dir, note)

    def announce(self, done: Return, email: str) -> None:
        self.publish(
            {
                "event_id": uuid.uuid4().hex,
                "type": "RefundIssued",
                "return_id": done.id,
                "order_id": done.order_id,
                "amount_cents": done.amount_cents,
                "email": email,
            }
        )

    def handle_event(self, sender, event: dict) -> bool:
        """The mailer's side: e-mail a RefundIssued event once (see handle_refund_event)."""
        with self.sessions.begin() as session:
            return handle_refund_event(session, sender, event)

    def list_returns(self, page: int = 1, per_page: int = 10) -> tuple[list[Return], int]:
        """One page of returns, oldest first, and how many there are in all."""
        with self.sessions() as session:
            total = session.scalar(select(func.count()).select_from(ReturnRow))
            rows = session.scalars(
                select(ReturnRow)
                .order_by(ReturnRow.id)
                .offset((page - 1) * per_page)
                .limit(per_page)
            ).all()
            return [_to_return(row) for row in rows], total


def refund_mail(event: dict) -> tuple[str, str, str]:
    """(to, subject, body) of the e-mail for a RefundIssued event."""
    euros, cents = divmod(event["amount_cents"], 100)
    body = f"We refunded €{euros}.{cents:02d} for order {event['order_id']}.\n"
    return event["email"], f"Refund for order {event['order_id']}", body


def handle_refund_event(session: Session, sender, event: dict) -> bool:
    """E-mail the customer once per event id (redelivery is normal); True if a mail went out.

    The event id is claimed with INSERT ... ON CONFLICT DO NOTHING in the caller's transaction.
    """
    claimed = session.execute(
        insert(ProcessedEventRow)
        .values(consumer=MAILER, event_id=event["event_id"])
        .on_conflict_do_nothing()
        .returning(ProcessedEventRow.event_id)
    ).first()
    if claimed is None:
        return False
    sender.send(*refund_mail(event))
    return True
