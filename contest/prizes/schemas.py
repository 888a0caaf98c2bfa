"""JSON for prize lists: the answer shape, and the tiers read from a request body."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.errors import InvalidInput
from contest.prizes.proposal import TierInput, boundary_ties
from contest.ranking.schemas import iso

TIERS_SCHEMA = {
    "type": "object",
    "required": ["tiers"],
    "properties": {
        "tiers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "count"],
                "properties": {
                    "name": {"type": "string"},
                    "count": {"type": "integer", "minimum": 1},
                    "group_id": {"type": "integer", "nullable": True},
                },
            },
        },
        "one_prize_per_person": {"type": "boolean"},
    },
}
PRIZE_ANSWER = (
    "{id, contest_id, round_id, status: draft|locked, one_prize_per_person, tiers, awards: "
    "[{position, tier, group_id, rank, user_id, full_name, id_number, unit, locality, score, "
    "duration_ms, prediction_error, submitted_at, boundary_tie}], exclusions, approvals, "
    "proposal_sha256, sha256, locked_at, boundary_ties}"
)


def result_json(result) -> dict[str, Any]:
    tiers = {t.id: t.name for t in result.tiers}
    return {
        "id": result.id,
        "contest_id": result.contest_id,
        "round_id": result.round_id,
        "status": result.status.value,
        "one_prize_per_person": result.one_prize_per_person,
        "tiers": [
            {"id": t.id, "name": t.name, "count": t.count, "group_id": t.group_id}
            for t in result.tiers
        ],
        "awards": [
            {
                "position": a.position,
                "tier": tiers.get(a.tier_id),
                "group_id": a.group_id,
                "rank": a.rank,
                "user_id": a.user_id,
                "full_name": a.full_name,
                "id_number": a.id_number,
                "unit": a.unit,
                "locality": a.locality,
                "score": a.score,
                "duration_ms": a.duration_ms,
                "prediction_error": a.prediction_error,
                "submitted_at": iso(a.submitted_at),
                "boundary_tie": a.boundary_tie,
            }
            for a in result.awards
        ],
        "exclusions": [
            {
                "user_id": e.user_id,
                "full_name": e.user.full_name,
                "reason": e.reason,
                "judge": e.judge.full_name,
                "at": iso(e.at),
            }
            for e in result.exclusions
        ],
        "approvals": [
            {
                "judge_id": a.judge_id,
                "judge": a.judge.full_name,
                "at": iso(a.at),
                "proposal_sha256": a.proposal_sha256,
            }
            for a in result.approvals
        ],
        "proposal_sha256": result.proposal_sha256,
        "sha256": result.sha256,
        "locked_at": iso(result.locked_at),
        "boundary_ties": len(boundary_ties(result)),
    }


def tiers_input(body: dict[str, Any]) -> list[TierInput]:
    raw = body.get("tiers")
    if not isinstance(raw, list):
        raise InvalidInput.for_fields({"tiers": str(_l("Danh sách giải không hợp lệ."))})
    tiers = []
    for i, tier in enumerate(raw):
        if (
            not isinstance(tier, dict)
            or not isinstance(tier.get("count"), int)
            or isinstance(tier.get("count"), bool)
        ):
            raise InvalidInput.for_fields({f"tiers[{i}]": str(_l("Mỗi giải cần tên và số lượng."))})
        group = tier.get("group_id")
        tiers.append(
            TierInput(
                str(tier.get("name") or ""),
                tier["count"],
                group if isinstance(group, int) else None,
            )
        )
    return tiers
