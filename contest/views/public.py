"""Public pages: the list of contests and each contest's page with its rules and rounds."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from contest.clock import utcnow
from contest.errors import NotFound
from contest.extensions import db
from contest.markup import render_markdown
from contest.models import Contest, ContestStatus

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
    contest = get_published_contest(slug)
    return render_template(
        "public/contest.html", contest=contest, rules_html=render_markdown(contest.rules), now=utcnow()
    )
