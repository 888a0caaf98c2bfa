"""What the integrity API answers: a round's flags, and the full record of one attempt."""

from __future__ import annotations

from contest.attempts.models import AttemptEventKind, AttemptStatus
from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Count,
    Enum,
    Float,
    Id,
    Int,
    List,
    Moment,
    Nested,
    Text,
)
from contest.integrity.flags import FLAG_TITLES


class FlagSchema(ApiSchema):
    kind = Text(required=True, metadata={"enum": list(FLAG_TITLES)})
    title = Text(required=True)
    detail = Text(required=True)
    attempt_ids = List(Id(), required=True)
    user_ids = List(Id(), required=True)


class FlagListSchema(ApiSchema):
    items = Nested(FlagSchema, many=True, required=True)


class RecordedAttemptSchema(ApiSchema):
    id = Id(required=True)
    number = Count(required=True)
    status = Enum(AttemptStatus, required=True)
    seed = Int(required=True)
    started_at = Moment(required=True)
    submitted_at = Moment(required=True, allow_none=True)
    score = Float(required=True, allow_none=True)
    max_score = Float(required=True, allow_none=True)
    duration_ms = Int(required=True, allow_none=True)
    ip = Text(required=True, allow_none=True)
    user_agent = Text(required=True, allow_none=True)


class RecordedCandidateSchema(ApiSchema):
    user_id = Id(required=True, attribute="id")
    full_name = Text(required=True)
    id_number = Text(required=True, allow_none=True)
    phone = Text(required=True, allow_none=True)


class RecordOptionSchema(ApiSchema):
    id = Id(required=True)
    label = Text(required=True)
    is_correct = Bool(required=True)
    chosen = Bool(required=True)


class ShownQuestionSchema(ApiSchema):
    """A question as the candidate was shown it, with what they chose and when they saved."""

    position = Count(required=True)
    question_id = Id(required=True)
    version = Count(required=True)
    options = Nested(RecordOptionSchema, many=True, required=True)
    answer_text = Text(
        required=True, allow_none=True, metadata={"description": "fill_in: what was typed"}
    )
    accepted_answers = List(
        Text(), required=True, metadata={"description": "fill_in: the answers accepted"}
    )
    saved_at = Moment(required=True, allow_none=True)
    save_count = Count(required=True)
    options_match = Bool(
        required=True,
        allow_none=True,
        metadata={"description": "Option order re-derived from the seed matches; null: unknown"},
    )


class EventSchema(ApiSchema):
    kind = Enum(AttemptEventKind, required=True)
    at = Moment(required=True)
    question_id = Id(required=True, allow_none=True)
    option_ids = List(Id(), required=True, allow_none=True)
    text = Text(required=True, allow_none=True, metadata={"description": "fill_in: as typed"})
    ip = Text(required=True, allow_none=True)
    user_agent = Text(required=True, allow_none=True)


class AttemptRecordSchema(ApiSchema):
    attempt = Nested(RecordedAttemptSchema, required=True)
    candidate = Nested(RecordedCandidateSchema, required=True)
    questions_match = Bool(
        required=True,
        allow_none=True,
        metadata={"description": "Questions re-derived from the seed match; null: no snapshot"},
    )
    derived_questions = List(Id(), required=True, allow_none=True)
    questions = Nested(ShownQuestionSchema, many=True, required=True)
    events = Nested(EventSchema, many=True, required=True)
