"""Contests on the API: organizers write, everyone reads what is published."""

from __future__ import annotations

import io

from flask import send_file
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import binary_response
from contest.core.api.schemas import PageArgs, page_of
from contest.core.extensions import db
from contest.rounds import banners, contests
from contest.rounds.api import bp
from contest.rounds.schemas.requests import ContestBodySchema, NewContestSchema
from contest.rounds.schemas.responses import ContestSchema
from contest.rounds.schemas.visitor import is_staff, signed_in_user


@bp.post("/contests")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(NewContestSchema)
@bp.response(201, ContestSchema)
def create_contest(body: dict):
    """Create a contest (its slug comes from the title when not given).

    Roles: organizer, admin.
    """
    return contests.create_contest(body, created_by=current_user)


@bp.get("/contests")
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(ContestSchema))
def list_contests(paging: dict):
    """Contests with their rounds, newest first, paged (staff also see drafts).

    Roles: anyone.
    """
    result = db.paginate(
        contests.contests_query(include_drafts=is_staff()),
        page=paging["page"],
        per_page=paging["per_page"],
        error_out=False,
        count=True,
    )
    return {"items": result.items, "total": result.total, **paging}


@bp.get("/contests/<int:contest_id>")
@bp.response(200, ContestSchema)
@bp.errors({404: "not_found (also a draft, for all but staff)"})
def get_contest(contest_id: int):
    """One contest with its rounds.

    Roles: anyone (drafts: staff).
    """
    return contests.visible_contest(contest_id, signed_in_user())


@bp.patch("/contests/<int:contest_id>")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(ContestBodySchema)
@bp.response(200, ContestSchema)
@bp.errors({404: "not_found"})
def update_contest(body: dict, contest_id: int):
    """Change a contest's fields (those given).

    Roles: organizer, admin.
    """
    return contests.update_contest(contests.get_contest(contest_id), body)


@bp.get("/contests/<int:contest_id>/banner")
@bp.response(200, description="PNG, JPEG or WebP", **binary_response("image/*"))
@bp.errors({404: "not_found: no such contest, or it has no banner"})
def contest_banner(contest_id: int):
    """The contest's banner image.

    Roles: anyone (drafts: staff).
    """
    contest = contests.visible_contest(contest_id, signed_in_user())
    data, mimetype = banners.banner_file(contest)
    return send_file(io.BytesIO(data), mimetype=mimetype, max_age=3600)
