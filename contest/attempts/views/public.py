"""Public pages: the list of contests, and each contest's lobby with its rules and rounds."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from contest.announcements.services import public_announcements
from contest.attempts import lobby
from contest.core.access import Role
from contest.core.clock import utcnow
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.core.markup import render_markdown
from contest.rounds.contests import REGISTRATION_FIELD_LABELS
from contest.rounds.models import Contest, ContestStatus

bp = Blueprint("public", __name__)


def get_published_contest(slug: str) -> Contest:
    """The published (or archived) contest with this slug, else 404."""
    contest = db.session.scalar(select(Contest).where(Contest.slug == slug))
    if contest is None or contest.status == ContestStatus.DRAFT:
        raise NotFound()
    return contest


@bp.get("/")
def index():
    contests = db.session.scalars(
        select(Contest)
        .where(Contest.status == ContestStatus.PUBLISHED)
        .order_by(Contest.created_at.desc())
    ).all()
    return render_template("public/index.html", contests=contests, now=utcnow())


@bp.get("/contests/<slug>")
def contest_page(slug: str):
    """The lobby: rules, rounds with their state and, for a candidate, how to take part."""
    contest = get_published_contest(slug)
    now = utcnow()
    candidate = (
        current_user
        if current_user.is_authenticated and current_user.role == Role.CANDIDATE
        else None
    )
    entries = lobby.round_entries(contest, candidate, now)
    context = {"participation": None, "problem": None}
    if candidate is not None:
        context["participation"] = lobby.participation(contest, candidate)
        context["problem"] = lobby.entry_problem(contest, candidate, now)
    return render_template(
        "public/contest.html",
        contest=contest,
        rules_html=render_markdown(contest.rules),
        required_fields=[
            str(REGISTRATION_FIELD_LABELS[name])
            for name in contest.required_fields or []
            if name in REGISTRATION_FIELD_LABELS
        ],
        entries=entries,
        candidate=candidate,
        announcements=public_announcements(contest),
        now=now,
        **context,
    )
