"""API routes: round and contest leaderboards, the candidate's own row, rebuilds, the prediction."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import bp, document
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.ranking.board_access import initials, is_results_staff, visible_contest, visible_round
from contest.ranking.boards import contest_board_frozen, leaderboard_view
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board
from contest.ranking.prediction import recompute_prediction_actual
from contest.ranking.schemas import JUDGES, STAFF, iso, line_json
from contest.ranking.snapshot import rebuild_snapshot
from contest.ranking.snapshot_state import freeze_moment
from questions.search import paging

LEADERBOARD_ANSWER = (
    "{round_id, generated_at, frozen, items: [{rank, tied, candidate: {display_name, unit, "
    "locality}, score, duration_ms, prediction, prediction_error, submitted_at}], total, page, "
    "per_page}; staff also get candidate.full_name, id_number, phone, user_id and attempt_id"
)
document(
    "/rounds/{round_id}/leaderboard",
    "get",
    "A round's leaderboard, paged: score ↓, duration ↑, prediction error ↑, submit time ↑ "
    "(or the round's tie-break order); equal on every key → equal rank (1, 2, 2, 4). "
    "Public pages mask names; in the last leaderboard_freeze_hours before the close "
    "non-staff see the board as it stood at the freeze (frozen: true). " + LEADERBOARD_ANSWER,
    roles="anyone, as the round's leaderboard_visibility allows",
    responses={
        200: "The page",
        400: "Bad paging",
        401: "Sign-in needed (candidates only)",
        403: "leaderboard_hidden",
        404: "No such round",
    },
)


@bp.get("/rounds/<int:round_id>/leaderboard")
def round_leaderboard(round_id: int):
    round = visible_round(round_id, current_user)
    page, per_page = paging(request.args)
    view = leaderboard_view(round, current_user, offset=(page - 1) * per_page, limit=per_page)
    return jsonify(
        round_id=round.id,
        generated_at=iso(view.generated_at),
        frozen=view.frozen,
        items=[line_json(line, view.staff, _me()) for line in view.lines],
        total=view.total,
        page=page,
        per_page=per_page,
    )


def _me() -> int | None:
    return current_user.id if current_user.is_authenticated else None


document(
    "/rounds/{round_id}/leaderboard/me",
    "get",
    "The signed-in candidate's own row and rank: {round_id, generated_at, frozen, rank, item} "
    "(rank and item null when they have no final attempt on the board they may see)",
    roles="signed in",
    responses={
        200: "The row",
        401: "Not signed in",
        403: "leaderboard_hidden",
        404: "No such round",
    },
)


@bp.get("/rounds/<int:round_id>/leaderboard/me")
@login_required
def my_standing(round_id: int):
    round = visible_round(round_id, current_user)
    view = leaderboard_view(round, current_user, own=current_user.id)
    line = view.lines[0] if view.lines else None
    return jsonify(
        round_id=round.id,
        generated_at=iso(view.generated_at),
        frozen=view.frozen,
        rank=line.rank if line else None,
        item=line_json(line, view.staff, current_user.id) if line else None,
    )


document(
    "/contests/{contest_id}/leaderboard",
    "get",
    "The contest's leaderboard across rounds (Contest.ranking_mode: sum of the rounds' "
    "counted rows, or the best round), overall or for one participant group (?group=id); "
    "paged {contest_id, group, frozen, items: [{rank, tied, candidate, score, duration_ms, "
    "prediction_error, submitted_at, rounds}], total, page, per_page}",
    roles="anyone, as the rounds' leaderboard_visibility allows",
    responses={
        200: "The page",
        400: "Bad paging or group",
        401: "Sign-in needed",
        403: "leaderboard_hidden",
        404: "No such contest",
    },
)


@bp.get("/contests/<int:contest_id>/leaderboard")
def contest_leaderboard(contest_id: int):
    contest = visible_contest(contest_id, current_user)
    group_id = _group_arg(contest)
    page, per_page = paging(request.args)
    staff = is_results_staff(current_user)
    frozen = False if staff else contest_board_frozen(contest, current_user)
    rows, total = contest_standings(
        contest, group_id, offset=(page - 1) * per_page, limit=per_page, frozen=frozen
    )
    me = current_user.id if current_user.is_authenticated else None
    return jsonify(
        contest_id=contest.id,
        group=group_id,
        frozen=frozen,
        items=[contest_line_json(row, staff, me) for row in rows],
        total=total,
        page=page,
        per_page=per_page,
    )


def contest_line_json(row, staff: bool, me: int | None) -> dict[str, Any]:
    own = me is not None and row["user_id"] == me
    place = row["unit"] or row["locality"]
    masked = initials(row["full_name"]) + (f" — {place}" if place else "")
    candidate = {
        "display_name": row["full_name"] if staff or own else masked,
        "unit": row["unit"],
        "locality": row["locality"],
    }
    if staff:
        candidate.update(
            full_name=row["full_name"],
            id_number=row["id_number"],
            phone=row["phone"],
            user_id=row["user_id"],
        )
    item = {
        "rank": row["rank"],
        "tied": bool(row["tied"]),
        "candidate": candidate,
        "score": row["score"],
        "duration_ms": row["duration_ms"],
        "prediction_error": row["prediction_error"],
        "submitted_at": iso(row["submitted_at"]),
        "rounds": row["rounds"],
    }
    if own:
        item["is_me"] = True
    return item


def _group_arg(contest) -> int | None:
    raw = request.args.get("group")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in {g.id for g in contest.groups}:
        raise InvalidInput.for_fields({"group": str(_l("Nhóm đối tượng không thuộc cuộc thi."))})
    return int(raw)


document(
    "/rounds/{round_id}/leaderboard/rebuild",
    "post",
    "Rebuild the round's rank snapshot now (it is otherwise rebuilt as it ages)",
    roles=STAFF,
    responses={
        200: "{round_id, generated_at, rows}",
        401: "Not signed in",
        403: "Not staff",
        404: "No such round",
    },
)


@bp.post("/rounds/<int:round_id>/leaderboard/rebuild")
@roles_required(*RESULTS_ROLES)
def rebuild_leaderboard(round_id: int):
    round = visible_round(round_id, current_user)
    state = rebuild_snapshot(round, Board.LIVE)
    if freeze_moment(round):
        rebuild_snapshot(round, Board.FROZEN)
    db.session.commit()
    return jsonify(round_id=round.id, generated_at=iso(state.built_at), rows=state.row_count)


document(
    "/rounds/{round_id}/prediction-actual",
    "post",
    "Recount the round's prediction target (judge action; audit-logged): {prediction_actual}",
    roles=JUDGES,
    responses={
        200: "The recounted value",
        400: "No prediction question",
        401: "Not signed in",
        403: "Not a judge",
        404: "No such round",
    },
)


@bp.post("/rounds/<int:round_id>/prediction-actual")
@roles_required(*JUDGE_ROLES)
def recount_prediction(round_id: int):
    round = visible_round(round_id, current_user)
    value = recompute_prediction_actual(round)
    db.session.commit()
    return jsonify(prediction_actual=value)
