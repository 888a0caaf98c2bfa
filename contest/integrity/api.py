"""Integrity on the API: a round's flags, and the full record of one attempt."""

from __future__ import annotations

from flask_login import current_user

from contest.core import audit
from contest.core.access import RESULTS_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.integrity import flags, records
from contest.integrity.schemas import AttemptRecordSchema, FlagListSchema
from contest.ranking.board_access import visible_round

# Each route checks who asks before it reads the request: 401 and 403 come before any 400.
bp = ApiBlueprint("integrity", __name__, "Integrity flags and attempt records for the judges")


@bp.get("/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
@bp.response(200, FlagListSchema)
@bp.errors({404: "not_found: no such round"})
def integrity_report(round_id: int):
    """The round's integrity report: flags naming the attempts to check.

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    audit.record("integrity.report", "round", round.id, after={"format": "json"})
    return {"items": flags.integrity_report(round)}


@bp.get("/attempts/<int:attempt_id>/record")
@roles_required(*RESULTS_ROLES)
@bp.response(200, AttemptRecordSchema)
@bp.errors({404: "not_found: no such attempt"})
def attempt_record(attempt_id: int):
    """An attempt's full record: questions as shown, answers with save times, every event.

    Roles: judge, organizer, admin.
    """
    record = records.attempt_record(attempt_id)
    return {
        "attempt": record.attempt,
        "candidate": record.user,
        "questions_match": record.questions_match,
        "derived_questions": record.derived_questions,
        "questions": [_shown(question) for question in record.questions],
        "events": record.events,
    }


def _shown(question: records.ShownQuestion) -> dict:
    """A shown question, each option marked with whether the candidate chose it."""
    return {
        "position": question.position,
        "question_id": question.question_id,
        "version": question.version.number,
        "options": [
            {
                "id": o.id,
                "label": o.label,
                "is_correct": o.is_correct,
                "chosen": o.id in question.chosen,
            }
            for o in question.options
        ],
        "answer_text": question.typed,
        "accepted_answers": list(question.version.accepted_answers or ()),
        "saved_at": question.saved_at,
        "save_count": question.save_count,
        "options_match": question.options_match,
    }
