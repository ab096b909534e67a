"""Hidden tests for exercise 06.4: resend_verification(session, sender, email) on a real
PostgreSQL (SAVEPOINT-isolated) with a real SMTP server (aiosmtpd on loopback).

Each test registers users through the shop's own register() (its mail goes to a list), then
calls the submission with an SmtpEmailSender pointed at the course's SMTP server, and reads what
really arrived.
"""

from __future__ import annotations

import functools
import re

import pytest
from sqlalchemy import event, select

from course_lib.lessons.kit import shop_pg_session
from course_lib.shop.db import UserRow
from course_lib.shop.gateways.email import SmtpEmailSender
from course_lib.shop.usecases import accounts

__all__ = ["shop_pg_session"]  # a fixture for pytest

LINK = re.compile(re.escape(accounts.VERIFY_LINK) + r"(\S+)")


class Outbox:
    """A sender that keeps what register() sends (setup only: the submission gets real SMTP)."""

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))


class CommitFirst(SmtpEmailSender):
    """The real SMTP sender, which also notes whether the session held uncommitted changes
    (flushed since the last commit, or pending in the session) when send() was called."""

    def __init__(self, smtp, session):
        super().__init__(smtp.host, smtp.port, timeout=5.0)
        self.session = session
        self.flushed = False
        self.uncommitted: list[bool] = []
        event.listen(session, "after_flush", self._on_flush)
        event.listen(session, "after_commit", self._on_end)
        event.listen(session, "after_rollback", self._on_end)

    def _on_flush(self, *_args):
        self.flushed = True

    def _on_end(self, *_args):
        self.flushed = False

    def send(self, to, subject, body):
        pending = bool(self.session.new or self.session.dirty or self.session.deleted)
        self.uncommitted.append(self.flushed or pending)
        super().send(to, subject, body)


_hash_password = accounts.hash_password


@functools.cache
def _first_hash(password: str) -> str:
    return _hash_password(password)


def _password_hash(password: str, salt: bytes | None = None) -> str:
    """accounts.hash_password, computed once per password when no salt is given: scrypt costs
    ~50 ms by design, and every test's setup registers the same two users."""
    return _first_hash(password) if salt is None else _hash_password(password, salt)


@pytest.fixture
def world(request, smtp_server, monkeypatch):
    session = request.getfixturevalue("shop_pg_session")
    monkeypatch.setattr(accounts, "hash_password", _password_hash)  # setup only: see above
    outbox = Outbox()
    accounts.register(session, outbox, "ann@example.com", "correct horse")
    accounts.register(session, outbox, "bob@example.com", "battery staple")
    first_token = LINK.search(outbox.sent[0][2]).group(1)
    return session, CommitFirst(smtp_server, session), smtp_server, first_token


def _token_of(message) -> str:
    found = LINK.search(message.body)
    assert found, (
        f"expected the link {accounts.VERIFY_LINK}<token> in the body, got {message.body!r}"
    )
    return found.group(1)


def test_sends_a_working_link(submission, world):
    """Ann asks again: one e-mail to ann@example.com whose link verifies her account"""
    session, sender, smtp, _old = world
    got = submission(session, sender, "ann@example.com")
    assert got is True, f"expected True (an e-mail was sent), got {got!r}"
    messages = smtp.messages
    assert len(messages) == 1, f"expected 1 e-mail at the SMTP server, got {len(messages)}"
    assert messages[0].rcpt_tos == ("ann@example.com",), (
        f"expected it sent to ann@example.com, got {messages[0].rcpt_tos}"
    )
    user_id = accounts.verify(session, _token_of(messages[0]))
    ann = session.scalar(select(UserRow).where(UserRow.email == "ann@example.com"))
    assert user_id == ann.id and ann.verified, "expected the new link to verify Ann's account"


def test_the_old_link_stops_working(submission, world):
    """After a resend, the first e-mail's token is refused (InvalidToken)"""
    session, sender, _smtp, old = world
    submission(session, sender, "ann@example.com")
    with pytest.raises(accounts.InvalidToken):
        accounts.verify(session, old)


def test_token_is_stored_as_a_digest(submission, world):
    """The database keeps accounts.digest(token), never the token itself"""
    session, sender, smtp, _old = world
    submission(session, sender, "ann@example.com")
    token = _token_of(smtp.messages[0])
    stored = session.scalar(
        select(UserRow.verification_token_hash).where(UserRow.email == "ann@example.com")
    )
    assert stored == accounts.digest(token), (
        f"expected digest(token) in verification_token_hash, got {stored!r}"
    )


def test_committed_before_the_mail(submission, world):
    """The new token is committed BEFORE the e-mail goes out"""
    session, sender, _smtp, _old = world
    submission(session, sender, "ann@example.com")
    assert sender.uncommitted == [False], (
        "expected the session to have nothing uncommitted when send() ran, got "
        f"{sender.uncommitted} (True: the e-mail went out before session.commit())"
    )


def test_address_is_normalized(submission, world):
    """'  Ann@Example.COM ' finds ann@example.com"""
    session, sender, smtp, _old = world
    got = submission(session, sender, "  Ann@Example.COM ")
    rcpts = [m.rcpt_tos for m in smtp.messages]
    assert got is True and rcpts == [("ann@example.com",)], (
        f"expected True and one e-mail to ann@example.com, got {got!r} and {rcpts}"
    )


def test_unknown_address_sends_nothing(submission, world):
    """No account for carl@example.com: returns False, sends nothing, raises nothing"""
    session, sender, smtp, _old = world
    got = submission(session, sender, "carl@example.com")
    assert got is False and smtp.messages == [], (
        f"expected False and no e-mail, got {got!r} and {len(smtp.messages)} e-mail(s)"
    )


def test_verified_account_gets_nothing(submission, world):
    """Bob is verified already: returns False and sends nothing"""
    session, sender, smtp, _old = world
    bob = session.scalar(select(UserRow).where(UserRow.email == "bob@example.com"))
    bob.verified, bob.verification_token_hash = True, None
    session.commit()
    got = submission(session, sender, "bob@example.com")
    assert got is False and smtp.messages == [], (
        f"expected False and no e-mail, got {got!r} and {len(smtp.messages)} e-mail(s)"
    )


def test_only_that_user_changes(submission, world):
    """Resending to Ann leaves Bob's token as it was"""
    session, sender, _smtp, _old = world
    before = session.scalar(
        select(UserRow.verification_token_hash).where(UserRow.email == "bob@example.com")
    )
    submission(session, sender, "ann@example.com")
    after = session.scalar(
        select(UserRow.verification_token_hash).where(UserRow.email == "bob@example.com")
    )
    assert after == before, "expected Bob's verification token unchanged"


def test_each_resend_gets_a_fresh_token(submission, world):
    """Two resends: two different tokens, and only the second works"""
    session, sender, smtp, _old = world
    submission(session, sender, "ann@example.com")
    submission(session, sender, "ann@example.com")
    first, second = (_token_of(m) for m in smtp.messages)
    assert first != second, (
        "expected a new token per e-mail (secrets.token_urlsafe), got twice the same"
    )
    with pytest.raises(accounts.InvalidToken):
        accounts.verify(session, first)
