"""API routes: the integrity report of a round and the full record of one attempt."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from contest.core.access import RESULTS_ROLES, roles_required
from contest.core.api import bp, document
from contest.integrity import flags, records
from contest.ranking.board_access import visible_round
from contest.ranking.schemas import STAFF, iso

document(
    "/rounds/{round_id}/integrity",
    "get",
    "The integrity report: {items: [{kind, title, detail, attempt_ids, user_ids}]}",
    roles=STAFF,
    responses={200: "Flags", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
def integrity_report(round_id: int):
    found = flags.integrity_report(visible_round(round_id, current_user))
    return jsonify(
        items=[
            {
                "kind": f.kind,
                "title": f.title,
                "detail": f.detail,
                "attempt_ids": f.attempt_ids,
                "user_ids": f.user_ids,
            }
            for f in found
        ]
    )


document(
    "/attempts/{attempt_id}/record",
    "get",
    "An attempt's full record: questions as shown (re-derived from the seed and compared: "
    "questions_match, options_match), each answer with its save time, and every event with "
    "IP and user agent",
    roles=STAFF,
    responses={200: "The record", 401: "Not signed in", 403: "Not staff", 404: "No such attempt"},
)


@bp.get("/attempts/<int:attempt_id>/record")
@roles_required(*RESULTS_ROLES)
def attempt_record(attempt_id: int):
    record = records.attempt_record(attempt_id)
    a = record.attempt
    return jsonify(
        attempt={
            "id": a.id,
            "number": a.number,
            "status": a.status.value,
            "seed": a.seed,
            "started_at": iso(a.started_at),
            "submitted_at": iso(a.submitted_at),
            "score": a.score,
            "max_score": a.max_score,
            "duration_ms": a.duration_ms,
            "ip": a.ip,
            "user_agent": a.user_agent,
        },
        candidate={
            "user_id": record.user.id,
            "full_name": record.user.full_name,
            "id_number": record.user.id_number,
            "phone": record.user.phone,
        },
        questions_match=record.questions_match,
        derived_questions=record.derived_questions,
        questions=[
            {
                "position": q.position,
                "question_id": q.question_id,
                "version": q.version.number,
                "options": [
                    {
                        "id": o.id,
                        "label": o.label,
                        "is_correct": o.is_correct,
                        "chosen": o.id in q.chosen,
                    }
                    for o in q.options
                ],
                "saved_at": iso(q.saved_at),
                "save_count": q.save_count,
                "options_match": q.options_match,
            }
            for q in record.questions
        ],
        events=[
            {
                "kind": e.kind.value,
                "at": iso(e.at),
                "question_id": e.question_id,
                "option_ids": e.option_ids,
                "ip": e.ip,
                "user_agent": e.user_agent,
            }
            for e in record.events
        ],
    )
