"""Reading the audit log: the admin's filters, and the log as a table for the .xlsx export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased, joinedload

from contest.accounts.models import User
from contest.core.audit import AuditEntry
from contest.core.audit.text import readable
from contest.core.export_writer import Cell
from contest.core.extensions import db
from contest.core.i18n import local_to_utc

FILTERS = ("q", "action", "object_type", "object_id", "actor", "date_from", "date_to")
EXPORT_LIMIT = 100_000
HEADERS = [
    _l("Thời điểm"),
    _l("Người thực hiện"),
    _l("Thao tác"),
    _l("Đối tượng"),
    _l("Trường"),
    _l("Trước"),
    _l("Sau"),
    _l("Lý do"),
    _l("Mã thao tác"),
]


def read_filters(args) -> dict[str, str]:
    return {name: (args.get(name) or "").strip()[:200] for name in FILTERS}


def filtered_entries(filters: dict[str, str]) -> Select:
    """The log, newest first, narrowed by free text, action (or a "rounds." family), object,
    actor and local dates; a date that cannot be read is dropped from `filters`."""
    query = select(AuditEntry).options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc())
    actor = aliased(User)
    if filters["q"] or filters["actor"]:
        query = query.outerjoin(actor, AuditEntry.actor_id == actor.id)
    if filters["q"]:
        like = f"%{filters['q']}%"
        query = query.where(
            or_(
                AuditEntry.action.ilike(like),
                AuditEntry.object_type.ilike(like),
                actor.email.ilike(like),
                actor.full_name.ilike(like),
                AuditEntry.origin.ilike(like),
                AuditEntry.reason.ilike(like),
            )
        )
    if action := filters["action"]:
        if action.endswith("."):
            query = query.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            query = query.where(AuditEntry.action == action)
    if filters["object_type"]:
        query = query.where(AuditEntry.object_type == filters["object_type"])
    if filters["object_id"]:
        query = query.where(AuditEntry.object_id == filters["object_id"])
    if filters["actor"]:
        like = f"%{filters['actor']}%"
        query = query.where(
            or_(actor.email.ilike(like), actor.full_name.ilike(like), AuditEntry.origin.ilike(like))
        )
    for name, edge in (("date_from", 0), ("date_to", 1)):
        day = local_day(filters[name])
        if day is None:
            filters[name] = ""
            continue
        bound = local_to_utc(datetime.combine(day, time())) + timedelta(days=edge)
        query = query.where(AuditEntry.at >= bound if edge == 0 else AuditEntry.at < bound)
    return query


def local_day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD (date input) or dd/mm/yyyy; None when blank or unreadable."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def known_codes() -> tuple[list[str], list[str]]:
    """The actions and object types present in the log (for the filter's choices)."""
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    objects = db.session.scalars(
        select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
    )
    return list(actions), list(objects)


def export_rows(entries: Iterable[AuditEntry]) -> Iterator[list[Cell]]:
    """One line per changed field (an entry without fields is one line), in plain Vietnamese."""
    for entry in entries:
        text = readable(entry)
        lines = text.changes or [None]
        for change in lines:
            yield [
                text.at,
                text.actor,
                text.action,
                text.object,
                change.label if change else "",
                change.before if change else "",
                change.after if change else "",
                text.reason,
                entry.action,
            ]
