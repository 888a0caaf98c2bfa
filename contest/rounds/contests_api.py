"""Contests on the API: organizers write, everyone reads what is published."""

from __future__ import annotations

from flask import jsonify, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import bp, document, json_body
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.rounds import banners, contests
from contest.rounds.schemas import contest_json, is_staff, signed_in_user

MAX_PER_PAGE = 200


def _page_args() -> tuple[int, int]:
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 50))
    except ValueError:
        raise InvalidInput(_l("page và per_page phải là số nguyên.")) from None
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidInput(_l("page ≥ 1 và per_page từ 1 đến %(n)s.", n=MAX_PER_PAGE))
    return page, per_page


CONTEST_SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string"},
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "description": {"type": "string"},
        "rules": {"type": "string", "description": "Markdown"},
        "organizing_unit": {"type": "string"},
        "status": {"type": "string", "enum": ["draft", "published", "archived"]},
        "min_age": {"type": ["integer", "null"]},
        "required_fields": {"type": "array", "items": {"enum": list(contests.REGISTRATION_FIELDS)}},
        "ranking_mode": {"type": "string", "enum": ["sum", "best"]},
    },
}
WRITE_ERRORS = {
    400: "Invalid fields",
    401: "Not signed in",
    403: "Not an organizer",
    404: "Not found",
}

document(
    "/contests",
    "post",
    "Create a contest",
    roles="organizer, admin",
    request_schema={**CONTEST_SCHEMA, "required": ["title"]},
    responses={
        201: "The contest",
        400: "Invalid fields",
        401: "Not signed in",
        403: "Not an organizer",
    },
)


@bp.post("/contests")
@roles_required(*ORGANIZER_ROLES)
def create_contest():
    contest = contests.create_contest(json_body(), created_by=current_user)
    db.session.commit()
    return jsonify(contest_json(contest)), 201


document(
    "/contests",
    "get",
    "Contests with their rounds (staff also see drafts), paged",
    roles="anyone",
    responses={200: "A page of contests", 400: "Bad paging"},
)


@bp.get("/contests")
def list_contests():
    page, per_page = _page_args()
    result = db.paginate(
        contests.contests_query(include_drafts=is_staff()),
        page=page,
        per_page=per_page,
        error_out=False,
        count=True,
    )
    now = utcnow()
    return jsonify(
        items=[contest_json(c, now) for c in result.items],
        total=result.total,
        page=page,
        per_page=per_page,
    )


document(
    "/contests/{contest_id}",
    "get",
    "One contest with its rounds",
    roles="anyone (drafts: staff)",
    responses={200: "The contest", 404: "Not found"},
)


@bp.get("/contests/<int:contest_id>")
def get_contest(contest_id: int):
    return jsonify(contest_json(contests.visible_contest(contest_id, signed_in_user())))


document(
    "/contests/{contest_id}",
    "patch",
    "Change a contest",
    roles="organizer, admin",
    request_schema=CONTEST_SCHEMA,
    responses={200: "The contest", **WRITE_ERRORS},
)


@bp.patch("/contests/<int:contest_id>")
@roles_required(*ORGANIZER_ROLES)
def update_contest(contest_id: int):
    contest = contests.update_contest(contests.get_contest(contest_id), json_body())
    db.session.commit()
    return jsonify(contest_json(contest))


document(
    "/contests/{contest_id}/banner",
    "get",
    "The contest's banner image",
    roles="anyone (drafts: staff)",
    responses={200: "PNG, JPEG or WebP", 404: "No banner"},
)


@bp.get("/contests/<int:contest_id>/banner")
def contest_banner(contest_id: int):
    path, mimetype = banners.banner_file(contests.visible_contest(contest_id, signed_in_user()))
    return send_file(path, mimetype=mimetype, max_age=3600)
