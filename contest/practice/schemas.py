"""What the practice API reads and answers: topics, sessions, the feedback, "Cần đọc lại".

A question of a session carries no hint of its key until it is answered; its feedback then
names the correct options, the explanation and the legal basis.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from contest.core.api.schemas import (
    MAX_INT,
    ApiSchema,
    Bool,
    Count,
    Id,
    Int,
    LenientSchema,
    List,
    Moment,
    Nested,
    OptionIds,
    Text,
)
from contest.practice.sessions import MAX_COUNT, MIN_COUNT
from questions.models import QuestionType

TOPIC_REF = _l("Chủ đề phải là tên hoặc mã số của chủ đề.")


class TopicRef(fields.Field):
    """A topic named by its name or its id (as the contract accepts topics)."""

    default_error_messages = {"invalid": TOPIC_REF}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.make_error("invalid")
        if isinstance(value, str) and not 0 < len(value.strip()) <= 200:
            raise self.make_error("invalid")
        return value


# --- requests -----------------------------------------------------------------------------------


class StartPracticeSchema(LenientSchema):
    topics = List(
        TopicRef(metadata={"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        required=True,
        metadata={"description": "Topics to practise, by name (or id); at least one"},
    )
    count = Int(
        minimum=MIN_COUNT,
        maximum=MAX_COUNT,
        required=True,
        metadata={"description": "How many questions (fewer when the topics have fewer)"},
    )


class PracticeAnswerSchema(LenientSchema):
    option_ids = OptionIds(required=True, metadata={"description": "The options chosen"})


class EligibilitySchema(ApiSchema):
    question_ids = List(Id(), load_default=list, metadata={"maxItems": 2000})
    topics = List(
        TopicRef(metadata={"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        load_default=list,
        metadata={"description": "Every active question of these topics"},
    )
    eligible = Bool(required=True, metadata={"description": "true opens them, false closes"})


# --- answers ------------------------------------------------------------------------------------


class PracticeTopicSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    available = Count(
        required=True, metadata={"description": "Questions practice may serve now in this topic"}
    )


class TopicMarksSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    active = Count(required=True, metadata={"description": "Active questions of a practice type"})
    marked = Count(required=True, metadata={"description": "Of which open to practice"})
    servable = Count(
        required=True, metadata={"description": "Of which in no open or upcoming round now"}
    )


class EligibilityResultSchema(ApiSchema):
    changed = Count(required=True)
    marked = Count(required=True, metadata={"description": "Questions open to practice in all"})


class PracticeOptionSchema(ApiSchema):
    id = Id(required=True)
    text = Text(required=True)


class FeedbackOptionSchema(PracticeOptionSchema):
    chosen = Bool(required=True)
    correct = Bool(required=True)


class FeedbackSchema(ApiSchema):
    """Right after an answer: right or wrong, the key, the explanation, the legal basis."""

    question_id = Id(required=True)
    position = Int(minimum=1, maximum=MAX_INT, required=True)
    is_correct = Bool(required=True)
    chosen = List(Id(), required=True)
    correct = List(Id(), required=True)
    options = Nested(FeedbackOptionSchema, many=True, required=True)
    explanation = Text(required=True, allow_none=True)
    legal_basis = Text(required=True, allow_none=True)
    due_at = Moment(
        required=True, allow_none=True, metadata={"description": "When it comes back for review"}
    )


class PracticeQuestionSchema(ApiSchema):
    id = Id(required=True)
    position = Int(minimum=1, maximum=MAX_INT, required=True)
    text = Text(required=True)
    type = Text(required=True, metadata={"enum": [qtype.value for qtype in QuestionType]})
    options = Nested(PracticeOptionSchema, many=True, required=True)
    feedback = Nested(
        FeedbackSchema, required=True, allow_none=True, metadata={"description": "Once answered"}
    )


class PracticeSessionSchema(ApiSchema):
    id = Id(required=True)
    started_at = Moment(required=True)
    finished_at = Moment(required=True, allow_none=True)
    topic_ids = List(Id(), required=True)
    answered = Count(required=True)
    correct = Count(required=True)
    questions = Nested(PracticeQuestionSchema, many=True, required=True)


class MissedRoundSchema(ApiSchema):
    round_id = Id(required=True)
    round_name = Text(required=True)
    contest_title = Text(required=True)
    attempt_id = Id(required=True)


class MissedQuestionSchema(ApiSchema):
    question_id = Id(required=True)
    text = Text(required=True)
    legal_basis = Text(required=True, allow_none=True)
    last_missed_at = Moment(required=True)
    times = Count(required=True)
    in_practice = Bool(required=True)
    rounds = Nested(MissedRoundSchema, many=True, required=True)
    reviewed_right = Bool(
        required=True, metadata={"description": "Answered right in practice since the last miss"}
    )


class ProvisionSchema(ApiSchema):
    provision = Text(required=True, metadata={"description": "Empty: the whole document"})
    questions = Nested(MissedQuestionSchema, many=True, required=True)


class LawSchema(ApiSchema):
    law = Text(required=True, allow_none=True, metadata={"description": "null: no document named"})
    question_count = Count(required=True)
    provisions = Nested(ProvisionSchema, many=True, required=True)
