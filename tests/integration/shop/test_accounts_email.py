"""Registration, verification and login on the real PostgreSQL, with e-mail through the real
SMTP server (course plugin: db_session, smtp_server)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from course_lib.shop.db import UserRow
from course_lib.shop.errors import InvalidInput
from course_lib.shop.gateways.email import SmtpEmailSender
from course_lib.shop.usecases import accounts

pytestmark = pytest.mark.integration


@pytest.fixture
def sender(smtp_server):
    return SmtpEmailSender(smtp_server.host, smtp_server.port, timeout=5)


def _token(mail) -> str:
    return re.search(re.escape(accounts.VERIFY_LINK) + r"(\S+)", mail.body).group(1)


def test_register_commits_then_mails_a_link_that_verifies(pg_session, sender, smtp_server):
    user_id = accounts.register(pg_session, sender, " Ann@Example.COM ", "correct horse")
    [mail] = smtp_server.messages
    assert mail.rcpt_tos == ("ann@example.com",)
    assert "—" in mail.body  # non-ASCII text survives the real server
    user = pg_session.get(UserRow, user_id)
    assert user.email == "ann@example.com" and not user.verified
    assert user.verification_token_hash == accounts.digest(_token(mail))
    assert accounts.verify(pg_session, _token(mail)) == user_id
    with pytest.raises(accounts.InvalidToken):
        accounts.verify(pg_session, _token(mail))  # works once


def test_duplicate_email_raises_and_sends_nothing(pg_session, sender, smtp_server):
    accounts.register(pg_session, sender, "ann@example.com", "correct horse")
    with pytest.raises(accounts.EmailTaken):
        accounts.register(pg_session, sender, "ANN@example.com", "other password")
    assert len(smtp_server.messages) == 1
    count = len(pg_session.scalars(select(UserRow)).all())
    assert count == 1


def test_login_needs_verification_and_the_right_password(pg_session, sender, smtp_server):
    accounts.register(pg_session, sender, "ann@example.com", "correct horse")
    with pytest.raises(accounts.NotVerified):
        accounts.login(pg_session, "ann@example.com", "correct horse")
    accounts.verify(pg_session, _token(smtp_server.messages[0]))
    for email, password in [("ann@example.com", "wrong horse"), ("bob@example.com", "x" * 9)]:
        with pytest.raises(accounts.InvalidCredentials, match="wrong e-mail or password"):
            accounts.login(pg_session, email, password)
    token = accounts.login(pg_session, "Ann@example.com", "correct horse")
    assert accounts.user_for_session(pg_session, token) is not None
    assert accounts.user_for_session(pg_session, "forged") is None


def test_passwords_are_salted_slow_hashes():
    first, second = accounts.hash_password("pw-12345"), accounts.hash_password("pw-12345")
    assert first != second and first.startswith("scrypt$") and "pw-12345" not in first
    assert accounts.check_password("pw-12345", first)
    assert not accounts.check_password("pw-12346", first)


def test_a_test_work_factor_is_cheaper_and_ends_with_its_block():
    """Inside test_work_factor() hashes have the same format and verify; they are made with
    another cost (so they do not verify outside), and the cost is restored afterwards, also
    after an exception."""
    strong = accounts.hash_password("pw-12345", b"0" * 16)
    with accounts.test_work_factor():
        cheap = accounts.hash_password("pw-12345", b"0" * 16)
        assert cheap.startswith("scrypt$") and cheap != strong
        assert accounts.check_password("pw-12345", cheap)
    assert not accounts.check_password("pw-12345", cheap)
    with pytest.raises(RuntimeError), accounts.test_work_factor():
        raise RuntimeError
    assert accounts.hash_password("pw-12345", b"0" * 16) == strong


@pytest.mark.parametrize("email", ["", "ann", "ann@localhost", "a b@example.com"])
def test_not_an_address(pg_session, email):
    with pytest.raises(InvalidInput):
        accounts.register(pg_session, None, email, "correct horse")


def test_short_password_is_refused(pg_session):
    with pytest.raises(InvalidInput, match="8 characters"):
        accounts.register(pg_session, None, "ann@example.com", "short")
