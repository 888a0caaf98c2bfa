"""The public collective ranking: units and localities by participation, with their rates."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from contest.ranking.board_access import published_contest
from contest.statistics.unit_ranking import unit_ranking

bp = Blueprint("public_statistics", __name__)


@bp.get("/contests/<slug>/units")
def units(slug: str):
    """Counts only (no person is named): who took part, how many, how well, and what share."""
    contest = published_contest(slug)
    kind = "locality" if request.args.get("kind") == "locality" else "unit"
    order = (
        "participation_rate"
        if request.args.get("order") == "participation_rate"
        else ("participants")
    )
    lines = [line for line in unit_ranking(contest, None, kind, order) if line.participants]
    return render_template(
        "public/units.html", contest=contest, lines=lines, kind=kind, order=order
    )
