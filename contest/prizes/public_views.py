"""Public pages of who won: a round's winners and a contest's, masked as on the public board."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from contest.core.clock import utcnow
from contest.prizes.winners import contest_winners, round_winners
from contest.ranking.board_access import (
    is_results_staff,
    masked_name,
    published_contest,
    visible_round,
)

bp = Blueprint("winners", __name__)


def shown_name(award) -> str:
    """Staff and the winner see the full name; everyone else initials and unit or locality."""
    own = current_user.is_authenticated and current_user.id == award.user_id
    if own or is_results_staff(current_user):
        return award.full_name
    return masked_name(award.full_name, award.unit, award.locality)


@bp.get("/rounds/<int:round_id>/winners")
def round_page(round_id: int):
    round = visible_round(round_id, current_user)
    result = round_winners(round, current_user, utcnow())
    return render_template(
        "public/winners.html",
        contest=round.contest,
        lists=[result],
        single=True,
        shown_name=shown_name,
    )


@bp.get("/contests/<slug>/winners")
def contest_page(slug: str):
    contest = published_contest(slug)
    return render_template(
        "public/winners.html",
        contest=contest,
        lists=contest_winners(contest, current_user, utcnow()),
        single=False,
        shown_name=shown_name,
    )
