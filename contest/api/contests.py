"""Contests and rounds on the API: organizers write, everyone reads what is published."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.access import ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.api import bp
from contest.api.schema import document, json_body
from contest.clock import utcnow
from contest.errors import InvalidInput
from contest.extensions import db
from contest.i18n import display_zone
from contest.models import Contest, Round
from contest.services import contests, rounds
from contest.services.dashboard import round_dashboard
from contest.services.round_settings import TIE_BREAK_KEYS

MAX_PER_PAGE = 200


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam time, with its +07:00 offset."""
    return value.astimezone(display_zone()).isoformat() if value else None


def _user():
    return current_user if current_user.is_authenticated else None


def _is_staff() -> bool:
    return current_user.is_authenticated and current_user.is_staff


def round_json(round: Round, now: datetime | None = None, *, single: bool = True) -> dict[str, Any]:
    """A round with every setting; for staff also the fixed list and (single round) `frozen`."""
    settings = rounds.round_settings(round)
    body = {
        "id": round.id,
        "contest_id": round.contest_id,
        **{k: v for k, v in settings.items() if k not in ("opens_at", "closes_at", "question_ids")},
        "opens_at": iso(round.opens_at),
        "closes_at": iso(round.closes_at),
        "question_count": round.question_count,
        "state": round.state_at(now or utcnow()).value,
        "closed_early_at": iso(round.closed_early_at),
        "results_published_at": iso(round.results_published_at),
        "question_source": "fixed" if round.fixed_questions else "blueprint",
    }
    if _is_staff():
        body["question_ids"] = settings["question_ids"]
        if single:
            body["frozen"] = rounds.is_frozen(round)
    return body


def contest_json(contest: Contest, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    return {
        "id": contest.id,
        "slug": contest.slug,
        "title": contest.title,
        "description": contest.description,
        "rules": contest.rules,
        "organizing_unit": contest.organizing_unit,
        "status": contest.status.value,
        "min_age": contest.min_age,
        "required_fields": list(contest.required_fields or []),
        "ranking_mode": contest.ranking_mode.value,
        "banner_url": f"/api/v1/contests/{contest.id}/banner" if contest.banner_path else None,
        "groups": [{"id": g.id, "name": g.name, "eligible": g.eligible} for g in contest.groups],
        "rounds": [round_json(r, now, single=False) for r in contest.rounds],
        "created_at": iso(contest.created_at),
    }


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
TIME = {"type": "string", "format": "date-time", "description": "any offset; naive = Vietnam time"}
ROUND_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "opens_at": TIME,
        "closes_at": TIME,
        "time_limit_seconds": {"type": "integer", "minimum": 1},
        "blueprint": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["topic", "count"],
                "properties": {
                    "topic": {"type": ["string", "integer"], "description": "name or id"},
                    "difficulty": {
                        "type": ["string", "null"],
                        "enum": ["easy", "medium", "hard", None],
                    },
                    "count": {"type": "integer", "minimum": 1},
                },
            },
        },
        "question_ids": {"type": "array", "items": {"type": "integer"}},
        "shuffle_questions": {"type": "boolean"},
        "shuffle_options": {"type": "boolean"},
        "points_per_question": {"type": "number"},
        "points_by_difficulty": {"type": ["object", "null"]},
        "multi_choice_scoring": {"type": "string", "enum": ["all_or_nothing", "partial"]},
        "max_attempts": {"type": "integer", "minimum": 1},
        "cooldown_seconds": {"type": "integer", "minimum": 0},
        "counted_attempt": {"type": "string", "enum": ["best", "first", "last"]},
        "prediction_question": {"type": ["string", "null"]},
        "prediction_target": {
            "type": ["string", "null"],
            "enum": ["attempts", "candidates", "perfect_candidates", "perfect_attempts", None],
        },
        "tie_break": {"type": "array", "items": {"enum": list(TIE_BREAK_KEYS)}},
        "review_policy": {"type": "string", "enum": ["never", "score_only", "after_close"]},
        "auto_publish": {"type": "boolean"},
        "leaderboard_visibility": {"type": "string", "enum": ["public", "candidates", "judges"]},
        "leaderboard_freeze_hours": {"type": "integer", "minimum": 0},
        "display_mode": {"type": "string", "enum": ["one_per_page", "all_on_page"]},
        "reason": {"type": "string", "description": "required to move closes_at once frozen"},
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
        contests.contests_query(include_drafts=_is_staff()),
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
    return jsonify(contest_json(contests.visible_contest(contest_id, _user())))


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
    path, mimetype = contests.banner_file(contests.visible_contest(contest_id, _user()))
    return send_file(path, mimetype=mimetype, max_age=3600)


document(
    "/contests/{contest_id}/rounds",
    "post",
    "Add a round (blueprint or fixed question list)",
    roles="organizer, admin",
    request_schema={
        **ROUND_SCHEMA,
        "required": ["name", "opens_at", "closes_at", "time_limit_seconds"],
    },
    responses={
        201: "The round",
        400: "Invalid fields, or blueprint_unsatisfiable with details.cells",
        401: "Not signed in",
        403: "Not an organizer",
        404: "Not found",
    },
)


@bp.post("/contests/<int:contest_id>/rounds")
@roles_required(*ORGANIZER_ROLES)
def create_round(contest_id: int):
    round = rounds.create_round(contests.get_contest(contest_id), json_body())
    db.session.commit()
    return jsonify(round_json(round)), 201


def _visible_round(round_id: int) -> Round:
    round = rounds.get_round(round_id)
    contests.visible_contest(round.contest_id, _user())
    return round


document(
    "/rounds/{round_id}",
    "get",
    "One round with every setting",
    roles="anyone (drafts: staff)",
    responses={200: "The round", 404: "Not found"},
)


@bp.get("/rounds/<int:round_id>")
def get_round(round_id: int):
    return jsonify(round_json(_visible_round(round_id)))


document(
    "/rounds/{round_id}",
    "patch",
    "Change a round's settings (frozen once started)",
    roles="organizer, admin",
    request_schema=ROUND_SCHEMA,
    responses={200: "The round", **WRITE_ERRORS, 409: "round_frozen"},
)


@bp.patch("/rounds/<int:round_id>")
@roles_required(*ORGANIZER_ROLES)
def update_round(round_id: int):
    body = json_body()
    reason = body.pop("reason", None)
    round = rounds.update_round(
        rounds.get_round(round_id), body, reason=reason if isinstance(reason, str) else None
    )
    db.session.commit()
    return jsonify(round_json(round))


document(
    "/rounds/{round_id}/clone",
    "post",
    "Copy a round's settings and questions, with new dates",
    roles="organizer, admin",
    request_schema={
        "type": "object",
        "properties": {"name": {"type": "string"}, "opens_at": TIME, "closes_at": TIME},
    },
    responses={201: "The new round", **WRITE_ERRORS},
)


@bp.post("/rounds/<int:round_id>/clone")
@roles_required(*ORGANIZER_ROLES)
def clone_round(round_id: int):
    body = request.get_json(silent=True) or {}
    round = rounds.clone_round(rounds.get_round(round_id), body if isinstance(body, dict) else {})
    db.session.commit()
    return jsonify(round_json(round)), 201


document(
    "/rounds/{round_id}/close",
    "post",
    "End an open round now",
    roles="organizer, admin",
    responses={
        200: "The round",
        401: "Not signed in",
        403: "Not an organizer",
        404: "Not found",
        409: "round_not_open",
    },
)


@bp.post("/rounds/<int:round_id>/close")
@roles_required(*ORGANIZER_ROLES)
def close_round(round_id: int):
    round = rounds.close_round(rounds.get_round(round_id), utcnow())
    db.session.commit()
    return jsonify(round_json(round))


document(
    "/rounds/{round_id}/publish",
    "post",
    "Publish a closed round's results",
    roles="organizer, admin",
    responses={
        200: "The round",
        401: "Not signed in",
        403: "Not an organizer",
        404: "Not found",
        409: "round_not_closed or already_published",
    },
)


@bp.post("/rounds/<int:round_id>/publish")
@roles_required(*ORGANIZER_ROLES)
def publish_round(round_id: int):
    round = rounds.publish_results(rounds.get_round(round_id), utcnow())
    db.session.commit()
    return jsonify(round_json(round))


document(
    "/rounds/{round_id}/dashboard",
    "get",
    "Live figures of a round",
    roles="organizer, judge, admin",
    responses={
        200: "Counts, average, histogram, participation, attempts per hour",
        401: "Not signed in",
        403: "Not staff",
        404: "Not found",
    },
)


@bp.get("/rounds/<int:round_id>/dashboard")
@roles_required(*RESULTS_ROLES)
def round_dashboard_json(round_id: int):
    now = utcnow()
    board = round_dashboard(rounds.get_round(round_id), now)

    def rows(items):
        return [
            {
                "name": p.name,
                "candidates": p.candidates,
                "attempts": p.attempts,
                "headcount": p.headcount,
                "rate": p.rate,
            }
            for p in items
        ]

    return jsonify(
        round_id=round_id,
        generated_at=iso(now),
        attempts={
            "in_progress": board.in_progress,
            "submitted": board.submitted,
            "expired": board.expired,
            "total": board.attempts,
        },
        candidates=board.candidates,
        average_score=board.average_score,
        max_score=board.max_score,
        histogram=[{"from": lo, "to": hi, "attempts": n} for lo, hi, n in board.histogram],
        by_unit=rows(board.by_unit),
        by_locality=rows(board.by_locality),
        per_hour=[{"hour": iso(h), "attempts": n} for h, n in board.per_hour],
    )
