"""The candidate's home: open rounds they can take and their own attempts."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from contest.access import roles_required
from contest.clock import utcnow
from contest.extensions import db
from contest.models import Attempt, Contest, ContestStatus, Role, Round

bp = Blueprint("candidate", __name__, url_prefix="/me")


@bp.get("/")
@roles_required(Role.CANDIDATE)
def home():
    now = utcnow()
    rounds = db.session.scalars(
        select(Round)
        .join(Contest)
        .where(Contest.status == ContestStatus.PUBLISHED, Round.closes_at > now)
        .order_by(Round.opens_at)
    ).all()
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.user_id == current_user.id).order_by(Attempt.started_at.desc())
    ).all()
    return render_template("candidate/home.html", rounds=rounds, attempts=attempts, now=now)
