"""What the rankings API reads and answers: leaderboard lines, pages, the own row, the feed.

A line's candidate is masked for the public (initials and unit or locality) unless it is the
viewer's own; staff get the full identity. The views build the lines (`line_answer`,
`contest_line_answer`), the schemas shape and describe them: keys only some viewers get are
optional, so a masked line never carries an empty identity field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import EXCLUDE

from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Count,
    Enum,
    Float,
    Id,
    Int,
    Moment,
    Nested,
    PageArgs,
    QueryInt,
    Text,
    page_of,
)
from contest.ranking.board_access import masked_name
from contest.ranking.standings import Standing
from contest.rounds.models import RoundState


class CandidateSchema(ApiSchema):
    display_name = Text(required=True, metadata={"description": "Masked unless staff or own"})
    unit = Text(required=True, allow_none=True)
    locality = Text(required=True, allow_none=True)
    full_name = Text(metadata={"description": "Staff only"})
    id_number = Text(allow_none=True, metadata={"description": "Staff only"})
    phone = Text(allow_none=True, metadata={"description": "Staff only"})
    user_id = Id(metadata={"description": "Staff only"})


class LineFiguresSchema(ApiSchema):
    """The figures every leaderboard line shows: rank and the tie-break keys."""

    rank = Count(required=True, metadata={"minimum": 1})
    tied = Bool(required=True, metadata={"description": "Shares its rank with another line"})
    candidate = Nested(CandidateSchema, required=True)
    score = Float(required=True, allow_none=True)
    duration_ms = Int(required=True, allow_none=True)
    prediction_error = Int(required=True, allow_none=True)
    submitted_at = Moment(required=True, allow_none=True)
    is_me = Bool(metadata={"description": "Present (true) on the viewer's own line"})


class LineSchema(LineFiguresSchema):
    prediction = Int(required=True, allow_none=True)
    attempt_id = Id(metadata={"description": "Staff only"})


class RoundLeaderboardSchema(page_of(LineSchema)):
    round_id = Id(required=True)
    generated_at = Moment(required=True)
    frozen = Bool(required=True, metadata={"description": "The board as it stood at the freeze"})


class OwnStandingSchema(ApiSchema):
    round_id = Id(required=True)
    generated_at = Moment(required=True)
    frozen = Bool(required=True)
    rank = Count(required=True, allow_none=True, metadata={"minimum": 1})
    item = Nested(LineSchema, required=True, allow_none=True)


class ContestLineSchema(LineFiguresSchema):
    rounds = Count(required=True, metadata={"description": "Rounds counted"})


class ContestLeaderboardArgs(PageArgs):
    group = QueryInt(
        minimum=1, load_default=None, allow_none=True, metadata={"description": "Group id"}
    )


class ContestLeaderboardSchema(page_of(ContestLineSchema)):
    contest_id = Id(required=True)
    group = Id(required=True, allow_none=True)
    frozen = Bool(required=True)


class RebuiltSchema(ApiSchema):
    round_id = Id(required=True)
    generated_at = Moment(required=True)
    rows = Count(required=True)


class PredictionActualSchema(ApiSchema):
    prediction_actual = Int(required=True, allow_none=True)


class FeedArgs(ApiSchema):
    class Meta:
        unknown = EXCLUDE

    limit = QueryInt(minimum=1, maximum=50, load_default=10)


class FeedContestSchema(ApiSchema):
    slug = Text(required=True)
    title = Text(required=True)


class FeedRoundSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    state = Enum(RoundState, required=True)
    opens_at = Moment(required=True)
    closes_at = Moment(required=True)


class FeedSchema(ApiSchema):
    contest = Nested(FeedContestSchema, required=True)
    round = Nested(FeedRoundSchema, required=True, allow_none=True)
    leaderboard_visible = Bool(required=True)
    frozen = Bool(required=True)
    generated_at = Moment(required=True, allow_none=True)
    items = Nested(LineSchema, many=True, required=True)


def _candidate(who: Mapping[str, Any], staff: bool, own: bool) -> dict[str, Any]:
    """Who a line's candidate is, as this viewer may see it (`who`: the line's identity)."""
    name, unit, locality = who["full_name"], who["unit"], who["locality"]
    candidate = {
        "display_name": name if staff or own else masked_name(name, unit, locality),
        "unit": unit,
        "locality": locality,
    }
    if staff:
        candidate.update(
            full_name=name, id_number=who["id_number"], phone=who["phone"], user_id=who["user_id"]
        )
    return candidate


def line_answer(line: Standing, staff: bool, me: int | None = None) -> dict[str, Any]:
    """A line of a round's board as this viewer may see it."""
    own = me is not None and line.user_id == me
    item = {
        "rank": line.rank,
        "tied": line.tied,
        "candidate": _candidate(vars(line), staff, own),
        "score": line.score,
        "duration_ms": line.duration_ms,
        "prediction": line.prediction,
        "prediction_error": line.prediction_error,
        "submitted_at": line.submitted_at,
    }
    if staff:
        item["attempt_id"] = line.attempt_id
    if own:
        item["is_me"] = True
    return item


def contest_line_answer(row: Mapping[str, Any], staff: bool, me: int | None) -> dict[str, Any]:
    """A line of a contest's board (a row of contest_standings) as this viewer may see it."""
    own = me is not None and row["user_id"] == me
    item = {
        "rank": row["rank"],
        "tied": bool(row["tied"]),
        "candidate": _candidate(row, staff, own),
        "score": row["score"],
        "duration_ms": row["duration_ms"],
        "prediction_error": row["prediction_error"],
        "submitted_at": row["submitted_at"],
        "rounds": row["rounds"],
    }
    if own:
        item["is_me"] = True
    return item
