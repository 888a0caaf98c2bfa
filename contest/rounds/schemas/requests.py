"""The bodies the contests and rounds API reads: their shape only (types, lists, objects).

The rules of a contest or a round, with their Vietnamese messages, stay in the services.
"""

from __future__ import annotations

from contest.core.api.schemas import Bool, Dict, Float, Id, Int, LenientSchema, List, Nested, Text
from contest.rounds.contests import REGISTRATION_FIELDS, SLUG_MAX, SLUG_PATTERN
from contest.rounds.models import (
    ContestStatus,
    CountedAttempt,
    DisplayMode,
    MultiChoiceScoring,
    PredictionTarget,
    RankingMode,
    ReviewPolicy,
    Visibility,
)
from contest.rounds.schemas.fields import TopicRef, choices
from contest.rounds.settings import MAX_ATTEMPTS, MAX_TIME_LIMIT_SECONDS, TIE_BREAK_KEYS
from questions.models import Difficulty

TIME = {"format": "date-time", "description": "ISO 8601, any offset; without one, Vietnam time"}


class ContestBodySchema(LenientSchema):
    """The fields of a contest to set; those left out keep their value."""

    title = Text(metadata={"maxLength": 255})
    slug = Text(allow_none=True, metadata={"maxLength": SLUG_MAX, "pattern": SLUG_PATTERN.pattern})
    description = Text(allow_none=True, metadata={"maxLength": 5000})
    rules = Text(allow_none=True, metadata={"maxLength": 50000, "description": "Markdown"})
    organizing_unit = Text(allow_none=True, metadata={"maxLength": 255})
    status = Text(metadata=choices(ContestStatus))
    min_age = Int(allow_none=True, metadata={"minimum": 0, "maximum": 120})
    required_fields = List(Text(metadata={"enum": list(REGISTRATION_FIELDS)}))
    ranking_mode = Text(metadata=choices(RankingMode))


class NewContestSchema(ContestBodySchema):
    title = Text(required=True, metadata={"maxLength": 255})


class BlueprintLineSchema(LenientSchema):
    """How many questions to draw from a topic, of one difficulty or of any (null)."""

    topic = TopicRef(required=True)
    difficulty = Text(allow_none=True, metadata=choices(Difficulty))
    count = Int(required=True, metadata={"minimum": 1})


class RoundBodySchema(LenientSchema):
    """A round's settings to set; those left out keep their value (or their default)."""

    name = Text(metadata={"maxLength": 200})
    opens_at = Text(metadata=TIME)
    closes_at = Text(metadata=TIME)
    time_limit_seconds = Int(metadata={"minimum": 1, "maximum": MAX_TIME_LIMIT_SECONDS})
    blueprint = List(Nested(BlueprintLineSchema), allow_none=True)
    question_ids = List(Id(), allow_none=True, metadata={"description": "instead of a blueprint"})
    shuffle_questions = Bool()
    shuffle_options = Bool()
    points_per_question = Float(metadata={"minimum": 0, "exclusiveMinimum": True, "maximum": 1000})
    points_by_difficulty = Dict(
        keys=Text(metadata=choices(Difficulty)), values=Float(), allow_none=True
    )
    multi_choice_scoring = Text(metadata=choices(MultiChoiceScoring))
    max_attempts = Int(metadata={"minimum": 1, "maximum": MAX_ATTEMPTS})
    cooldown_seconds = Int(metadata={"minimum": 0})
    counted_attempt = Text(metadata=choices(CountedAttempt))
    prediction_question = Text(allow_none=True, metadata={"maxLength": 1000})
    prediction_target = Text(allow_none=True, metadata=choices(PredictionTarget))
    tie_break = List(Text(metadata={"enum": list(TIE_BREAK_KEYS)}))
    review_policy = Text(metadata=choices(ReviewPolicy))
    auto_publish = Bool()
    leaderboard_visibility = Text(metadata=choices(Visibility))
    leaderboard_freeze_hours = Int(metadata={"minimum": 0})
    display_mode = Text(metadata=choices(DisplayMode))


class NewRoundSchema(RoundBodySchema):
    name = Text(required=True, metadata={"maxLength": 200})
    opens_at = Text(required=True, metadata=TIME)
    closes_at = Text(required=True, metadata=TIME)
    time_limit_seconds = Int(
        required=True, metadata={"minimum": 1, "maximum": MAX_TIME_LIMIT_SECONDS}
    )


class RoundChangeSchema(RoundBodySchema):
    reason = Text(
        allow_none=True, metadata={"description": "Required to move closes_at once frozen"}
    )


class EndOfRoundSchema(LenientSchema):
    """Why the organizer closes the round now, or publishes its results (kept in the audit log)."""

    reason = Text(allow_none=True, metadata={"maxLength": 1000})


class CloneSchema(LenientSchema):
    """The copy's name and dates; by default the source's, a week (or its length) later."""

    name = Text(allow_none=True, metadata={"maxLength": 200})
    opens_at = Text(allow_none=True, metadata=TIME)
    closes_at = Text(allow_none=True, metadata=TIME)
