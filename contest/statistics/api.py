"""Statistics on the API: item analysis, round figures, unit rankings, regrading, the dashboard."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import ApiBlueprint
from contest.core.clock import utcnow
from contest.core.errors import Forbidden
from contest.ranking.board_access import visible_contest, visible_round
from contest.rounds.rounds import get_round
from contest.statistics import item_analysis as analysis
from contest.statistics import regrade
from contest.statistics.dashboard import round_dashboard
from contest.statistics.distribution import participation_by_day, score_distribution
from contest.statistics.schemas import (
    DashboardSchema,
    FiguresSchema,
    ItemListSchema,
    RegradeArgsSchema,
    RegradeReportSchema,
    UnitArgs,
    UnitListSchema,
)
from contest.statistics.unit_ranking import unit_ranking

# Each route checks who asks before it reads the request: 401 and 403 come before any 400.
bp = ApiBlueprint("statistics", __name__, "Item analysis, figures, unit rankings, regrades")
NO_ROUND = {404: "not_found: no such round"}


@bp.get("/rounds/<int:round_id>/items")
@roles_required(*RESULTS_ROLES)
@bp.response(200, ItemListSchema)
@bp.errors(NO_ROUND)
def item_analysis(round_id: int):
    """Item analysis: facility, discrimination and option choices of every question shown.

    Roles: judge, organizer, admin.
    """
    return {"items": analysis.item_analysis(visible_round(round_id, current_user))}


@bp.get("/rounds/<int:round_id>/statistics")
@roles_required(*RESULTS_ROLES)
@bp.response(200, FiguresSchema)
@bp.errors(NO_ROUND)
def round_statistics(round_id: int):
    """Score distribution, final attempts per day, share right per topic and locality.

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    return {
        "score_distribution": score_distribution(round),
        "participation": participation_by_day(round),
        "facility_by_topic_locality": analysis.facility_by_topic_and_locality(round),
    }


@bp.get("/rounds/<int:round_id>/units")
@roles_required(*RESULTS_ROLES)
@bp.arguments(UnitArgs, location="query")
@bp.response(200, UnitListSchema)
@bp.errors(NO_ROUND)
def round_units(args: dict, round_id: int):
    """Collective ranking of units (?kind=unit) or localities (?kind=locality) in the round.

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    return _units(round.contest, round, args)


@bp.get("/contests/<int:contest_id>/units")
@roles_required(*RESULTS_ROLES)
@bp.arguments(UnitArgs, location="query")
@bp.response(200, UnitListSchema)
@bp.errors({404: "not_found: no such contest"})
def contest_units(args: dict, contest_id: int):
    """Collective ranking of units or localities across the contest's rounds.

    Roles: judge, organizer, admin.
    """
    return _units(visible_contest(contest_id, current_user), None, args)


def _units(contest, round, args: dict):
    kind = "locality" if args["kind"] == "locality" else "unit"
    return {"items": unit_ranking(contest, round, kind, args["order"])}


@bp.post("/rounds/<int:round_id>/regrade")
@roles_required(*RESULTS_ROLES)
@bp.arguments(RegradeArgsSchema)
@bp.response(200, RegradeReportSchema)
@bp.errors(
    {
        400: "options_mismatch: the corrected version has another number of options",
        404: "not_found: no such round or question",
        409: "result_locked: a locked prize list rests on the round",
    }
)
def regrade_round(body: dict, round_id: int):
    """Rescore the attempts that showed a question with its corrected key (dry run by default).

    Roles: judge, organizer, admin (applying: organizer, admin).
    """
    round = visible_round(round_id, current_user)
    apply = not body["dry_run"]
    if apply and current_user.role not in ORGANIZER_ROLES:
        raise Forbidden(_l("Chỉ ban tổ chức được áp dụng chấm lại."))
    return regrade.regrade(round, body["question_id"], apply=apply, actor=current_user)


@bp.get("/rounds/<int:round_id>/dashboard")
@roles_required(*RESULTS_ROLES)
@bp.response(200, DashboardSchema)
@bp.errors({404: "not_found"})
def round_dashboard_json(round_id: int):
    """A round's live figures: attempts by status, scores, participation, attempts per hour.

    Roles: organizer, judge, admin.
    """
    now = utcnow()
    board = round_dashboard(get_round(round_id), now)
    return {
        "round_id": round_id,
        "generated_at": now,
        "attempts": board,
        "candidates": board.candidates,
        "average_score": board.average_score,
        "max_score": board.max_score,
        "histogram": [{"from": lo, "to": hi, "attempts": n} for lo, hi, n in board.histogram],
        "by_unit": board.by_unit,
        "by_locality": board.by_locality,
        "per_hour": [{"hour": hour, "attempts": n} for hour, n in board.per_hour],
    }
