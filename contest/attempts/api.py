"""Attempts on the API: start or resume, answers, submit, the result, my attempts, the rules.

Candidates only; another candidate's attempt is "not found". The role guard and the rate limit
come before the body is read, so a client that may not call a route never learns about its body.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import current_user

from contest.attempts import answers, lobby, start, submission
from contest.attempts.marking.grading import effective_deadline
from contest.attempts.models import Attempt
from contest.attempts.own_attempts import load_own_attempt, user_attempts
from contest.attempts.schemas import (
    AcceptRulesSchema,
    AttemptResultSchema,
    AttemptSchema,
    AttemptSummarySchema,
    ChoiceSchema,
    ParticipationSchema,
    SavedAnswerSchema,
    SubmissionSchema,
)
from contest.attempts.start import Client
from contest.core import limits
from contest.core.access import Role, roles_required
from contest.core.api import ApiBlueprint
from contest.core.api.schemas import PageArgs, page_of
from contest.core.clock import utcnow
from contest.core.database import reads_first
from contest.core.database.transaction import done_writing
from contest.core.errors import NotFound
from contest.core.extensions import db, limiter
from contest.ranking import results
from contest.rounds.models import Contest, ContestStatus

bp = ApiBlueprint("attempts", __name__, "A candidate's attempts: start, answer, submit, result")
NOT_YOURS = {404: "not_found: no such attempt, or not yours"}


def attempt_body(attempt: Attempt, now: datetime, *, fresh: bool = False) -> dict[str, Any]:
    """The attempt as the candidate may see it: questions and saved answers, never the key."""
    items = answers.sheet(attempt, fresh=fresh)
    return {
        "id": attempt.id,
        "round_id": attempt.round_id,
        "number": attempt.number,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": effective_deadline(attempt),
        "server_time": now,
        "questions": [
            {
                "id": item.question_id,
                "position": item.position,
                "text": item.text,
                "type": item.qtype,
                "options": [{"id": oid, "text": text} for oid, text in item.options],
                "points": item.points,
            }
            for item in items
        ],
        "answers": {str(item.question_id): item.chosen for item in items if item.chosen},
        "texts": {str(item.question_id): item.typed for item in items if item.typed},
    }


def result_body(result: results.Result) -> dict[str, Any]:
    """The result: the score only when visible, the rank and the review only when shown."""
    attempt, visible = result.attempt, result.score_visible
    body: dict[str, Any] = {
        "id": attempt.id,
        "status": attempt.status,
        "duration_ms": attempt.duration_ms,
        "submitted_at": attempt.submitted_at,
        "prediction": attempt.prediction,
        "score": attempt.score if visible else None,
        "max_score": attempt.max_score if visible else None,
        "correct_count": attempt.correct_count if visible else None,
    }
    if result.rank is not None:
        body["rank"] = result.rank
    if result.review is not None:
        body["review"] = result.review
    elif result.review_after_close:
        body["review_after_close"] = True
    return body


@bp.post("/rounds/<int:round_id>/attempts")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@limiter.limit(limits.START_ADDRESS, key_func=limits.per_address)
@bp.response(201, AttemptSchema, description="Started")
@bp.alt_response(200, schema=AttemptSchema, description="Resumed", success=True)
@bp.errors(
    {
        403: "not_eligible",
        404: "not_found",
        409: "round_not_open, attempts_exhausted, cooldown (details.retry_after_seconds), "
        "rules_not_accepted, profile_incomplete, round_not_ready",
        429: "queued: more starts than the server takes at once; come back after Retry-After "
        "seconds (also details.retry_after_seconds)",
    }
)
@reads_first
def start_attempt(round_id: int):
    """Start an attempt, or resume the one in progress.

    Roles: candidate.
    """
    now = utcnow()
    attempt, created = start.start_attempt(round_id, current_user, Client.from_request(), now)
    done_writing()  # the questions and saved answers are read after the commit
    return attempt_body(attempt, now, fresh=created), 201 if created else 200


@bp.get("/attempts/<int:attempt_id>")
@roles_required(Role.CANDIDATE)
@bp.response(200, AttemptSchema)
@bp.errors(NOT_YOURS)
def get_attempt(attempt_id: int):
    """An attempt with its questions and saved answers.

    Roles: candidate.
    """
    now = utcnow()
    return attempt_body(load_own_attempt(attempt_id, current_user, now), now)


@bp.put("/attempts/<int:attempt_id>/answers/<int:question_id>")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SAVE, key_func=limits.per_user)
@bp.arguments(ChoiceSchema)
@bp.response(200, SavedAnswerSchema)
@bp.errors(
    {
        400: "invalid_option (an option not of the question, or a text for a choice question), "
        "invalid_answer (option ids for a fill-in question)",
        409: "attempt_closed: after the deadline or the submission (the refusal is recorded)",
        **NOT_YOURS,
    }
)
def save_answer(body: dict, attempt_id: int, question_id: int):
    """Save, change or clear one answer: option_ids (empty list clears), or for a fill-in
    question the text typed ("" clears).

    Roles: candidate.
    """
    now = utcnow()
    answer = answers.save_answer(
        attempt_id,
        current_user,
        question_id,
        body["option_ids"],
        text=body["text"],
        client=Client.from_request(),
        now=now,
        seq=body["seq"],
    )
    done_writing()  # the answer as stored is in hand: the next save need not wait for its JSON
    return {
        "saved_at": answer.saved_at,
        "option_ids": answer.option_ids,
        "text": answer.text,
        "server_time": now,
    }


@bp.post("/attempts/<int:attempt_id>/submit")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SUBMIT, key_func=limits.per_user)
@bp.arguments(SubmissionSchema, required=False)
@bp.response(200, AttemptResultSchema, description="Submitted (or already final): the result")
@bp.errors({400: "details.fields.prediction", 409: "prediction_locked", **NOT_YOURS})
def submit_attempt(body: dict, attempt_id: int):
    """Submit the attempt (a repeat answers the same result).

    Roles: candidate.
    """
    now = utcnow()
    submission.submit_attempt(attempt_id, current_user, body["prediction"], now)
    done_writing()  # the result and the rank are read after the commit, as GET …/result does
    return result_body(results.attempt_result(attempt_id, current_user, now))


@bp.get("/attempts/<int:attempt_id>/result")
@roles_required(Role.CANDIDATE)
@bp.response(200, AttemptResultSchema)
@bp.errors({409: "attempt_in_progress", **NOT_YOURS})
def attempt_result(attempt_id: int):
    """The result and the review the round allows.

    Roles: candidate.
    """
    return result_body(results.attempt_result(attempt_id, current_user, utcnow()))


@bp.get("/me/attempts")
@roles_required(Role.CANDIDATE)
@bp.arguments(PageArgs, location="query")
@bp.response(200, page_of(AttemptSummarySchema))
def my_attempts(args: dict):
    """My attempts, newest first (paged).

    Roles: candidate.
    """
    page, per_page = args["page"], args["per_page"]
    mine = user_attempts(current_user, utcnow())
    shown = mine[(page - 1) * per_page : page * per_page]
    return {"items": shown, "total": len(mine), "page": page, "per_page": per_page}


@bp.post("/contests/<int:contest_id>/participation")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@bp.arguments(AcceptRulesSchema, required=False)
@bp.response(200, ParticipationSchema, description="Accepted (accepting again changes nothing)")
@bp.errors(
    {
        400: "details.fields.group_id",
        403: "not_eligible",
        404: "not_found",
        409: "profile_incomplete, contest_closed",
    }
)
def accept_rules(body: dict, contest_id: int):
    """Accept the contest's rules (once) and choose a participant group.

    Roles: candidate.
    """
    contest = db.session.get(Contest, contest_id)
    if contest is None or contest.status == ContestStatus.DRAFT:
        raise NotFound()
    return lobby.accept_rules(contest, current_user, body["group_id"], utcnow())
