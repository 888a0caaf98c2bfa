"""What the contests and rounds API reads and answers.

Request schemas check the shape of a body (types, lists, objects); every rule of a contest or a
round, with its Vietnamese message, stays in the services, which read the same body from the
pages' forms. Unknown fields are ignored, as before: a client may send back a round it read.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import fields, post_dump

from contest.core.api import PREFIX
from contest.core.clock import utcnow
from contest.core.i18n import display_zone
from contest.core.schemas import (
    MESSAGES,
    ApiSchema,
    Bool,
    Computed,
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
    Text,
)
from contest.rounds import rounds
from contest.rounds.contests import REGISTRATION_FIELDS, SLUG_MAX, SLUG_PATTERN
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
from contest.rounds.settings import MAX_ATTEMPTS, MAX_TIME_LIMIT_SECONDS, TIE_BREAK_KEYS
from questions.models import Difficulty

TIME = {"format": "date-time", "description": "ISO 8601, any offset; without one, Vietnam time"}


def choices(enum) -> dict[str, list[str]]:
    """Document an enumeration the service checks (with its own message) in the schema."""
    return {"enum": [member.value for member in enum]}


def signed_in_user():
    """The signed-in user, or None for an anonymous visitor."""
    return current_user if current_user.is_authenticated else None


def is_staff() -> bool:
    """Whether the visitor is staff (sees drafts, a round's fixed list, whether it is frozen)."""
    return current_user.is_authenticated and current_user.is_staff


class VietnamTime(Moment):
    """An instant in Vietnam time with its offset (2026-12-01T08:00:00+07:00): the contests API
    has always answered the times an organizer typed as they were typed, not in UTC."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs) -> str | None:
        return value.astimezone(display_zone()).isoformat() if value else None


class TopicRef(fields.Field):
    """A topic by its name (as imported, e.g. "Hiến pháp") or by its id."""

    default_error_messages = {
        "invalid": _l("Chủ đề là tên chủ đề (chuỗi ký tự) hoặc mã số của nó (số nguyên)."),
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(self, **kwargs):
        metadata = {
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.make_error("invalid")
        return value


# --- requests ----------------------------------------------------------------------------------


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


# --- answers -----------------------------------------------------------------------------------


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
