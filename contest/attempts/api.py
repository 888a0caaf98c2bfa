"""API routes: attempts (see docs/API.md). Candidates only; another candidate's attempt is a 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.attempts import answers, lobby, start, submission
from contest.attempts.grading import effective_deadline
from contest.attempts.models import Attempt
from contest.attempts.own_attempts import load_own_attempt, user_attempts
from contest.attempts.start import Client
from contest.core import limits
from contest.core.access import Role, roles_required
from contest.core.api import bp, document, json_body
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db, limiter
from contest.ranking import results
from contest.rounds.models import Contest, ContestStatus


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="milliseconds") if value else None


def attempt_json(attempt: Attempt, now: datetime) -> dict[str, Any]:
    """The attempt as the candidate may see it: questions and saved answers, never the key."""
    items = answers.sheet(attempt)
    return {
        "id": attempt.id,
        "round_id": attempt.round_id,
        "number": attempt.number,
        "status": attempt.status.value,
        "started_at": iso(attempt.started_at),
        "deadline": iso(effective_deadline(attempt)),
        "server_time": iso(now),
        "questions": [
            {
                "id": item.question_id,
                "position": item.position,
                "text": item.text,
                "type": item.qtype,
                "options": [{"id": oid, "text": text} for oid, text in item.options],
            }
            for item in items
        ],
        "answers": {str(item.question_id): item.chosen for item in items if item.chosen},
    }


def result_json(result: results.Result) -> dict[str, Any]:
    attempt = result.attempt
    body: dict[str, Any] = {
        "id": attempt.id,
        "status": attempt.status.value,
        "duration_ms": attempt.duration_ms,
        "submitted_at": iso(attempt.submitted_at),
        "prediction": attempt.prediction,
        "score": attempt.score if result.score_visible else None,
        "max_score": attempt.max_score if result.score_visible else None,
        "correct_count": attempt.correct_count if result.score_visible else None,
    }
    if result.rank is not None:
        body["rank"] = result.rank
    if result.review is not None:
        body["review"] = [
            {
                "question_id": item.question_id,
                "position": item.position,
                "text": item.text,
                "options": [{"id": o.id, "text": o.text} for o in item.options],
                "chosen": item.chosen,
                "correct": item.correct,
                "is_correct": item.is_correct,
                "points": item.points,
                "explanation": item.explanation,
                "legal_basis": item.legal_basis,
            }
            for item in result.review
        ]
    elif result.review_after_close:
        body["review_after_close"] = True
    return body


ATTEMPT_RESPONSES = {404: "Not found (or not yours)"}

document(
    "/rounds/{round_id}/attempts",
    "post",
    "Start an attempt, or resume the one in progress",
    roles="candidate",
    responses={
        201: "Started",
        200: "Resumed",
        403: "not_eligible",
        404: "Not found",
        409: "round_not_open, attempts_exhausted, cooldown (details.retry_after_seconds), "
        "rules_not_accepted, profile_incomplete, round_not_ready",
    },
)


@bp.post("/rounds/<int:round_id>/attempts")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
def start_attempt(round_id: int):
    now = utcnow()
    attempt, created = start.start_attempt(round_id, current_user, Client.from_request(), now)
    return jsonify(attempt_json(attempt, now)), 201 if created else 200


document(
    "/attempts/{attempt_id}",
    "get",
    "An attempt with its questions and saved answers",
    roles="candidate",
    responses={200: "The attempt", **ATTEMPT_RESPONSES},
)


@bp.get("/attempts/<int:attempt_id>")
@roles_required(Role.CANDIDATE)
def get_attempt(attempt_id: int):
    now = utcnow()
    attempt = load_own_attempt(attempt_id, current_user, now)
    return jsonify(attempt_json(attempt, now))


ANSWER_SCHEMA = {
    "type": "object",
    "required": ["option_ids"],
    "properties": {
        "option_ids": {"type": "array", "items": {"type": "integer"}},
        "seq": {
            "type": "integer",
            "minimum": 0,
            "description": "Optional, increases per change; an older save never wins.",
        },
    },
}
document(
    "/attempts/{attempt_id}/answers/{question_id}",
    "put",
    "Save, change or clear (empty list) one answer",
    roles="candidate",
    request_schema=ANSWER_SCHEMA,
    responses={
        200: "Saved: {saved_at, option_ids, server_time}",
        400: "invalid_option",
        409: "attempt_closed",
        **ATTEMPT_RESPONSES,
    },
)


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SAVE, key_func=limits.per_user)
def save_answer(attempt_id: int, question_id: int):
    body = json_body()
    option_ids, seq = _option_ids(body), _seq(body)
    now = utcnow()
    answer = answers.save_answer(
        attempt_id,
        current_user,
        question_id,
        option_ids,
        client=Client.from_request(),
        now=now,
        seq=seq,
    )
    return jsonify(
        saved_at=iso(answer.saved_at), option_ids=answer.option_ids, server_time=iso(now)
    )


def _option_ids(body: dict[str, Any]) -> list[int]:
    value = body.get("option_ids")
    if not isinstance(value, list) or any(
        isinstance(v, bool) or not isinstance(v, int) for v in value
    ):
        raise InvalidInput.for_fields(
            {"option_ids": str(_l("Danh sách phương án phải là một mảng số nguyên."))}
        )
    return value


def _seq(body: dict[str, Any]) -> int | None:
    value = body.get("seq")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**62:
        raise InvalidInput.for_fields({"seq": str(_l("Giá trị phải là số nguyên không âm."))})
    return value


SUBMIT_SCHEMA = {
    "type": "object",
    "properties": {"prediction": {"type": "integer", "minimum": 0}},
}
document(
    "/attempts/{attempt_id}/submit",
    "post",
    "Submit the attempt (a repeat answers the same result)",
    roles="candidate",
    request_schema=SUBMIT_SCHEMA,
    responses={
        200: "Submitted (or already final): the result",
        400: "details.fields.prediction",
        409: "prediction_locked",
        **ATTEMPT_RESPONSES,
    },
)


@bp.post("/attempts/<int:attempt_id>/submit")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SUBMIT, key_func=limits.per_user)
def submit_attempt(attempt_id: int):
    body = request.get_json(silent=True)
    prediction = body.get("prediction") if isinstance(body, dict) else None
    now = utcnow()
    submission.submit_attempt(attempt_id, current_user, prediction, now)
    return jsonify(result_json(results.attempt_result(attempt_id, current_user, now)))


document(
    "/attempts/{attempt_id}/result",
    "get",
    "The result and the review the round allows",
    roles="candidate",
    responses={200: "The result", 409: "attempt_in_progress", **ATTEMPT_RESPONSES},
)


@bp.get("/attempts/<int:attempt_id>/result")
@roles_required(Role.CANDIDATE)
def attempt_result(attempt_id: int):
    now = utcnow()
    result = results.attempt_result(attempt_id, current_user, now)
    return jsonify(result_json(result))


document(
    "/me/attempts",
    "get",
    "My attempts, newest first (paged)",
    roles="candidate",
    responses={200: "Paged attempts"},
)


@bp.get("/me/attempts")
@roles_required(Role.CANDIDATE)
def my_attempts():
    page = max(1, request.args.get("page", 1, type=int))
    per_page = min(200, max(1, request.args.get("per_page", 50, type=int)))
    mine = user_attempts(current_user, utcnow())
    shown = mine[(page - 1) * per_page : page * per_page]
    items = [
        {
            "id": a.id,
            "round_id": a.round_id,
            "number": a.number,
            "status": a.status.value,
            "started_at": iso(a.started_at),
            "submitted_at": iso(a.submitted_at),
            "duration_ms": a.duration_ms,
        }
        for a in shown
    ]
    return jsonify(items=items, total=len(mine), page=page, per_page=per_page)


PARTICIPATION_SCHEMA = {
    "type": "object",
    "properties": {
        "group_id": {"type": "integer", "description": "Required when the contest has groups"}
    },
}
document(
    "/contests/{contest_id}/participation",
    "post",
    "Accept the contest's rules (once) and choose a participant group",
    roles="candidate",
    request_schema=PARTICIPATION_SCHEMA,
    responses={
        200: "Accepted",
        400: "details.fields.group_id",
        403: "not_eligible",
        404: "Not found",
        409: "profile_incomplete",
    },
)


@bp.post("/contests/<int:contest_id>/participation")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
def accept_rules(contest_id: int):
    body = request.get_json(silent=True) or {}
    contest = db.session.get(Contest, contest_id)
    if contest is None or contest.status == ContestStatus.DRAFT:
        raise NotFound()
    group_id = body.get("group_id") if isinstance(body, dict) else None
    if group_id is not None and (isinstance(group_id, bool) or not isinstance(group_id, int)):
        raise InvalidInput.for_fields({"group_id": str(_l("Vui lòng chọn nhóm đối tượng dự thi."))})
    entry = lobby.accept_rules(contest, current_user, group_id, utcnow())
    return jsonify(
        contest_id=contest.id,
        group_id=entry.group_id,
        rules_accepted_at=iso(entry.rules_accepted_at),
    )
