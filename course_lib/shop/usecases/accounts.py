"""Registration, e-mail verification and login.

Why it looks like this: the user row is COMMITTED before the verification e-mail goes out (an
e-mail for an account that a failed commit never created cannot be taken back); the mail goes
through an injected `EmailSender`, so tests can hand in a real SMTP client or a fake. Passwords
are stored as a salted scrypt hash (a slow KDF from the standard library, never `hash()`), and
tokens (from `secrets`) only as SHA-256 digests, so a leaked table opens no account.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from course_lib.shop.db import UserRow
from course_lib.shop.errors import Duplicate, InvalidInput, ShopError

VERIFY_LINK = "https://shop.example/verify?token="
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}  # ~16 MiB, tens of ms per hash


class EmailSender(Protocol):
    """Anything that can deliver an e-mail: the SMTP client, a test fake."""

    def send(self, to: str, subject: str, body: str) -> None: ...


class EmailTaken(Duplicate):
    """An account with this e-mail address exists already."""


class InvalidCredentials(ShopError):
    """Unknown e-mail or wrong password (one error for both: no account enumeration)."""


class NotVerified(ShopError):
    """The password is right, but the e-mail address has not been verified yet."""


class InvalidToken(ShopError):
    """The verification token is unknown, or was used already."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$<salt hex>$<key hex>' with a fresh 16-byte salt per user."""
    salt = secrets.token_bytes(16) if salt is None else salt
    key = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${key.hex()}"


@contextmanager
def test_work_factor(n: int = 2**10) -> Iterator[None]:
    """For tests only: scrypt with a lower cost `n` (2**10: about a millisecond, not tens) while
    the block runs, as Django's test settings swap in a fast hasher. The hashes keep their
    format; a hash made inside verifies only inside. Slow by design is right for users and
    wrong for a suite that registers a user in every test."""
    saved = _SCRYPT["n"]
    _SCRYPT["n"] = n
    try:
        yield
    finally:
        _SCRYPT["n"] = saved


test_work_factor.__test__ = False  # a helper for tests, not a test pytest should collect


def check_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored`; compared in constant time."""
    scheme, salt_hex, _key = stored.split("$")
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(hash_password(password, bytes.fromhex(salt_hex)), stored)


def digest(token: str) -> str:
    """What the database keeps of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(email: str) -> str:
    """'  Ann@Example.COM ' -> 'ann@example.com'; InvalidInput for what is no address."""
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or " " in cleaned or len(cleaned) > 254:
        raise InvalidInput(f"not an e-mail address: {email!r}")
    return cleaned


def register(session: Session, sender: EmailSender, email: str, password: str) -> int:
    """Create an unverified user, commit, THEN e-mail the verification link; the new id."""
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters")
    address = normalize_email(email)
    token = secrets.token_urlsafe(32)
    user = UserRow(
        email=address,
        password_hash=hash_password(password),
        verification_token_hash=digest(token),
    )
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise EmailTaken(f"{address} is registered already") from None
    sender.send(
        address,
        "Please confirm your e-mail address",
        f"Welcome to the shop — please confirm your address:\n{VERIFY_LINK}{token}\n",
    )
    return user.id


def verify(session: Session, token: str) -> int:
    """Mark the user holding `token` verified (the token works once); their id."""
    user = session.scalar(select(UserRow).where(UserRow.verification_token_hash == digest(token)))
    if user is None:
        raise InvalidToken("unknown or used verification token")
    user.verified = True
    user.verification_token_hash = None
    session.commit()
    return user.id


def login(session: Session, email: str, password: str) -> str:
    """A new session token for a verified user with the right password."""
    try:
        address = normalize_email(email)
    except InvalidInput:
        raise InvalidCredentials("wrong e-mail or password") from None
    user = session.scalar(select(UserRow).where(UserRow.email == address))
    if user is None or not check_password(password, user.password_hash):
        raise InvalidCredentials("wrong e-mail or password")
    if not user.verified:
        raise NotVerified(f"{address} is not verified yet: follow the link in the e-mail")
    token = secrets.token_urlsafe(32)
    user.session_token_hash = digest(token)
    session.commit()
    return token


def user_for_session(session: Session, token: str) -> int | None:
    """The id of the user a session token belongs to, or None."""
    return session.scalar(select(UserRow.id).where(UserRow.session_token_hash == digest(token)))
