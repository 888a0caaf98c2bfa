"""What the contests and rounds API answers: contests, rounds, their blueprints and checklists."""

from __future__ import annotations

from marshmallow import post_dump

from contest.core.api import PREFIX
from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Computed,
    Count,
    Dict,
    Enum,
    Float,
    Id,
    List,
    Nested,
    Text,
)
from contest.core.clock import utcnow
from contest.rounds import rounds
from contest.rounds.contests import REGISTRATION_FIELDS
from contest.rounds.models import (
    ContestStatus,
    CountedAttempt,
    DisplayMode,
    MultiChoiceScoring,
    PredictionTarget,
    RankingMode,
    ReviewPolicy,
    RoundState,
    Visibility,
)
from contest.rounds.schemas.fields import VietnamTime, choices
from contest.rounds.schemas.visitor import is_staff
from contest.rounds.settings import TIE_BREAK_KEYS
from questions.models import Difficulty


class BlueprintCellSchema(ApiSchema):
    topic = Computed(lambda item: item.topic.name, "string", required=True)
    topic_id = Id(required=True)
    difficulty = Enum(Difficulty, allow_none=True, required=True)
    count = Count(required=True)


class BlueprintCells(Nested):
    """A round's blueprint, or null when it draws from a fixed list of questions."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return None if obj.fixed_questions else obj.blueprint


def fixed_question_ids(round) -> list[int] | None:
    return [item.question_id for item in round.fixed_questions] or None


STAFF_ONLY = ("question_ids", "frozen")


class RoundSchema(ApiSchema):
    """A round with every setting; staff also see its fixed list of questions."""

    id = Id(required=True)
    contest_id = Id(required=True)
    name = Text(required=True)
    opens_at = VietnamTime(required=True)
    closes_at = VietnamTime(required=True)
    time_limit_seconds = Count(required=True)
    question_count = Count(required=True)
    state = Computed(
        lambda round: round.state_at(utcnow()).value,
        "string",
        required=True,
        metadata=choices(RoundState),
    )
    question_source = Computed(
        lambda round: "fixed" if round.fixed_questions else "blueprint",
        "string",
        required=True,
        metadata={"enum": ["blueprint", "fixed"]},
    )
    blueprint = BlueprintCells(BlueprintCellSchema, many=True, allow_none=True, required=True)
    shuffle_questions = Bool(required=True)
    shuffle_options = Bool(required=True)
    points_per_question = Float(required=True)
    points_by_difficulty = Dict(keys=Text(), values=Float(), allow_none=True, required=True)
    multi_choice_scoring = Enum(MultiChoiceScoring, required=True)
    max_attempts = Count(required=True)
    cooldown_seconds = Count(required=True)
    counted_attempt = Enum(CountedAttempt, required=True)
    prediction_question = Text(allow_none=True, required=True)
    prediction_target = Enum(PredictionTarget, allow_none=True, required=True)
    tie_break = List(Text(metadata={"enum": list(TIE_BREAK_KEYS)}), required=True)
    review_policy = Enum(ReviewPolicy, required=True)
    auto_publish = Bool(required=True)
    leaderboard_visibility = Enum(Visibility, required=True)
    leaderboard_freeze_hours = Count(required=True)
    display_mode = Enum(DisplayMode, required=True)
    announced_at = VietnamTime(
        allow_none=True,
        required=True,
        metadata={"description": "null: a draft, which only staff see (POST …/announce)"},
    )
    closed_early_at = VietnamTime(allow_none=True, required=True)
    results_published_at = VietnamTime(allow_none=True, required=True)
    question_ids = Computed(
        fixed_question_ids,
        "array",
        allow_none=True,
        metadata={
            "items": {"type": "integer"},
            "description": "Staff only: the fixed list, or null for a blueprint",
        },
    )

    @post_dump
    def _staff_only(self, data: dict, **kwargs) -> dict:
        if not is_staff():
            for name in STAFF_ONLY:
                data.pop(name, None)
        return data


class RoundDetailSchema(RoundSchema):
    """One round, as its own answer: staff also learn whether its settings are frozen."""

    frozen = Computed(
        rounds.is_frozen,
        "boolean",
        metadata={"description": "Staff only: settings locked since the first attempt started"},
    )


class ContestRounds(Nested):
    """A contest's rounds: staff see the drafts too, everyone else the announced ones."""

    def get_value(self, obj, attr, accessor=None, default=None):
        return obj.rounds if is_staff() else obj.announced_rounds


class CheckSchema(ApiSchema):
    name = Text(required=True, metadata={"enum": ["rules", "questions", "prizes", "dates"]})
    ok = Bool(required=True)
    message = Text(required=True)


class ChecklistSchema(ApiSchema):
    """What must be true before a draft round is announced."""

    round_id = Id(required=True)
    ready = Bool(required=True)
    checks = Nested(CheckSchema, many=True, required=True)


class GroupSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    eligible = Bool(required=True)


class ContestSchema(ApiSchema):
    """A contest with its participant groups and its rounds."""

    id = Id(required=True)
    slug = Text(required=True)
    title = Text(required=True)
    description = Text(required=True)
    rules = Text(required=True, metadata={"description": "Markdown"})
    organizing_unit = Text(required=True)
    status = Enum(ContestStatus, required=True)
    min_age = Count(allow_none=True, required=True)
    required_fields = Computed(
        lambda contest: list(contest.required_fields or []),
        "array",
        required=True,
        metadata={"items": {"type": "string", "enum": list(REGISTRATION_FIELDS)}},
    )
    ranking_mode = Enum(RankingMode, required=True)
    banner_url = Computed(
        lambda contest: f"{PREFIX}/contests/{contest.id}/banner" if contest.banner_path else None,
        "string",
        allow_none=True,
        required=True,
    )
    groups = Nested(GroupSchema, many=True, required=True)
    rounds = ContestRounds(RoundSchema, many=True, required=True)
    created_at = VietnamTime(required=True)
