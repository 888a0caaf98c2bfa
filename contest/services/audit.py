"""Recording staff actions in the append-only audit log."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from contest.extensions import db
from contest.models import AuditEntry, User


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
    )
    db.session.add(entry)
    return entry
