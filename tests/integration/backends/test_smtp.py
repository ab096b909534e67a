"""The course's SMTP server (aiosmtpd on loopback): receives real SMTP, parses it back into an
e-mail, and leaves no port or thread behind."""

from __future__ import annotations

import smtplib
import socket
import threading
from email.message import EmailMessage

import pytest

from course_lib.backends.smtp import SmtpServer

pytestmark = pytest.mark.integration


def _send(server, subject="Hi", body="Hello\n", to="ann@example.com"):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "shop@shop.example", to, subject
    message.set_content(body)
    with smtplib.SMTP(server.host, server.port, timeout=5) as smtp:
        smtp.send_message(message)


def test_listens_on_loopback_and_keeps_messages_in_order(smtp_server):
    assert smtp_server.host == "127.0.0.1"
    _send(smtp_server, subject="first")
    _send(smtp_server, subject="second", to="bob@example.com")
    messages = smtp_server.messages
    assert [m.subject for m in messages] == ["first", "second"]
    assert messages[1].rcpt_tos == ("bob@example.com",) and messages[1].to == "bob@example.com"
    assert messages[0].mail_from == "shop@shop.example"


def test_non_ascii_text_arrives_intact(smtp_server):
    _send(smtp_server, subject="Grüße", body="Olá — São Paulo\n")
    [mail] = smtp_server.messages
    assert mail.subject == "Grüße" and mail.body == "Olá — São Paulo\n"


def test_clear_forgets_messages(smtp_server):
    _send(smtp_server)
    smtp_server.clear()
    assert smtp_server.messages == []


def test_stop_closes_the_port_and_the_thread():
    before = set(threading.enumerate())
    server = SmtpServer()
    port = server.port
    server.stop()
    server.stop()  # idempotent
    assert set(threading.enumerate()) <= before
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
