"""Hidden tests for exercise 12.1: handle_refund_event(session, sender, event) e-mails the
customer once per event id on real PostgreSQL, whatever the number of deliveries, and leaves
the commit to its caller.

The session belongs to the plugin's SAVEPOINT connection: everything is rolled back after each
test. Event ids are unique per test (two checks may share a server).
"""

import uuid

import pytest
from sqlalchemy import func, select

from course_lib.lessons.l12_capstone.harness import Mailbox
from course_lib.shop import db
from course_lib.shop.db import ProcessedEventRow


@pytest.fixture
def session(engine, db_sessionmaker):
    db.create_schema(engine)
    session = db_sessionmaker()
    yield session
    session.close()


def _event(amount_cents=2500, order_id=17, email="zoe@example.com"):
    return {
        "event_id": uuid.uuid4().hex,
        "type": "RefundIssued",
        "return_id": 3,
        "order_id": order_id,
        "amount_cents": amount_cents,
        "email": email,
    }


def test_first_delivery_sends_one_mail(submission, session):
    """A first delivery: one e-mail to the event's address, and True"""
    mailbox, event = Mailbox(), _event()
    sent = submission(session, mailbox, event)
    assert sent is True, f"expected True (a mail went out), got {sent!r}"
    assert [mail[0] for mail in mailbox.sent] == ["zoe@example.com"], (
        f"expected one mail to zoe@example.com, sent: {mailbox.sent}"
    )


def test_mail_text(submission, session):
    """The mail says the amount in euros with two decimals and the order number"""
    mailbox = Mailbox()
    submission(session, mailbox, _event(amount_cents=2505, order_id=41))
    (to, subject, body), *_ = mailbox.sent
    assert "41" in subject, f"expected the order number 41 in the subject, got {subject!r}"
    assert "€25.05" in body, f"expected '€25.05' in the body, got {body!r}"


def test_redelivery_sends_nothing(submission, session):
    """The same event delivered again (at-least-once delivery): no second mail, and False"""
    mailbox, event = Mailbox(), _event()
    submission(session, mailbox, event)
    again = submission(session, mailbox, dict(event))
    assert again is False, f"expected False for a redelivered event, got {again!r}"
    assert len(mailbox.sent) == 1, f"expected 1 mail after two deliveries, got {len(mailbox.sent)}"


def test_two_events_two_mails(submission, session):
    """Two different events (two refunds) for the same address: two mails"""
    mailbox = Mailbox()
    submission(session, mailbox, _event())
    submission(session, mailbox, _event())
    assert len(mailbox.sent) == 2, f"expected 2 mails for 2 events, got {len(mailbox.sent)}"


def test_claim_is_stored(submission, session):
    """The event id is stored in processed_events (consumer 'refund-mailer')"""
    event = _event()
    submission(session, Mailbox(), event)
    count = session.scalar(
        select(func.count())
        .select_from(ProcessedEventRow)
        .where(ProcessedEventRow.consumer == "refund-mailer")
        .where(ProcessedEventRow.event_id == event["event_id"])
    )
    assert count == 1, f"expected one processed_events row for the event, found {count}"


def test_other_consumer_does_not_count(submission, session):
    """Another consumer having handled the event id does not stop the mailer"""
    event = _event()
    session.add(ProcessedEventRow(consumer="invoicing", event_id=event["event_id"]))
    session.flush()
    mailbox = Mailbox()
    assert submission(session, mailbox, event) is True, "expected True: another consumer's row"
    assert len(mailbox.sent) == 1, f"expected 1 mail, got {len(mailbox.sent)}"


def test_leaves_commit_to_caller(submission, session):
    """No commit inside: rolled back by the caller, the event is handled again later"""
    event = _event()
    submission(session, Mailbox(), event)
    session.rollback()
    mailbox = Mailbox()
    assert submission(session, mailbox, event) is True, (
        "expected True after the caller rolled back: the claim must be part of the caller's "
        "transaction (commit is the caller's job: the mail and the claim go together)"
    )
