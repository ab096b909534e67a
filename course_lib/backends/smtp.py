"""A real SMTP server for tests and lessons: aiosmtpd on 127.0.0.1, messages kept in memory.

    with SmtpServer() as smtp:               # listens on a free loopback port
        send_something(smtp.host, smtp.port)
        [mail] = smtp.messages               # ReceivedEmail: .to, .subject, .body, .message

Real SMTP, not a mock: the client really connects, speaks EHLO/MAIL/RCPT/DATA, and its bytes
are parsed back into an e-mail, so encoding and header bugs show. The server runs in aiosmtpd's
daemon thread; `stop()` (or leaving the `with`) closes it, and a killed process takes it along.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass
from email.message import EmailMessage

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedEmail:
    """One message as the server received it: the envelope and the parsed e-mail."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        text = part.get_content() if part is not None else ""
        return text.replace("\r\n", "\n")


class _Collector:
    """aiosmtpd handler: parse each DATA into a ReceivedEmail and keep it."""

    def __init__(self, messages: list[ReceivedEmail], lock: threading.Lock):
        self.messages = messages
        self.lock = lock

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(
                ReceivedEmail(envelope.mail_from, tuple(envelope.rcpt_tos), parsed)
            )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class SmtpServer:
    """aiosmtpd's Controller on loopback; `.messages` lists what arrived, oldest first."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller  # imported on use: no cost at import time

        self._lock = threading.Lock()
        self._messages: list[ReceivedEmail] = []
        self.host = HOST
        self.port = _free_port()
        self._controller = Controller(
            _Collector(self._messages, self._lock),
            hostname=HOST,
            port=self.port,
            ready_timeout=10.0,
            enable_SMTPUTF8=True,
        )
        self._controller.start()

    @property
    def messages(self) -> list[ReceivedEmail]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SmtpServer messages={len(self.messages)}>"
