"""A real SMTP server on loopback for the mail tests (aiosmtpd), and the settings that
point Django's SMTP backend at it.

Use the ``smtp_server`` fixture (import it into the test module or a conftest). Without
aiosmtpd installed the tests that use it are skipped with the reason.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest

SKIP_REASON = (
    "aiosmtpd is not installed: the notification mails are tested against a real SMTP "
    "server on loopback, which requirements.lock must provide (aiosmtpd)"
)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        # Django folds an encoded subject onto a continuation line; readers unfold it.
        return str(self.message["subject"]).strip()

    @property
    def body(self) -> str:
        return str(self.message.get_content())


@dataclass
class _Collector:
    """aiosmtpd handler: keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    """The running server: ``messages`` it received; ``stop()`` to make sending fail,
    ``start()`` to run it again (on a new port, with the settings updated)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.handler = _Collector()
        self.controller: Any = None

    @property
    def messages(self) -> list[Received]:
        return self.handler.received

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        port = _free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=port)
        self.controller.start()
        self.settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        self.settings.EMAIL_HOST = "127.0.0.1"
        self.settings.EMAIL_PORT = port
        self.settings.EMAIL_USE_TLS = False
        self.settings.EMAIL_USE_SSL = False
        self.settings.EMAIL_HOST_USER = ""
        self.settings.EMAIL_HOST_PASSWORD = ""
        self.settings.EMAIL_TIMEOUT = 5

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpServer]:
    pytest.importorskip("aiosmtpd.controller", reason=SKIP_REASON)
    settings.STYRBAR_BASE_URL = "https://styrbar.eksempel.invalid"
    settings.DEFAULT_FROM_EMAIL = "styrbar@eksempel.invalid"
    server = SmtpServer(settings)
    server.start()
    try:
        yield server
    finally:
        server.stop()
