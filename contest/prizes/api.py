"""Prizes on the API: prize lists per round or contest, proposals, exclusions, approvals, files.

A list is proposed from the ranking; ties at a tier boundary are flagged (boundary_tie) for the
judges. Two different judges approve the same proposal to lock it: its SHA-256 is then fixed and
the database refuses any change.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.core import audit
from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import ApiBlueprint, binary_response, download
from contest.core.errors import NotFound
from contest.core.export_writer import MIME_TYPES
from contest.prizes import decisions, proposal, unlock
from contest.prizes.prize_list import prize_export
from contest.prizes.schemas import ExclusionSchema, PrizeResultSchema, ReasonSchema, TiersSchema
from contest.ranking.board_access import visible_contest, visible_round

# Each route checks who asks before it reads the request: 401 and 403 come before any 400.
bp = ApiBlueprint("prizes", __name__, "Prize lists: tiers, proposals, exclusions, approvals")
LIST_ERRORS = {404: "not_found: no such list"}
CHANGE_ERRORS = {**LIST_ERRORS, 409: "result_locked"}
CHECKSUM = (
    "Its title block prints the SHA-256 of the canonical CSV of the list (the table below the "
    "title block, UTF-8, CRLF), so anyone can check a copy."
)


def _existing(result):
    if result is None:
        raise NotFound(_l("Chưa có danh sách giải."))
    return result


@bp.get("/rounds/<int:round_id>/prizes")
@roles_required(*RESULTS_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors({404: "not_found: no such round, or no list yet"})
def round_prizes(round_id: int):
    """The round's prize list.

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    return _existing(proposal.result_for(round.contest, round))


@bp.get("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors({404: "not_found: no such contest, or no list yet"})
def contest_prizes(contest_id: int):
    """The contest's prize list (across its rounds).

    Roles: judge, organizer, admin.
    """
    return _existing(proposal.result_for(visible_contest(contest_id, current_user), None))


@bp.post("/rounds/<int:round_id>/prizes")
@roles_required(*RESULTS_ROLES)
@bp.arguments(TiersSchema)
@bp.response(200, PrizeResultSchema)
@bp.errors({404: "not_found: no such round", 409: "result_locked"})
def define_round_prizes(body: dict, round_id: int):
    """Define the round's tiers (optionally per participant group) and propose the list.

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    return _define(round.contest, round, body)


@bp.post("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
@bp.arguments(TiersSchema)
@bp.response(200, PrizeResultSchema)
@bp.errors({404: "not_found: no such contest", 409: "result_locked"})
def define_contest_prizes(body: dict, contest_id: int):
    """Define the contest's tiers (optionally per participant group) and propose the list.

    Roles: judge, organizer, admin.
    """
    return _define(visible_contest(contest_id, current_user), None, body)


def _define(contest, round, body: dict):
    tiers = [
        proposal.TierInput(tier["name"], tier["count"], tier["group_id"]) for tier in body["tiers"]
    ]
    return proposal.define_prizes(
        contest, round, tiers, one_prize_per_person=body["one_prize_per_person"]
    )


@bp.get("/prize-results/<int:result_id>")
@roles_required(*RESULTS_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors(LIST_ERRORS)
def prize_result(result_id: int):
    """A prize list.

    Roles: judge, organizer, admin.
    """
    return proposal.get_result(result_id)


@bp.post("/prize-results/<int:result_id>/propose")
@roles_required(*RESULTS_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors(CHANGE_ERRORS)
def repropose(result_id: int):
    """Propose the list again from the current ranking (earlier approvals lapse if it changes).

    Roles: judge, organizer, admin.
    """
    return proposal.propose(proposal.get_result(result_id))


@bp.post("/prize-results/<int:result_id>/exclusions")
@roles_required(*JUDGE_ROLES)
@bp.arguments(ExclusionSchema)
@bp.response(201, PrizeResultSchema)
@bp.errors({404: "not_found: no such list or user", 409: "result_locked, already_excluded"})
def exclude(body: dict, result_id: int):
    """Exclude a candidate from the list with a written reason (audit-logged); re-proposes.

    Roles: judge, admin.
    """
    result = proposal.get_result(result_id)
    decisions.exclude(result, body["user_id"], body["reason"], current_user)
    return result


@bp.post("/prize-results/<int:result_id>/exclusions/<int:user_id>/reinstate")
@roles_required(*JUDGE_ROLES)
@bp.arguments(ReasonSchema)
@bp.response(200, PrizeResultSchema)
@bp.errors({404: "not_found: not excluded", 409: "result_locked"})
def reinstate(body: dict, result_id: int, user_id: int):
    """Undo an exclusion, with a reason (audit-logged); re-proposes.

    Roles: judge, admin.
    """
    result = proposal.get_result(result_id)
    decisions.reinstate(result, user_id, body["reason"], current_user)
    return result


@bp.post("/prize-results/<int:result_id>/approvals")
@roles_required(*JUDGE_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors(
    {
        **LIST_ERRORS,
        409: "already_approved, unresolved_ties, proposal_outdated, round_not_closed, "
        "result_locked",
    }
)
def approve(result_id: int):
    """Approve the current proposal; the second approval by a different judge locks the list.

    Roles: judge, admin.
    """
    return decisions.approve(proposal.get_result(result_id), current_user)


@bp.post("/prize-results/<int:result_id>/unlock-requests")
@roles_required(*JUDGE_ROLES)
@bp.arguments(ReasonSchema)
@bp.response(201, PrizeResultSchema)
@bp.errors({**LIST_ERRORS, 409: "not_locked, unlock_pending"})
def request_unlock(body: dict, result_id: int):
    """Ask to reopen a locked list, with a written reason (audit-logged); a second judge decides.

    Roles: judge, admin.
    """
    result = proposal.get_result(result_id)
    unlock.request_unlock(result, body["reason"], current_user)
    return result


@bp.post("/prize-results/<int:result_id>/unlock-requests/approve")
@roles_required(*JUDGE_ROLES)
@bp.response(200, PrizeResultSchema)
@bp.errors({**LIST_ERRORS, 409: "no_unlock_request, same_judge"})
def approve_unlock(result_id: int):
    """A second judge agrees: the list is a draft again and its rounds may change (audited).

    Roles: judge, admin.
    """
    return unlock.approve_unlock(proposal.get_result(result_id), current_user)


@bp.get("/prize-results/<int:result_id>/export.xlsx")
@roles_required(*RESULTS_ROLES)
@bp.response(200, description=CHECKSUM, **binary_response(MIME_TYPES["xlsx"]))
@bp.errors(LIST_ERRORS)
def export_prizes_xlsx(result_id: int):
    """The prize list as .xlsx.

    Roles: judge, organizer, admin.
    """
    return _export(result_id, "xlsx")


@bp.get("/prize-results/<int:result_id>/export.csv")
@roles_required(*RESULTS_ROLES)
@bp.response(200, description=CHECKSUM, **binary_response(MIME_TYPES["csv"]))
@bp.errors(LIST_ERRORS)
def export_prizes_csv(result_id: int):
    """The prize list as .csv.

    Roles: judge, organizer, admin.
    """
    return _export(result_id, "csv")


def _export(result_id: int, fmt: str):
    result = proposal.get_result(result_id)
    table = prize_export(result, current_user.full_name)
    audit.record("prize.export", "prize_result", result.id, after={"format": fmt})
    return download(table, fmt, f"danh-sach-giai-{result.id}")
