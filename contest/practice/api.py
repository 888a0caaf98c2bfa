"""Practice on the API: topics, sessions, one answer per question and its feedback, re-reading.

Candidates practise; organizers open questions to practice. Nothing here touches attempts,
so no ranking, board, statistic or prize ever sees a practice answer.
"""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from contest.core import limits
from contest.core.access import ORGANIZER_ROLES, Role, roles_required
from contest.core.api import ApiBlueprint
from contest.core.clock import utcnow
from contest.core.extensions import limiter
from contest.practice import eligibility, reading_list, sessions
from contest.practice.models import PracticeSession
from contest.practice.schemas import (
    EligibilityResultSchema,
    EligibilitySchema,
    FeedbackSchema,
    LawSchema,
    PracticeAnswerSchema,
    PracticeSessionSchema,
    PracticeTopicSchema,
    StartPracticeSchema,
    TopicMarksSchema,
)

bp = ApiBlueprint("practice", __name__, "Practice: topics, sessions, feedback, what to re-read")
NOT_YOURS = {404: "not_found: no such session, or not yours"}


def session_body(session: PracticeSession) -> dict[str, Any]:
    """A session: its questions in order, each with its feedback once answered."""
    return {
        "id": session.id,
        "started_at": session.started_at,
        "finished_at": session.finished_at,
        "topic_ids": session.topic_ids,
        "answered": session.answered_count,
        "correct": session.correct_count,
        "questions": [
            {
                "id": item.question_id,
                "position": item.position,
                "text": item.version.text,
                "type": item.version.qtype.value,
                "options": [
                    {"id": oid, "text": text} for oid, text in sessions.shown_options(item)
                ],
                "feedback": sessions.item_feedback(session, item) if item.answered_at else None,
            }
            for item in session.items
        ],
    }


@bp.get("/practice/topics")
@roles_required(Role.CANDIDATE)
@bp.response(200, PracticeTopicSchema(many=True))
def practice_topics():
    """The topics a candidate can practise now, with how many questions each offers.

    Roles: candidate.
    """
    return [
        {"id": t.id, "name": t.name, "available": t.servable}
        for t in eligibility.candidate_topics(utcnow())
    ]


@bp.post("/practice/sessions")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@bp.arguments(StartPracticeSchema)
@bp.response(201, PracticeSessionSchema)
@bp.errors({400: "details.fields.topics, details.fields.count", 409: "no_practice_questions"})
def start_session(body: dict):
    """Start a practice session: reviews that are due first, then new questions.

    Roles: candidate.
    """
    now = utcnow()
    topic_ids = eligibility.topic_ids_named(body["topics"])
    session = sessions.start_session(current_user, topic_ids, body["count"], now)
    return session_body(sessions.get_own_session(session.id, current_user)), 201


@bp.get("/practice/sessions/<int:session_id>")
@roles_required(Role.CANDIDATE)
@bp.response(200, PracticeSessionSchema)
@bp.errors(NOT_YOURS)
def get_session(session_id: int):
    """A practice session with its questions and the feedback of those answered.

    Roles: candidate.
    """
    return session_body(sessions.get_own_session(session_id, current_user))


@bp.put("/practice/sessions/<int:session_id>/answers/<int:question_id>")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SAVE, key_func=limits.per_user)
@bp.arguments(PracticeAnswerSchema)
@bp.response(200, FeedbackSchema)
@bp.errors({400: "invalid_option, details.fields.option_ids", 409: "already_answered", **NOT_YOURS})
def answer(body: dict, session_id: int, question_id: int):
    """Answer one question (once): right or wrong, the key, the explanation, the legal basis.

    Roles: candidate.
    """
    return sessions.answer(session_id, current_user, question_id, body["option_ids"], utcnow())


@bp.get("/me/reading-list")
@roles_required(Role.CANDIDATE)
@bp.response(200, LawSchema(many=True))
def my_reading_list():
    """My reading list ("Cần đọc lại"): the provisions behind every question I missed, by law.

    Roles: candidate.
    """
    return reading_list.reading_list(current_user, utcnow())


@bp.get("/practice/eligibility")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, TopicMarksSchema(many=True))
def topic_marks():
    """Each topic with its active, open-to-practice and servable-now question counts.

    Roles: organizer, admin.
    """
    return eligibility.topic_summaries(utcnow())


@bp.put("/practice/eligibility")
@roles_required(*ORGANIZER_ROLES)
@bp.arguments(EligibilitySchema)
@bp.response(200, EligibilityResultSchema)
@bp.errors({400: "details.fields.question_ids, details.fields.topics"})
def set_eligibility(body: dict):
    """Open (or close) questions to practice, one by one or by topic.

    Roles: organizer, admin.
    """
    topic_ids = eligibility.topic_ids_named(body["topics"])
    changed = eligibility.mark(
        question_ids=body["question_ids"],
        topic_ids=topic_ids,
        eligible=body["eligible"],
        actor=current_user,
    )
    return {"changed": changed, "marked": eligibility.marked_count()}
