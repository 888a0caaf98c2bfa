"""What the prizes API reads and answers: tiers, exclusions, reasons, and a prize list."""

from __future__ import annotations

from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Computed,
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
from contest.prizes.decisions import MIN_REASON_LENGTH
from contest.prizes.models import PrizeStatus
from contest.prizes.proposal import MAX_PRIZES, MAX_TIERS, boundary_ties
from contest.prizes.unlock import pending_unlock

TIER_NAME = 120  # PrizeTier.name
REASON = 4000


class TierInputSchema(ApiSchema):
    """A tier; the service checks that it is named, its count positive, its group the contest's."""

    name = Text(max_length=TIER_NAME, load_default="")
    count = Int(minimum=1, maximum=MAX_PRIZES, required=True)
    group_id = Id(load_default=None, allow_none=True, metadata={"description": "Group id"})


class TiersSchema(ApiSchema):
    tiers = List(Nested(TierInputSchema), required=True, max_length=MAX_TIERS)
    one_prize_per_person = Bool(load_default=True)


class ExclusionSchema(ApiSchema):
    user_id = Id(required=True)
    reason = Text(max_length=REASON, load_default="", metadata={"minLength": MIN_REASON_LENGTH})


class ReasonSchema(ApiSchema):
    reason = Text(max_length=REASON, load_default="")


class TierSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    count = Count(required=True)
    group_id = Id(required=True, allow_none=True)


class AwardSchema(ApiSchema):
    position = Count(required=True)
    tier = Computed(
        lambda award: award.tier.name if award.tier else None,
        "string",
        required=True,
        allow_none=True,
        metadata={"description": "null: tied with the last winner, outside every tier"},
    )
    group_id = Id(required=True, allow_none=True)
    rank = Count(required=True)
    user_id = Id(required=True)
    full_name = Text(required=True)
    id_number = Text(required=True, allow_none=True)
    unit = Text(required=True, allow_none=True)
    locality = Text(required=True, allow_none=True)
    score = Float(required=True, allow_none=True)
    duration_ms = Int(required=True, allow_none=True)
    prediction_error = Int(required=True, allow_none=True)
    submitted_at = Moment(required=True, allow_none=True)
    boundary_tie = Bool(required=True)


class ExclusionAnswerSchema(ApiSchema):
    user_id = Id(required=True)
    full_name = Computed(lambda exclusion: exclusion.user.full_name, "string", required=True)
    reason = Text(required=True)
    judge = Computed(lambda exclusion: exclusion.judge.full_name, "string", required=True)
    at = Moment(required=True)


class ApprovalSchema(ApiSchema):
    judge_id = Id(required=True)
    judge = Computed(lambda approval: approval.judge.full_name, "string", required=True)
    at = Moment(required=True)
    proposal_sha256 = Text(required=True)


class UnlockRequestSchema(ApiSchema):
    requested_by = Computed(lambda unlock: unlock.requested_by.full_name, "string", required=True)
    requested_by_id = Id(required=True)
    requested_at = Moment(required=True)
    reason = Text(required=True)


class PrizeResultSchema(ApiSchema):
    """A prize list: its tiers, the proposed (then locked) awards and the judges' decisions."""

    id = Id(required=True)
    contest_id = Id(required=True)
    round_id = Id(required=True, allow_none=True)
    status = Enum(PrizeStatus, required=True)
    one_prize_per_person = Bool(required=True)
    tiers = Nested(TierSchema, many=True, required=True)
    awards = Nested(AwardSchema, many=True, required=True)
    exclusions = Nested(ExclusionAnswerSchema, many=True, required=True)
    approvals = Nested(ApprovalSchema, many=True, required=True)
    proposal_sha256 = Text(required=True, allow_none=True)
    sha256 = Text(required=True, allow_none=True, metadata={"description": "Set once locked"})
    locked_at = Moment(required=True, allow_none=True)
    unlock_request = Computed(
        lambda result: _unlock_json(pending_unlock(result)),
        "object",
        required=True,
        allow_none=True,
        metadata={"description": "A judge's request to reopen the locked list, awaiting a second"},
    )
    boundary_ties = Computed(
        lambda result: len(boundary_ties(result)),
        "integer",
        required=True,
        metadata={"description": "Ties at a tier boundary the judges must decide"},
    )


def _unlock_json(unlock) -> dict | None:
    return UnlockRequestSchema().dump(unlock) if unlock is not None else None
