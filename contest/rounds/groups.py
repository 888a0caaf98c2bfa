"""Participant groups of a contest (cán bộ công chức, học sinh sinh viên…) that candidates join."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.core import audit
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds.models import Contest, ParticipantGroup, Participation


def _group_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 120:
        raise InvalidInput.for_fields(
            {"name": str(_l("Vui lòng nhập tên đối tượng (tối đa 120 ký tự)."))}
        )
    return name


def _check_group_name(contest: Contest, name: str, group_id: int | None = None) -> None:
    if any(g.name == name and g.id != group_id for g in contest.groups):
        raise InvalidInput.for_fields(
            {"name": str(_l("Đối tượng “%(n)s” đã có trong cuộc thi.", n=name))}
        )


def add_group(contest: Contest, name: str, eligible: bool = True) -> ParticipantGroup:
    """Add a participant group (cán bộ công chức, học sinh sinh viên…) at the end of the list."""
    name = _group_name(name)
    _check_group_name(contest, name)
    position = max((g.position for g in contest.groups), default=-1) + 1
    group = ParticipantGroup(contest=contest, name=name, eligible=eligible, position=position)
    db.session.add(group)
    db.session.flush()
    audit.record(
        "groups.create",
        "participant_group",
        group.id,
        after={"contest_id": contest.id, "name": name, "eligible": eligible},
    )
    return group


def get_group(contest: Contest, group_id: int) -> ParticipantGroup:
    group = db.session.get(ParticipantGroup, group_id)
    if group is None or group.contest_id != contest.id:
        raise NotFound()
    return group


def update_group(group: ParticipantGroup, name: str, eligible: bool) -> ParticipantGroup:
    name = _group_name(name)
    _check_group_name(group.contest, name, group.id)
    before = {"name": group.name, "eligible": group.eligible}
    group.name, group.eligible = name, eligible
    after = {"name": group.name, "eligible": group.eligible}
    if after != before:
        audit.record("groups.update", "participant_group", group.id, before=before, after=after)
    return group


def delete_group(group: ParticipantGroup) -> None:
    """Remove a group nobody has chosen yet (otherwise mark it not eligible instead)."""
    used = db.session.scalar(
        select(func.count()).select_from(Participation).where(Participation.group_id == group.id)
    )
    if used:
        raise Conflict(
            _l(
                "Đã có %(n)s thí sinh thuộc đối tượng này; hãy bỏ chọn “được dự thi” thay vì xoá.",
                n=used,
            ),
            code="group_in_use",
        )
    audit.record(
        "groups.delete",
        "participant_group",
        group.id,
        before={"contest_id": group.contest_id, "name": group.name, "eligible": group.eligible},
    )
    group.contest.groups.remove(group)
    db.session.delete(group)
    db.session.flush()
