"""The organizer's moves at a round's end: close it early, publish its results."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from contest.core import audit
from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.rounds.models import Round, RoundState


def close_round(round: Round, now: datetime) -> Round:
    """End an open round now (closes_at = closed_early_at = now)."""
    # At the very instant it opens, closing would leave it open for no time at all.
    if round.state_at(now) != RoundState.OPEN or now <= round.opens_at:
        raise Conflict(_l("Chỉ có thể kết thúc sớm một tuần thi đang mở."), code="round_not_open")
    before = {"closes_at": round.closes_at.isoformat()}
    round.closes_at = round.closed_early_at = now
    db.session.flush()
    audit.record(
        "rounds.close",
        "round",
        round.id,
        before=before,
        after={"closes_at": now.isoformat(), "closed_early_at": now.isoformat()},
    )
    return round


def publish_results(round: Round, now: datetime) -> Round:
    """Publish a closed round's results (once)."""
    if round.results_published_at is not None:
        raise Conflict(_l("Kết quả tuần thi này đã được công bố."), code="already_published")
    if now < round.closes_at:
        raise Conflict(
            _l("Tuần thi chưa kết thúc nên chưa thể công bố kết quả."), code="round_not_closed"
        )
    round.results_published_at = now
    db.session.flush()
    audit.record(
        "rounds.publish",
        "round",
        round.id,
        before={"results_published_at": None},
        after={"results_published_at": now.isoformat()},
    )
    return round
