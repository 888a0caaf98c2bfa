"""Rounds on the API: organizers add, change, clone, close and publish; staff see live figures."""

from __future__ import annotations

from flask import jsonify, request

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import bp, document, json_body
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.rounds import contests, lifecycle, rounds
from contest.rounds.contests_api import WRITE_ERRORS
from contest.rounds.models import Round
from contest.rounds.schemas import round_json, signed_in_user
from contest.rounds.settings import TIE_BREAK_KEYS

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
    contests.visible_contest(round.contest_id, signed_in_user())
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
    round = lifecycle.close_round(rounds.get_round(round_id), utcnow())
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
    round = lifecycle.publish_results(rounds.get_round(round_id), utcnow())
    db.session.commit()
    return jsonify(round_json(round))
