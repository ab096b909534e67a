"""Lesson 09, exercise 09.4: register -> verify e-mail -> login — the reference (the shop's
usecases.accounts) and four versions with a bug in a seam between database, e-mail and login."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import delete, select

from course_lib.shop import db
from course_lib.shop.db import UserRow
from course_lib.shop.usecases import accounts
from course_lib.shop.usecases.accounts import InvalidCredentials, InvalidToken, NotVerified

TOKEN = re.compile(r"token=([A-Za-z0-9_-]+)")


class Mailbox:
    """An EmailSender that keeps what it sends: `.sent` is a list of (to, subject, body)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, subject: str, body: str) -> None:
        self.sent.append((to, subject, body))


class Accounts:
    """`register(email, password)`, `verify(token)`, `login(email, password)` on one database
    session; `.mails` is what was e-mailed, `token_in(mail)` the link's token, `user(email)`
    the stored row."""

    def __init__(self, session) -> None:
        self.session = session
        self.mailbox = Mailbox()

    @property
    def mails(self) -> list[tuple[str, str, str]]:
        return list(self.mailbox.sent)

    @staticmethod
    def token_in(mail: tuple[str, str, str]) -> str:
        found = TOKEN.search(mail[2])
        if found is None:
            raise AssertionError(f"no verification link in {mail[2]!r}")
        return found.group(1)

    def user(self, email: str) -> UserRow | None:
        return self.session.scalar(select(UserRow).where(UserRow.email == email))

    def register(self, email: str, password: str) -> int:
        return accounts.register(self.session, self.mailbox, email, password)

    def verify(self, token: str) -> int:
        return accounts.verify(self.session, token)

    def login(self, email: str, password: str) -> str:
        return accounts.login(self.session, email, password)


Reference = Accounts


def provide_accounts(impl, request):
    """Fixture `accounts`: impl over the plugin's SAVEPOINT session on PostgreSQL (no users).
    Passwords are hashed with a test work factor: the check runs every test on every version."""
    db.create_schema(request.getfixturevalue("engine"))
    session = request.getfixturevalue("db_session")
    session.execute(delete(UserRow))
    with accounts.test_work_factor():
        yield impl(session)


class MailBeforeCommit(Accounts):
    """Bug: the verification e-mail goes out before the commit: a second registration of a
    taken address fails, yet its owner got a link."""

    def register(self, email: str, password: str) -> int:
        address = accounts.normalize_email(email)
        token = secrets.token_urlsafe(32)
        self.mailbox.send(address, "Please confirm", f"{accounts.VERIFY_LINK}{token}\n")
        user = UserRow(
            email=address,
            password_hash=accounts.hash_password(password),
            verification_token_hash=accounts.digest(token),
        )
        self.session.add(user)
        try:
            self.session.commit()
        except Exception:
            self.session.rollback()
            raise accounts.EmailTaken(f"{address} is registered already") from None
        return user.id


class LoginBeforeVerify(Accounts):
    """Bug: login never looks at `verified`: an unconfirmed address logs in."""

    def login(self, email: str, password: str) -> str:
        user = self.user(accounts.normalize_email(email))
        if user is None or not accounts.check_password(password, user.password_hash):
            raise InvalidCredentials("wrong e-mail or password")
        token = secrets.token_urlsafe(32)
        user.session_token_hash = accounts.digest(token)
        self.session.commit()
        return token


class TokenWorksTwice(Accounts):
    """Bug: verify() keeps the token: a leaked link verifies (and identifies) forever."""

    def verify(self, token: str) -> int:
        user = self.session.scalar(
            select(UserRow).where(UserRow.verification_token_hash == accounts.digest(token))
        )
        if user is None:
            raise InvalidToken("unknown or used verification token")
        user.verified = True
        self.session.commit()
        return user.id


class LoginIsCaseSensitive(Accounts):
    """Bug: registration stores the address lower-case, login looks it up as typed:
    'Ann@Example.com' registers, then cannot log in."""

    def login(self, email: str, password: str) -> str:
        user = self.user(email.strip())
        if user is None or not accounts.check_password(password, user.password_hash):
            raise InvalidCredentials("wrong e-mail or password")
        if not user.verified:
            raise NotVerified(f"{email} is not verified yet")
        token = secrets.token_urlsafe(32)
        user.session_token_hash = accounts.digest(token)
        self.session.commit()
        return token
