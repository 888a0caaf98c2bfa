"""The audit log: who did what, when, with the state before and after. Append-only.

Services call `record(...)` beside the change they make; the entry is flushed and committed
with it, so an action and its trace stand or fall together.
"""

from __future__ import annotations

import getpass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from contest.core.clock import utcnow
from contest.core.database.sqltypes import UTCDateTime
from contest.core.extensions import db

if TYPE_CHECKING:
    from contest.accounts.models import User


class AuditEntry(db.Model):
    """One staff action; rows are only ever inserted (a database trigger refuses the rest)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    before: Mapped[dict | None] = mapped_column(db.JSON)
    after: Mapped[dict | None] = mapped_column(db.JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    ip: Mapped[str | None] = mapped_column(String(45))
    # Who acted when no signed-in user did: the OS account and the command line of a CLI action.
    origin: Mapped[str | None] = mapped_column(String(200))

    actor: Mapped[User | None] = relationship("User")


def record(
    action: str,
    object_type: str,
    object_id: Any = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
    actor: User | None = None,
) -> AuditEntry:
    """Add an audit entry for the current (or given) actor; flushed with the caller's change."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user._get_current_object()
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        before=before,
        after=after,
        reason=reason,
        ip=request.remote_addr if has_request_context() else None,
        origin=None if has_request_context() else command_origin(),
    )
    db.session.add(entry)
    return entry


def command_origin() -> str | None:
    """ "root: flask users disable gk@example.vn" for the command running now (never a password)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return None
    words = [context.command_path]
    for name, value in context.params.items():
        if "password" in name or value in (None, False, "", ()):
            continue
        words.append(name if value is True else f"{name}={value}")
    return f"{_os_user()}: {' '.join(words)}"[:200]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "?"
