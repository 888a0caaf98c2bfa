"""The organizer's moves along a round's life: draft → announced (opens at its time) → open →
closed → results published. Announcing checks the checklist first (contest.prizes.readiness);
closing early also finalizes the attempts in progress (contest.attempts.closing)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from contest.core import audit, cache
from contest.core.errors import Conflict
from contest.core.extensions import db
from contest.rounds.models import Round, RoundState


def close_round(round: Round, now: datetime, reason: str | None = None) -> Round:
    """End an open round now (closes_at = closed_early_at = now), with the organizer's reason."""
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
        reason=(reason or "").strip() or None,
    )
    return round


def mark_announced(round: Round, now: datetime) -> Round:
    """Make a draft visible: candidates see it and it opens at its time (checklist: readiness)."""
    if not round.is_draft:
        raise Conflict(_l("Tuần thi này đã được công khai."), code="already_announced")
    round.announced_at = now
    db.session.flush()
    audit.record(
        "rounds.announce",
        "round",
        round.id,
        before={"announced_at": None},
        after={"announced_at": now.isoformat()},
    )
    return round


def publish_results(round: Round, now: datetime, reason: str | None = None) -> Round:
    """Publish a closed round's results (once)."""
    if round.results_published_at is not None:
        raise Conflict(_l("Kết quả tuần thi này đã được công bố."), code="already_published")
    if now < round.closes_at:
        raise Conflict(
            _l("Tuần thi chưa kết thúc nên chưa thể công bố kết quả."), code="round_not_closed"
        )
    round.results_published_at = now
    db.session.flush()
    cache.invalidate_round(round.id, round.contest_id)
    audit.record(
        "rounds.publish",
        "round",
        round.id,
        before={"results_published_at": None},
        after={"results_published_at": now.isoformat()},
        reason=(reason or "").strip() or None,
    )
    return round
