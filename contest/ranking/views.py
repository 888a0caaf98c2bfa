"""Rankings: public leaderboards, the widget, and the judges' leaderboard pages.

Prizes, integrity, statistics and exports have their own judge pages, under /results too.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.forms import EmptyForm, submit_action
from contest.core.web.input_guard import arg_int
from contest.jobs import operations
from contest.jobs.models import OperationKind
from contest.prizes.prize_list import prize_names
from contest.ranking.board_access import (
    masked_name,
    public_name,
    published_contest,
    visible_contest,
    visible_round,
)
from contest.ranking.board_cache import public_contest_page
from contest.ranking.boards import contest_board_frozen, leaderboard_view, public_feed
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board
from contest.ranking.prediction import recompute_prediction_actual
from contest.ranking.snapshots.build import rebuild_snapshot

bp = Blueprint("results", __name__)
PER_PAGE = 50


def _page() -> int:
    return arg_int(request.args, "page") or 1


# --- public -------------------------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/leaderboard")
def public_leaderboard(round_id: int):
    """The round's leaderboard as this visitor may see it (names masked but their own)."""
    round = visible_round(round_id, current_user)
    page = _page()
    view = leaderboard_view(round, current_user, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    me = current_user.id if current_user.is_authenticated else None
    mine = leaderboard_view(round, current_user, own=me).lines if me else []
    return render_template(
        "results/public_leaderboard.html",
        round=round,
        view=view,
        page=page,
        per_page=PER_PAGE,
        me=me,
        mine=mine[0] if mine else None,
        public_name=public_name,
    )


@bp.get("/contests/<slug>/leaderboard")
def public_contest_leaderboard(slug: str):
    """The contest's board across its rounds, as the rounds' visibility allows (names masked)."""
    contest = published_contest(slug)
    frozen = contest_board_frozen(contest, current_user)
    page = _page()
    rows, total = public_contest_page(
        contest, frozen=frozen, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    me = current_user.id if current_user.is_authenticated else None
    return render_template(
        "results/public_contest_leaderboard.html",
        contest=contest,
        rows=rows,
        total=total,
        page=page,
        per_page=PER_PAGE,
        frozen=frozen,
        me=me,
        masked_name=masked_name,
    )


@bp.get("/contests/<slug>/widget")
def widget(slug: str):
    """An embeddable page (iframe) with the current round and the top of its leaderboard."""
    contest = published_contest(slug)
    limit = request.args.get("limit", "10")
    feed = public_feed(contest, int(limit) if limit.isdigit() and 0 < int(limit) <= 50 else 10)
    response = current_app.make_response(
        render_template("results/widget.html", feed=feed, now=utcnow(), public_name=public_name)
    )
    ancestors = current_app.config.get("WIDGET_FRAME_ANCESTORS", "*")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        f"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
    # No standard X-Frame-Options value allows every site; browsers ignore unknown values and
    # obey the CSP frame-ancestors above, so this only replaces the site-wide DENY.
    response.headers["X-Frame-Options"] = "ALLOWALL"
    return response


# --- the judges' round pages ------------------------------------------------------------------


@bp.get("/results/rounds/<int:round_id>")
@roles_required(*RESULTS_ROLES)
def round_leaderboard(round_id: int):
    round = visible_round(round_id, current_user)
    page = _page()
    view = leaderboard_view(round, current_user, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    return render_template(
        "results/round.html",
        round=round,
        view=view,
        page=page,
        per_page=PER_PAGE,
        prize_names=prize_names(round),
        form=EmptyForm(),
        now=utcnow(),
    )


@bp.post("/results/rounds/<int:round_id>/rebuild")
@roles_required(*RESULTS_ROLES)
def rebuild(round_id: int):
    round = visible_round(round_id, current_user)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("results.round_leaderboard", round_id=round.id))
    if operations.runs_in_background(round):
        operation = operations.enqueue(
            OperationKind.RANKING, {"board": "live"}, current_user, round
        )
        return redirect(url_for("operations.operation_page", operation_id=operation.id))
    submit_action(lambda: rebuild_snapshot(round, Board.LIVE), _("Đã cập nhật bảng xếp hạng."))
    return redirect(url_for("results.round_leaderboard", round_id=round.id))


@bp.post("/results/rounds/<int:round_id>/prediction")
@roles_required(*JUDGE_ROLES)
def recount_prediction(round_id: int):
    round = visible_round(round_id, current_user)
    if EmptyForm().validate_on_submit():
        submit_action(
            lambda: recompute_prediction_actual(round), _("Đã đếm lại đáp án câu dự đoán.")
        )
    return redirect(url_for("results.round_leaderboard", round_id=round.id))


@bp.get("/results/contests/<int:contest_id>")
@roles_required(*RESULTS_ROLES)
def contest_leaderboard(contest_id: int):
    contest = visible_contest(contest_id, current_user)
    group = request.args.get("group", "")
    group_id = (
        int(group) if group.isdigit() and int(group) in {g.id for g in contest.groups} else None
    )
    page = _page()
    rows, total = contest_standings(contest, group_id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE)
    return render_template(
        "results/contest.html",
        contest=contest,
        rows=rows,
        total=total,
        page=page,
        per_page=PER_PAGE,
        group_id=group_id,
    )
