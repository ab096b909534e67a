"""Exercise 12.4, the capstone: the returns feature (course_lib.shop.returns and returns_api)
and ten versions, each with one bug from an earlier lesson's category."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from sqlalchemy import select

from course_lib.lessons.l12_capstone.harness import provide_shop
from course_lib.shop.errors import InvalidInput, NotFound
from course_lib.shop.files.atomic import atomic_write_text
from course_lib.shop.models import PENDING
from course_lib.shop.returns import (
    CreditNote,
    RefundUnavailable,
    Return,
    ReturnRow,
    ReturnService,
    _to_return,
    credit_note_name,
    credit_note_text,
    refund_mail,
)
from course_lib.shop.returns_api import create_returns_app

Reference = ReturnService
provide = provide_shop


class RefundAfterCommit(ReturnService):
    """Bug (transactions): the return is committed first, the refund asked after: a provider
    error leaves the order `returned`, the stock back and no money refunded — and the retry
    gets 409."""

    def refund(self, order_id: int, amount_cents: int) -> str:
        return "pending"

    def after_commit(self, done: Return, email: str) -> None:
        super().refund(done.order_id, done.amount_cents)
        super().after_commit(done, email)


class RefundErrorSwallowed(ReturnService):
    """Bug (outside services): a provider 5xx is logged and ignored: the return is stored as
    refunded, the customer told so, and no money moves."""

    def refund(self, order_id: int, amount_cents: int) -> str:
        try:
            return super().refund(order_id, amount_cents)
        except RefundUnavailable:
            return "failed-will-retry"


def _status_app(service) -> Flask:
    app = create_returns_app(service)

    @app.after_request
    def simplify(response):
        if response.status_code == 201:
            response.status_code = 200
        elif response.status_code == 409:
            response.status_code = 400
        return response

    return app


class StatusCodes(ReturnService):
    """Bug (HTTP): 200 for a created return and 400 for a second one (not 201 and 409)."""

    create_app = staticmethod(_status_app)


class PageOffByOne(ReturnService):
    """Bug (pagination): OFFSET page * per_page: page 1 skips the first page of returns."""

    def list_returns(self, page: int = 1, per_page: int = 10):
        with self.sessions() as session:
            rows = session.scalars(
                select(ReturnRow).order_by(ReturnRow.id).offset(page * per_page).limit(per_page)
            ).all()
            total = len(session.scalars(select(ReturnRow.id)).all())
            return [_to_return(row) for row in rows], total


class RefundInEuros(ReturnService):
    """Bug (contracts): the provider's contract says cents; this sends euros."""

    def refund(self, order_id: int, amount_cents: int) -> str:
        return super().refund(order_id, amount_cents // 100)


class NoteInCp1252(ReturnService):
    """Bug (files): the credit note is written in the Windows code page, not UTF-8: '€' is
    byte 0x80 and every UTF-8 reader fails on it."""

    def write_note(self, done: Return):
        note = CreditNote(done.id, done.order_id, done.amount_cents, done.created_at)
        path = self.credit_dir / credit_note_name(note.number)
        return atomic_write_text(path, credit_note_text(note), encoding="cp1252")


class MailOnEveryDelivery(ReturnService):
    """Bug (delivery): the mailer never records the event id: a redelivered event (normal
    with at-least-once delivery) e-mails the customer again."""

    def handle_event(self, sender, event: dict) -> bool:
        sender.send(*refund_mail(event))
        return True


class StaleOrderCache(ReturnService):
    """Bug (caching): the order cache is never invalidated: readers see `paid` for up to the
    TTL after the refund."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cache.invalidate = lambda key: None


class RefundsTwice(ReturnService):
    """Bug (concurrency): the guard only refuses pending orders: a double click, a retry or two
    requests at once return (and refund, and restock) one order twice."""

    def lock_paid(self, session, order_id: int):
        from course_lib.shop.repositories.sqlalchemy import SqlAlchemyOrderRepository

        order = SqlAlchemyOrderRepository(session).get_for_update(order_id)
        if order is None:
            raise NotFound(f"no order {order_id}")
        if order.status == PENDING:
            raise InvalidInput(f"order {order_id} is not paid yet")
        return order


class ServerClock(ReturnService):
    """Bug (time): the return is stamped with datetime.now(), the server's naive local time,
    not the injected UTC clock: the credit note's date is the server's, not the shop's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.clock = datetime.now
