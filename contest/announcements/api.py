"""Announcements on the API: everyone reads what is public, organizers write."""

from __future__ import annotations

from flask_login import current_user

from contest.announcements import services
from contest.announcements.schemas import (
    AnnouncementChangeSchema,
    AnnouncementSchema,
    NewAnnouncementSchema,
)
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.core.api.schemas import PageArgs, page_of
from contest.core.extensions import db
from contest.rounds.contests import get_contest, visible_contest

bp = ApiBlueprint("announcements", __name__, "Announcements on a contest's page")
NO_CONTEST = {404: "not_found: no such contest (or a draft, for all but staff)"}
NO_ANNOUNCEMENT = {404: "not_found: no such announcement in this contest"}


def _organizer() -> bool:
    return current_user.is_authenticated and current_user.role in ORGANIZER_ROLES


@bp.get("/contests/<int:contest_id>/announcements")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(AnnouncementSchema))
@bp.errors(NO_CONTEST)
def list_announcements(paging: dict, contest_id: int):
    """The contest's announcements: pinned first, then newest first.

    Roles: anyone sees the published ones; organizers and admins see hidden and scheduled ones too.
    """
    user = current_user if current_user.is_authenticated else None
    contest = visible_contest(contest_id, user)
    query = services.all_query(contest) if _organizer() else services.public_query(contest)
    result = db.paginate(
        query, page=paging["page"], per_page=paging["per_page"], error_out=False, count=True
    )
    return {"items": result.items, "total": result.total, **paging}


@bp.post("/contests/<int:contest_id>/announcements")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(NewAnnouncementSchema)
@bp.response(201, AnnouncementSchema)
@bp.errors(NO_CONTEST)
def create_announcement(body: dict, contest_id: int):
    """Post an announcement (audited).

    Roles: organizer, admin.
    """
    return services.create(get_contest(contest_id), body, current_user)


@bp.patch("/contests/<int:contest_id>/announcements/<int:announcement_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(AnnouncementChangeSchema)
@bp.response(200, AnnouncementSchema)
@bp.errors(NO_ANNOUNCEMENT)
def update_announcement(body: dict, contest_id: int, announcement_id: int):
    """Edit, pin or hide an announcement (audited).

    Roles: organizer, admin.
    """
    announcement = services.get_announcement(get_contest(contest_id), announcement_id)
    return services.update(announcement, body)


@bp.delete("/contests/<int:contest_id>/announcements/<int:announcement_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.response(204)
@bp.errors(NO_ANNOUNCEMENT)
def delete_announcement(contest_id: int, announcement_id: int):
    """Delete an announcement (audited; hiding keeps it instead).

    Roles: organizer, admin.
    """
    services.delete(services.get_announcement(get_contest(contest_id), announcement_id))
