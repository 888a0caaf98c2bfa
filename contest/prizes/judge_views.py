"""The judges' area: the rounds whose results they verify, with links to each results page."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import func, select

from contest.attempts.models import Attempt, AttemptStatus
from contest.core.access import JUDGE_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.prizes.models import PrizeResult
from contest.rounds.models import Contest, Round

bp = Blueprint("judge", __name__, url_prefix="/judge")


@bp.get("/")
@roles_required(*JUDGE_ROLES)
def home():
    submitted = (
        select(Attempt.round_id, func.count().label("n"))
        .where(Attempt.status != AttemptStatus.IN_PROGRESS)
        .group_by(Attempt.round_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Round, Contest, func.coalesce(submitted.c.n, 0), PrizeResult.status)
        .join(Contest, Round.contest_id == Contest.id)
        .outerjoin(submitted, submitted.c.round_id == Round.id)
        .outerjoin(PrizeResult, PrizeResult.round_id == Round.id)
        .order_by(Round.closes_at.desc())
    ).all()
    rows = [(r, c, n, status.value if status else None) for r, c, n, status in rows]
    return render_template("judge/home.html", rows=rows, now=utcnow())
