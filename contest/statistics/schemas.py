"""What the statistics API reads and answers: item analysis, figures, units, regrades, dashboard."""

from __future__ import annotations

from marshmallow import EXCLUDE

from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Computed,
    Count,
    Dict,
    Float,
    Id,
    Moment,
    Nested,
    Text,
)
from contest.statistics.unit_ranking import UNIT_ORDERS

PAIR = {"type": "array", "minItems": 2, "maxItems": 2}


class ItemSchema(ApiSchema):
    """One question's figures over the counted attempts that showed it."""

    question_id = Id(required=True)
    topic = Text(required=True)
    difficulty = Text(required=True, metadata={"enum": ["easy", "medium", "hard"]})
    type = Text(
        required=True,
        attribute="qtype",
        metadata={"enum": ["single", "multiple", "true_false", "fill_in"]},
    )
    key = Text(
        required=True,
        metadata={
            "description": 'Correct option labels, e.g. "A,C"; for fill_in the accepted answers '
            'separated by "; "'
        },
    )
    shown = Count(required=True)
    correct = Count(required=True)
    facility = Float(required=True, allow_none=True, metadata={"description": "Share right"})
    p_upper = Float(required=True, allow_none=True)
    p_lower = Float(required=True, allow_none=True)
    discrimination = Float(required=True, allow_none=True)
    option_counts = Dict(keys=Text(), values=Count(), required=True)
    common_wrong_answers = Computed(
        lambda item: [[text, count] for text, count in item.common_wrong_answers],
        "array",
        required=True,
        metadata={
            "items": {**PAIR, "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
            "description": "fill_in: the most common wrong answers typed, as [text, count]",
        },
    )
    blank = Count(required=True)
    suspicious = Bool(required=True)


class ItemListSchema(ApiSchema):
    items = Nested(ItemSchema, many=True, required=True)


class FiguresSchema(ApiSchema):
    score_distribution = Computed(
        lambda figures: [[score, count] for score, count in figures["score_distribution"]],
        "array",
        required=True,
        metadata={
            "items": {**PAIR, "items": {"type": "number"}},
            "description": "[score, candidates], in score order",
        },
    )
    participation = Computed(
        lambda figures: [[day.isoformat(), count] for day, count in figures["participation"]],
        "array",
        required=True,
        metadata={
            "items": {**PAIR, "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}},
            "description": '[date ("YYYY-MM-DD", display time zone), final attempts]',
        },
    )
    facility_by_topic_locality = Dict(
        keys=Text(), values=Dict(keys=Text(), values=Float()), required=True
    )


class UnitArgs(ApiSchema):
    class Meta:
        unknown = EXCLUDE

    kind = Text(load_default="unit", metadata={"enum": ["unit", "locality"]})
    order = Text(load_default="participants", metadata={"enum": list(UNIT_ORDERS)})


class UnitSchema(ApiSchema):
    rank = Count(required=True)
    organization_id = Id(required=True)
    name = Text(required=True)
    kind = Text(required=True, metadata={"enum": ["unit", "locality"]})
    headcount = Count(required=True, allow_none=True)
    participants = Count(required=True)
    attempts = Count(required=True)
    average_score = Float(required=True, allow_none=True)
    winners = Count(required=True)
    participation_rate = Float(required=True, allow_none=True, metadata={"description": "%"})


class UnitListSchema(ApiSchema):
    items = Nested(UnitSchema, many=True, required=True)


class RegradeArgsSchema(ApiSchema):
    question_id = Id(required=True)
    dry_run = Bool(load_default=True)


class AttemptChangeSchema(ApiSchema):
    attempt_id = Id(required=True)
    user_id = Id(required=True)
    full_name = Text(required=True)
    old_score = Float(required=True, allow_none=True)
    new_score = Float(required=True)
    old_correct = Count(required=True, allow_none=True)
    new_correct = Count(required=True)


class RegradeReportSchema(ApiSchema):
    question_id = Id(required=True)
    key_version = Count(required=True)
    examined = Count(required=True)
    applied = Bool(required=True)
    changes = Nested(AttemptChangeSchema, many=True, required=True)


class AttemptCountsSchema(ApiSchema):
    in_progress = Count(required=True)
    submitted = Count(required=True)
    expired = Count(required=True)
    total = Count(required=True, attribute="attempts")


class BarSchema(ApiSchema):
    from_ = Float(required=True, data_key="from", attribute="from")
    to = Float(required=True)
    attempts = Count(required=True)


class ParticipationFiguresSchema(ApiSchema):
    name = Text(required=True, allow_none=True, metadata={"description": "null: not declared"})
    candidates = Count(required=True)
    attempts = Count(required=True)
    headcount = Count(required=True, allow_none=True)
    rate = Float(required=True, allow_none=True)


class HourSchema(ApiSchema):
    hour = Moment(required=True, metadata={"description": "The hour's start (UTC)"})
    attempts = Count(required=True)


class DashboardSchema(ApiSchema):
    round_id = Id(required=True)
    generated_at = Moment(required=True)
    attempts = Nested(AttemptCountsSchema, required=True)
    candidates = Count(required=True)
    average_score = Float(required=True, allow_none=True)
    max_score = Float(required=True, allow_none=True)
    histogram = Nested(BarSchema, many=True, required=True)
    by_unit = Nested(ParticipationFiguresSchema, many=True, required=True)
    by_locality = Nested(ParticipationFiguresSchema, many=True, required=True)
    per_hour = Nested(HourSchema, many=True, required=True)
