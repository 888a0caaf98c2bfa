"""Write and read announcements; every change is audited. Services flush, the request commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from contest.accounts.models import User
from contest.announcements.models import Announcement
from contest.core import audit
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds.models import Contest
from contest.rounds.settings import FieldError, parse_bool, parse_time

TITLE_MAX = 200
BODY_MAX = 20_000
FIELDS = ("title", "body", "published_at", "pinned", "hidden")


def public_query(contest: Contest, now: datetime | None = None) -> Select:
    """What the public sees: published, not hidden; pinned first, then newest first."""
    return (
        select(Announcement)
        .where(
            Announcement.contest_id == contest.id,
            Announcement.hidden.is_(False),
            Announcement.published_at <= (now or utcnow()),
        )
        .order_by(Announcement.pinned.desc(), Announcement.published_at.desc(), Announcement.id)
    )


def all_query(contest: Contest) -> Select:
    """Every announcement of the contest, for its organizers: newest first."""
    return (
        select(Announcement)
        .where(Announcement.contest_id == contest.id)
        .order_by(Announcement.published_at.desc(), Announcement.id.desc())
    )


def public_announcements(contest: Contest, limit: int | None = None) -> list[Announcement]:
    return list(db.session.scalars(public_query(contest).limit(limit)))


def get_announcement(contest: Contest, announcement_id: int) -> Announcement:
    """The contest's announcement, else 404 (also one of another contest)."""
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is None or announcement.contest_id != contest.id:
        raise NotFound()
    return announcement


def create(contest: Contest, data: dict[str, Any], actor: User | None) -> Announcement:
    """A new announcement; published now unless published_at says otherwise."""
    values = _parse({"title": "", "body": "", **data}, require_title=True)
    announcement = Announcement(
        contest_id=contest.id, created_by_id=actor.id if actor else None, **values
    )
    if announcement.published_at is None:
        announcement.published_at = utcnow()
    db.session.add(announcement)
    db.session.flush()
    audit.record(
        "announcements.create", "announcement", announcement.id, after=_state(announcement)
    )
    return announcement


def update(announcement: Announcement, data: dict[str, Any]) -> Announcement:
    """Change the fields given; the audit entry holds only what changed."""
    values = _parse(data, require_title="title" in data)
    before = _state(announcement)
    for name, value in values.items():
        setattr(announcement, name, value)
    announcement.updated_at = utcnow()
    db.session.flush()
    after = _state(announcement)
    changed = [name for name in after if after[name] != before[name]]
    if changed:
        audit.record(
            "announcements.update",
            "announcement",
            announcement.id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return announcement


def delete(announcement: Announcement) -> None:
    audit.record(
        "announcements.delete", "announcement", announcement.id, before=_state(announcement)
    )
    db.session.delete(announcement)
    db.session.flush()


def _parse(data: dict[str, Any], *, require_title: bool) -> dict[str, Any]:
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if "title" in data:
        title = str(data["title"] or "").strip()
        if not title and require_title:
            errors["title"] = str(_l("Vui lòng nhập tiêu đề thông báo."))
        elif len(title) > TITLE_MAX:
            errors["title"] = str(_l("Tiêu đề dài quá %(n)s ký tự.", n=TITLE_MAX))
        values["title"] = title
    if "body" in data:
        body = str(data["body"] or "").strip()
        if len(body) > BODY_MAX:
            errors["body"] = str(_l("Nội dung dài quá %(n)s ký tự.", n=BODY_MAX))
        values["body"] = body
    for name, parse in (
        ("published_at", parse_time),
        ("pinned", parse_bool),
        ("hidden", parse_bool),
    ):
        if name in data and data[name] not in (None, ""):
            try:
                values[name] = parse(data[name])
            except FieldError as error:
                errors[name] = str(error)
    if errors:
        raise InvalidInput.for_fields(errors)
    return values


def _state(announcement: Announcement) -> dict[str, Any]:
    return {
        "contest_id": announcement.contest_id,
        "title": announcement.title,
        "body": announcement.body,
        "published_at": announcement.published_at.isoformat(),
        "pinned": announcement.pinned,
        "hidden": announcement.hidden,
    }
