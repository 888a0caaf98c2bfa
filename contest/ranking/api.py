"""Rankings on the API: round and contest leaderboards, the own row, rebuilds, the prediction,
and the public feed other sites embed (any origin may read it).

A round's board ranks by score ↓, duration ↑, prediction error ↑, submit time ↑ (or the round's
tie-break order); lines equal on every key share a rank (1, 2, 2, 4). Public lines mask names;
in the last leaderboard_freeze_hours before the close non-staff see the board as it stood at
the freeze (frozen: true).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.core.api.schemas import PageArgs
from contest.core.clock import utcnow
from contest.core.errors import InvalidInput
from contest.ranking import boards
from contest.ranking.board_access import (
    is_results_staff,
    published_contest,
    visible_contest,
    visible_round,
)
from contest.ranking.board_cache import public_contest_page
from contest.ranking.boards import contest_board_frozen, leaderboard_view
from contest.ranking.contest_ranking import contest_standings
from contest.ranking.models import Board
from contest.ranking.prediction import recompute_prediction_actual
from contest.ranking.schemas import (
    ContestLeaderboardArgs,
    ContestLeaderboardSchema,
    FeedArgs,
    FeedSchema,
    OwnStandingSchema,
    PredictionActualSchema,
    RebuiltSchema,
    RoundLeaderboardSchema,
    contest_line_answer,
    line_answer,
)
from contest.ranking.snapshots.build import rebuild_snapshot
from contest.ranking.snapshots.state import freeze_moment

# Each route checks who asks before it reads the request: 401 and 403 come before any 400.
bp = ApiBlueprint("ranking", __name__, "Leaderboards of rounds and contests, and the public feed")
BOARD_REFUSALS = {
    401: "unauthorized: the board is for signed-in candidates",
    403: "leaderboard_hidden",
}


def _me() -> int | None:
    return current_user.id if current_user.is_authenticated else None


@bp.get("/rounds/<int:round_id>/leaderboard")
@bp.arguments(PageArgs, location="query")
@bp.response(200, RoundLeaderboardSchema)
@bp.errors({**BOARD_REFUSALS, 404: "not_found: no such round"})
def round_leaderboard(args: dict, round_id: int):
    """A round's leaderboard, paged (staff also get each candidate's identity and attempt).

    Roles: anyone, as the round's leaderboard_visibility allows.
    """
    round = visible_round(round_id, current_user)
    page, per_page = args["page"], args["per_page"]
    view = leaderboard_view(round, current_user, offset=(page - 1) * per_page, limit=per_page)
    return {
        "round_id": round.id,
        "generated_at": view.generated_at,
        "frozen": view.frozen,
        "items": [line_answer(line, view.staff, _me()) for line in view.lines],
        "total": view.total,
        "page": page,
        "per_page": per_page,
    }


@bp.get("/rounds/<int:round_id>/leaderboard/me")
@login_required
@bp.response(200, OwnStandingSchema)
@bp.errors({401: "unauthorized: not signed in", 403: "leaderboard_hidden", 404: "not_found"})
def my_standing(round_id: int):
    """The signed-in candidate's own row and rank (null when not on the board they may see).

    Roles: signed in.
    """
    round = visible_round(round_id, current_user)
    view = leaderboard_view(round, current_user, own=current_user.id)
    line = view.lines[0] if view.lines else None
    return {
        "round_id": round.id,
        "generated_at": view.generated_at,
        "frozen": view.frozen,
        "rank": line.rank if line else None,
        "item": line_answer(line, view.staff, current_user.id) if line else None,
    }


@bp.get("/contests/<int:contest_id>/leaderboard")
@bp.arguments(ContestLeaderboardArgs, location="query")
@bp.response(200, ContestLeaderboardSchema)
@bp.errors({**BOARD_REFUSALS, 404: "not_found: no such contest"})
def contest_leaderboard(args: dict, contest_id: int):
    """A contest's leaderboard across rounds (sum or best round), overall or for one group.

    Roles: anyone, as the rounds' leaderboard_visibility allows.
    """
    contest = visible_contest(contest_id, current_user)
    group_id = args["group"]
    if group_id is not None and group_id not in {g.id for g in contest.groups}:
        raise InvalidInput.for_fields({"group": str(_l("Nhóm đối tượng không thuộc cuộc thi."))})
    page, per_page = args["page"], args["per_page"]
    staff = is_results_staff(current_user)
    frozen = False if staff else contest_board_frozen(contest, current_user)
    offset = (page - 1) * per_page
    if staff or group_id is not None:
        rows, total = contest_standings(
            contest, group_id, offset=offset, limit=per_page, frozen=frozen
        )
    else:
        rows, total = public_contest_page(contest, frozen=frozen, offset=offset, limit=per_page)
    return {
        "contest_id": contest.id,
        "group": group_id,
        "frozen": frozen,
        "items": [contest_line_answer(row, staff, _me()) for row in rows],
        "total": total,
        "page": page,
        "per_page": per_page,
    }


@bp.post("/rounds/<int:round_id>/leaderboard/rebuild")
@roles_required(*RESULTS_ROLES)
@bp.response(200, RebuiltSchema)
@bp.errors({404: "not_found"})
def rebuild_leaderboard(round_id: int):
    """Rebuild the round's rank snapshot now (it is otherwise rebuilt as it ages).

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    state = rebuild_snapshot(round, Board.LIVE)
    if freeze_moment(round):
        rebuild_snapshot(round, Board.FROZEN)
    return {"round_id": round.id, "generated_at": state.built_at, "rows": state.row_count}


@bp.post("/rounds/<int:round_id>/prediction-actual")
@roles_required(*JUDGE_ROLES)
@bp.response(200, PredictionActualSchema)
@bp.errors({400: "invalid_input: the round has no prediction question", 404: "not_found"})
def recount_prediction(round_id: int):
    """Recount the round's prediction target (audit-logged).

    Roles: judge, admin.
    """
    return {"prediction_actual": recompute_prediction_actual(visible_round(round_id, current_user))}


FEED_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=30"}


@bp.get("/public/contests/<slug>/feed")
@bp.arguments(FeedArgs, location="query")
@bp.response(200, FeedSchema)
@bp.errors({404: "not_found: no such published contest"})
def public_feed(args: dict, slug: str):
    """The current round and the top of its board (?limit=, at most 50), names masked.

    Roles: anyone.
    """
    feed = boards.public_feed(published_contest(slug), args["limit"])
    round = feed.round
    answer = {
        "contest": feed.contest,
        "round": None
        if round is None
        else {
            "id": round.id,
            "name": round.name,
            "state": round.state_at(utcnow()),
            "opens_at": round.opens_at,
            "closes_at": round.closes_at,
        },
        "leaderboard_visible": feed.visible,
        "frozen": feed.frozen,
        "generated_at": feed.generated_at,
        "items": [line_answer(line, staff=False) for line in feed.lines],
    }
    return answer, 200, FEED_HEADERS
