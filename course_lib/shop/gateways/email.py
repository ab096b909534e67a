"""Sending e-mail over SMTP (implements usecases.accounts.EmailSender).

Host and port are injected, so a test points the sender at the course's local SMTP server; every
connection has a timeout, so a mail server that hangs cannot hang a registration. The message
is built with `email.message.EmailMessage`, which encodes non-ASCII names and text correctly
(`smtplib.SMTP.sendmail()` with a plain `str` accepts ASCII only).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage


class SmtpEmailSender:
    """One SMTP connection per e-mail: simple, and nothing to keep alive between sends."""

    def __init__(
        self, host: str, port: int, *, sender: str = "shop@shop.example", timeout: float = 5.0
    ):
        self.host = host
        self.port = port
        self.sender = sender
        self.timeout = timeout

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)
