"""The candidate's home: the rounds they can take now or soon, and the history of their attempts."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from contest.attempts import lobby
from contest.attempts.marking import review
from contest.attempts.own_attempts import user_attempts
from contest.core.access import Role, roles_required
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.rounds.models import Contest, ContestStatus, Round

bp = Blueprint("candidate", __name__, url_prefix="/me")


@bp.get("/")
@roles_required(Role.CANDIDATE)
def home():
    now = utcnow()
    history = user_attempts(current_user, now)
    contests = db.session.scalars(
        select(Contest)
        .where(Contest.status == ContestStatus.PUBLISHED)
        .where(Contest.rounds.any(Round.closes_at > now))
        .order_by(Contest.created_at.desc())
    ).all()
    entries = [
        entry
        for contest in contests
        for entry in lobby.round_entries(contest, current_user, now)
        if entry.round.closes_at > now
    ]
    shows_score = {a.id: review.score_visible(a.round, now) for a in history}
    return render_template(
        "candidate/home.html", entries=entries, history=history, shows_score=shows_score, now=now
    )
