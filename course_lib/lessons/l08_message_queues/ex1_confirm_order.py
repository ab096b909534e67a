"""Hidden tests for exercise 08.1: confirm_order(session, sender, body) on real PostgreSQL:
once per event id (recorded in processed_events, not in memory), errors propagate, no commit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from course_lib.lessons.kit import shop_pg_session
from course_lib.lessons.l08_message_queues.rig import (
    RecordingSender,
    SmtpDown,
    order_placed,
    spy_commits,
)
from course_lib.shop.db import ProcessedEventRow
from course_lib.shop.events import InvalidEvent, OrderPlaced
from course_lib.shop.messaging.confirmation import CONSUMER, confirmation_email

__all__ = ["shop_pg_session"]


@pytest.fixture
def session(shop_pg_session):
    shop_pg_session.info["commits"] = spy_commits(shop_pg_session)
    return shop_pg_session


@pytest.fixture
def sender():
    return RecordingSender()


def _recorded(session, event_id: str, consumer: str = CONSUMER) -> bool:
    query = select(ProcessedEventRow).where(
        ProcessedEventRow.consumer == consumer, ProcessedEventRow.event_id == event_id
    )
    return session.scalars(query).first() is not None


def test_first_delivery_sends_the_confirmation(submission, session, sender):
    """A new event: one e-mail, built by confirmation_email(event), and True"""
    body = order_placed(order_id=57, email="bo@example.com")
    got = submission(session, sender, body)
    expected = confirmation_email(OrderPlaced.from_message(body))
    assert sender.sent == [expected], f"expected exactly one e-mail {expected}, got {sender.sent}"
    assert got is True, f"expected confirm_order to return True for a new event, got {got!r}"


def test_event_id_is_recorded(submission, session, sender):
    """The event id is stored in processed_events for consumer 'confirmation-email'"""
    body = order_placed()
    submission(session, sender, body)
    assert _recorded(session, body["event_id"]), (
        f"expected a ProcessedEventRow(consumer={CONSUMER!r}, event_id={body['event_id']!r}) in "
        "the session after the first delivery, found none"
    )


def test_redelivery_sends_nothing(submission, session, sender):
    """The same message delivered twice: one e-mail; the second call returns False"""
    body = order_placed()
    submission(session, sender, dict(body))
    again = submission(session, sender, dict(body))
    assert len(sender.sent) == 1, (
        f"expected 1 e-mail after the same event was delivered twice, got {len(sender.sent)}"
    )
    assert again is False, f"expected False for a redelivered event, got {again!r}"


def test_remembered_in_the_database_not_in_memory(submission, session, sender):
    """An event a previous run handled (its row is in processed_events) sends nothing"""
    body = order_placed()
    session.add(ProcessedEventRow(consumer=CONSUMER, event_id=body["event_id"]))
    session.flush()
    got = submission(session, sender, body)
    assert sender.sent == [], (
        "expected no e-mail for an event already in processed_events (a consumer restarted "
        f"after handling it), got {sender.sent}: look the id up in the database"
    )
    assert got is False, f"expected False for an event handled before, got {got!r}"


def test_another_consumers_record_does_not_count(submission, session, sender):
    """A row for the same event id but another consumer ('stock') does not stop the e-mail"""
    body = order_placed()
    session.add(ProcessedEventRow(consumer="stock", event_id=body["event_id"]))
    session.flush()
    submission(session, sender, body)
    assert len(sender.sent) == 1, (
        "expected 1 e-mail: the 'stock' consumer handling this event says nothing about the "
        f"e-mail; got {len(sender.sent)}. Match on consumer AND event_id"
    )


def test_two_events_for_one_order_send_twice(submission, session, sender):
    """Two events (two event ids) for the same order: two e-mails (deduplicate by event id)"""
    submission(session, sender, order_placed(order_id=8))
    submission(session, sender, order_placed(order_id=8))
    assert len(sender.sent) == 2, (
        f"expected 2 e-mails for two different event ids, got {len(sender.sent)}: the event id, "
        "not the order id, says whether a message is a redelivery"
    )


def test_a_failing_send_propagates(submission, session, sender):
    """The mail server is down: the error reaches the caller (so the message is retried)"""
    sender.fail = 1
    with pytest.raises(SmtpDown):
        submission(session, sender, order_placed())
        pytest.fail(
            "expected the sender's error to propagate, but confirm_order returned: a swallowed "
            "error gets the message acknowledged and the e-mail is never sent"
        )


def test_invalid_message_raises_and_sends_nothing(submission, session, sender):
    """A body that is not an OrderPlaced v1 raises InvalidEvent, sends nothing, records nothing"""
    body = order_placed()
    body["total_cents"] = "26.99"
    with pytest.raises(InvalidEvent):
        submission(session, sender, body)
        pytest.fail("expected InvalidEvent for total_cents='26.99', got no exception")
    assert sender.sent == [], f"expected no e-mail for an invalid message, got {sender.sent}"
    assert not _recorded(session, body["event_id"]), "an invalid message was recorded as handled"


def test_never_commits(submission, session, sender):
    """confirm_order leaves the commit to its caller"""
    submission(session, sender, order_placed())
    commits = len(session.info["commits"])
    assert commits == 0, (
        f"confirm_order called commit() {commits} time(s): the consumer commits after the whole "
        "message is handled, then acknowledges it"
    )


def test_many_events(submission, session, sender):
    """Five new events then the five again: five e-mails, to the right addresses"""
    bodies = [order_placed(order_id=i, email=f"c{i}@example.com") for i in range(5)]
    results = [submission(session, sender, b) for b in bodies + bodies]
    to = [mail[0] for mail in sender.sent]
    assert to == [f"c{i}@example.com" for i in range(5)], f"expected e-mails to c0..c4, got {to}"
    assert results == [True] * 5 + [False] * 5, f"expected 5 x True then 5 x False, got {results}"
