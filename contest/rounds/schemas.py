"""JSON for contests and rounds as the API answers them, shaped by who is asking."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import current_user

from contest.core.clock import utcnow
from contest.core.i18n import display_zone
from contest.rounds import rounds
from contest.rounds.models import Contest, Round


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in Vietnam time, with its +07:00 offset."""
    return value.astimezone(display_zone()).isoformat() if value else None


def signed_in_user():
    """The signed-in user, or None for an anonymous visitor."""
    return current_user if current_user.is_authenticated else None


def is_staff() -> bool:
    """Whether the visitor is staff (sees drafts and a round's fixed list)."""
    return current_user.is_authenticated and current_user.is_staff


def round_json(round: Round, now: datetime | None = None, *, single: bool = True) -> dict[str, Any]:
    """A round with every setting; for staff also the fixed list and (single round) `frozen`."""
    settings = rounds.round_settings(round)
    body = {
        "id": round.id,
        "contest_id": round.contest_id,
        **{k: v for k, v in settings.items() if k not in ("opens_at", "closes_at", "question_ids")},
        "opens_at": iso(round.opens_at),
        "closes_at": iso(round.closes_at),
        "question_count": round.question_count,
        "state": round.state_at(now or utcnow()).value,
        "closed_early_at": iso(round.closed_early_at),
        "results_published_at": iso(round.results_published_at),
        "question_source": "fixed" if round.fixed_questions else "blueprint",
    }
    if is_staff():
        body["question_ids"] = settings["question_ids"]
        if single:
            body["frozen"] = rounds.is_frozen(round)
    return body


def contest_json(contest: Contest, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    return {
        "id": contest.id,
        "slug": contest.slug,
        "title": contest.title,
        "description": contest.description,
        "rules": contest.rules,
        "organizing_unit": contest.organizing_unit,
        "status": contest.status.value,
        "min_age": contest.min_age,
        "required_fields": list(contest.required_fields or []),
        "ranking_mode": contest.ranking_mode.value,
        "banner_url": f"/api/v1/contests/{contest.id}/banner" if contest.banner_path else None,
        "groups": [{"id": g.id, "name": g.name, "eligible": g.eligible} for g in contest.groups],
        "rounds": [round_json(r, now, single=False) for r in contest.rounds],
        "created_at": iso(contest.created_at),
    }
