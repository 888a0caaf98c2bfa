"""Outgoing e-mail, and the development outbox where messages land instead of being sent.

Flask-Mailman (the Django e-mail API ported to Flask, maintained) rather than Flask-Mail: the
same code sends over SMTP in production and, chosen by MAIL_BACKEND alone, writes each message
to a file in development ("file"), keeps it in memory in tests ("locmem") or prints it
("console"). The development outbox page reads those files back so that a password reset can
be tried on a laptop with no mail server.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from flask_mailman import EmailMessage

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in one file of the file backend
OUTBOX_SIZE = 50


def send(to: str, subject: str, body: str) -> None:
    """Send one plain-text message (UTF-8) from the configured sender."""
    EmailMessage(subject, body, None, [to]).send()


def outbox_enabled() -> bool:
    """The development outbox: never in production, and only when mail goes to files."""
    config = current_app.config
    return config.get("ENV_NAME") != "production" and config.get("MAIL_BACKEND") == "file"


@dataclass
class OutboxMessage:
    name: str
    at: datetime
    to: str
    subject: str
    body: str


def outbox_messages() -> list[OutboxMessage]:
    """The newest messages written by the file backend, newest first."""
    folder = Path(current_app.config["MAIL_FILE_PATH"])
    files = sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)
    messages: list[OutboxMessage] = []
    for path in files[:OUTBOX_SIZE]:
        at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        for number, raw in enumerate(path.read_bytes().split(SEPARATOR)):
            if raw.strip():
                messages.append(_parse(f"{path.stem}-{number}", at, raw))
    return messages


def _parse(name: str, at: datetime, raw: bytes) -> OutboxMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    return OutboxMessage(
        name=name,
        at=at,
        to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")),
        body=body.get_content() if body is not None else "",
    )
