"""JSON pieces the results API modules share: timestamps, flags, leaderboard lines, role labels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from contest.ranking.board_access import public_name

STAFF = "judge, organizer, admin"
JUDGES = "judge, admin"
ORGANIZERS = "organizer, admin"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 as stored (UTC), or None."""
    return value.isoformat() if value else None


def bool_arg(value: Any, default: bool) -> bool:
    """A JSON or query flag: true, "1", "true" or "yes"; the default when absent."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes")


def line_json(line, staff: bool, me: int | None = None) -> dict[str, Any]:
    """A leaderboard line; names are masked unless the viewer is staff or it is their own."""
    own = me is not None and line.user_id == me
    candidate = {
        "display_name": line.full_name if staff or own else public_name(line),
        "unit": line.unit,
        "locality": line.locality,
    }
    item = {
        "rank": line.rank,
        "tied": line.tied,
        "candidate": candidate,
        "score": line.score,
        "duration_ms": line.duration_ms,
        "prediction": line.prediction,
        "prediction_error": line.prediction_error,
        "submitted_at": iso(line.submitted_at),
    }
    if staff:
        candidate.update(
            full_name=line.full_name,
            id_number=line.id_number,
            phone=line.phone,
            user_id=line.user_id,
        )
        item["attempt_id"] = line.attempt_id
    if own:
        item["is_me"] = True
    return item
