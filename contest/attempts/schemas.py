"""What the attempts API reads and answers: the attempt, an answer, the result, participation.

Nothing a candidate receives before the attempt is final names the correct option: questions
carry only their options' ids and texts. Domain rules (which options belong to a question, the
prediction's range, the group a contest offers) are checked by the services, in their words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import validates_schema

from contest.attempts.models import AttemptStatus
from contest.attempts.submission import MAX_PREDICTION
from contest.core.api.schemas import (
    MAX_INT,
    OPTION_IDS,
    ApiSchema,
    Bool,
    Count,
    Dict,
    Enum,
    Float,
    Id,
    Int,
    LenientSchema,
    List,
    Moment,
    Nested,
    OptionIds,
    Text,
    ValidationError,
)
from questions.importer.fill_in import MAX_ANSWER_LENGTH as MAX_TYPED
from questions.models import QuestionType

MAX_SEQ = 2**62 - 1


# --- requests -----------------------------------------------------------------------------------


class ChoiceSchema(LenientSchema):
    """A choice question's chosen options, or a fill-in question's typed answer."""

    option_ids = OptionIds(
        load_default=None,
        metadata={"description": "The chosen options; an empty list clears (choice questions)"},
    )
    text = Text(
        max_length=MAX_TYPED,
        allow_none=True,
        load_default=None,
        metadata={"description": 'A fill-in question\'s answer as typed; "" clears'},
    )
    seq = Int(
        minimum=0,
        maximum=MAX_SEQ,
        allow_none=True,
        load_default=None,
        metadata={"description": "Optional, increases per change; an older save never wins."},
    )

    @validates_schema
    def _one_answer(self, data, **kwargs):
        if data.get("option_ids") is None and data.get("text") is None:
            raise ValidationError(str(OPTION_IDS), "option_ids")


class SubmissionSchema(LenientSchema):
    prediction = Int(
        allow_none=True,
        load_default=None,
        error_messages={"invalid": _l("Dự đoán phải là một số nguyên từ 0 trở lên.")},
        metadata={
            "minimum": 0,
            "maximum": MAX_PREDICTION,
            "description": "Required when the round asks a prediction question; "
            "the first submission's prediction is kept for the round",
        },
    )


class AcceptRulesSchema(LenientSchema):
    group_id = Int(
        allow_none=True,
        load_default=None,
        error_messages={"invalid": _l("Vui lòng chọn nhóm đối tượng dự thi.")},
        metadata={"description": "The participant group; required when the contest has groups"},
    )


# --- answers ------------------------------------------------------------------------------------


class ShownOptionSchema(ApiSchema):
    id = Id(required=True)
    text = Text(required=True)


class AttemptQuestionSchema(ApiSchema):
    """A question as shown to the candidate: its options in their shown order, no key."""

    id = Id(required=True)
    position = Int(minimum=1, maximum=MAX_INT, required=True)
    text = Text(required=True)
    type = Text(required=True, metadata={"enum": [qtype.value for qtype in QuestionType]})
    options = Nested(
        ShownOptionSchema, many=True, required=True, metadata={"description": "[] for fill_in"}
    )
    points = Float(
        required=True,
        allow_none=True,
        metadata={"description": "The question's own points; null: the round's scoring"},
    )


class AttemptSchema(ApiSchema):
    """An attempt with its questions and the answers saved so far."""

    id = Id(required=True)
    round_id = Id(required=True)
    number = Int(minimum=1, maximum=MAX_INT, required=True)
    status = Enum(AttemptStatus, required=True)
    started_at = Moment(required=True)
    deadline = Moment(required=True, metadata={"description": "Earlier if the round closes first"})
    server_time = Moment(required=True)
    questions = Nested(AttemptQuestionSchema, many=True, required=True)
    answers = Dict(
        keys=Text(),
        values=List(Id()),
        required=True,
        metadata={"description": "Question id → the option ids chosen (answered questions only)"},
    )
    texts = Dict(
        keys=Text(),
        values=Text(),
        required=True,
        metadata={"description": "Question id → the fill-in answer typed (answered ones only)"},
    )


class SavedAnswerSchema(ApiSchema):
    saved_at = Moment(required=True)
    option_ids = List(
        Id(), required=True, metadata={"description": "The answer kept: a newer save always wins"}
    )
    text = Text(
        required=True, allow_none=True, metadata={"description": "fill_in: the answer kept"}
    )
    server_time = Moment(required=True)


class ReviewItemSchema(ApiSchema):
    """One question after the round closed: the candidate's choice, the key, why."""

    question_id = Id(required=True)
    position = Int(minimum=1, maximum=MAX_INT, required=True)
    text = Text(required=True)
    type = Text(
        required=True, attribute="qtype", metadata={"enum": [q.value for q in QuestionType]}
    )
    options = Nested(ShownOptionSchema, many=True, required=True)
    chosen = List(Id(), required=True)
    correct = List(Id(), required=True)
    answer_text = Text(
        required=True, allow_none=True, metadata={"description": "fill_in: what was typed"}
    )
    accepted_answers = List(
        Text(), required=True, metadata={"description": "fill_in: the answers accepted"}
    )
    is_correct = Bool(required=True)
    points = Float(required=True)
    max_points = Float(required=True)
    explanation = Text(required=True, allow_none=True)
    legal_basis = Text(required=True, allow_none=True)


class AttemptResultSchema(ApiSchema):
    """A final attempt's result: as much as the round's review policy allows."""

    id = Id(required=True)
    status = Enum(AttemptStatus, required=True)
    duration_ms = Int(minimum=0, required=True, allow_none=True)
    submitted_at = Moment(required=True, allow_none=True)
    prediction = Int(required=True, allow_none=True)
    score = Float(required=True, allow_none=True, metadata={"description": "null while hidden"})
    max_score = Float(required=True, allow_none=True)
    correct_count = Count(required=True, allow_none=True)
    rank = Int(
        minimum=1,
        maximum=MAX_INT,
        metadata={"description": "Present when the round's leaderboard shows it to the candidate"},
    )
    review = Nested(
        ReviewItemSchema,
        many=True,
        metadata={"description": "Present once the round is closed, if its policy shows answers"},
    )
    review_after_close = Bool(
        metadata={"description": "Present (true) when a review will be shown once the round closes"}
    )


class AttemptSummarySchema(ApiSchema):
    """One of my attempts, in the list of them."""

    id = Id(required=True)
    round_id = Id(required=True)
    number = Int(minimum=1, maximum=MAX_INT, required=True)
    status = Enum(AttemptStatus, required=True)
    started_at = Moment(required=True)
    submitted_at = Moment(required=True, allow_none=True)
    duration_ms = Int(minimum=0, required=True, allow_none=True)


class ParticipationSchema(ApiSchema):
    contest_id = Id(required=True)
    group_id = Id(required=True, allow_none=True)
    rules_accepted_at = Moment(required=True)
