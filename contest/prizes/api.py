"""API routes: prize lists per round or contest, proposals, exclusions, approvals, the file."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.core import export_writer
from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import bp, document, download, json_body
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.prizes import decisions, proposal
from contest.prizes.prize_list import prize_export
from contest.prizes.schemas import PRIZE_ANSWER, TIERS_SCHEMA, result_json, tiers_input
from contest.ranking.board_access import visible_contest, visible_round
from contest.ranking.schemas import JUDGES, STAFF, bool_arg

for _scope, _param in (("rounds", "round_id"), ("contests", "contest_id")):
    document(
        f"/{_scope}/{{{_param}}}/prizes",
        "get",
        "The prize list of this scope: " + PRIZE_ANSWER,
        roles=STAFF,
        responses={200: "The list", 401: "Not signed in", 403: "Not staff", 404: "No list yet"},
    )
    document(
        f"/{_scope}/{{{_param}}}/prizes",
        "post",
        "Define the tiers (optionally per participant group) and get the proposed allocation "
        "from the ranking; ties at a tier boundary are flagged (boundary_tie) for the judges",
        roles=STAFF,
        request_schema=TIERS_SCHEMA,
        responses={
            200: "The proposal",
            400: "Bad tiers",
            401: "Not signed in",
            403: "Not staff",
            404: "No such scope",
            409: "result_locked",
        },
    )


@bp.get("/rounds/<int:round_id>/prizes")
@roles_required(*RESULTS_ROLES)
def round_prizes(round_id: int):
    round = visible_round(round_id, current_user)
    return jsonify(result_json(_existing(proposal.result_for(round.contest, round))))


@bp.get("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
def contest_prizes(contest_id: int):
    contest = visible_contest(contest_id, current_user)
    return jsonify(result_json(_existing(proposal.result_for(contest, None))))


def _existing(result):
    if result is None:
        raise NotFound(_l("Chưa có danh sách giải."))
    return result


@bp.post("/rounds/<int:round_id>/prizes")
@roles_required(*RESULTS_ROLES)
def define_round_prizes(round_id: int):
    round = visible_round(round_id, current_user)
    return _define(round.contest, round)


@bp.post("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
def define_contest_prizes(contest_id: int):
    return _define(visible_contest(contest_id, current_user), None)


def _define(contest, round):
    body = json_body()
    result = proposal.define_prizes(
        contest,
        round,
        tiers_input(body),
        one_prize_per_person=bool_arg(body.get("one_prize_per_person"), True),
    )
    db.session.commit()
    return jsonify(result_json(result))


document(
    "/prize-results/{result_id}",
    "get",
    "A prize list: " + PRIZE_ANSWER,
    roles=STAFF,
    responses={200: "The list", 401: "Not signed in", 403: "Not staff", 404: "No such list"},
)


@bp.get("/prize-results/<int:result_id>")
@roles_required(*RESULTS_ROLES)
def prize_result(result_id: int):
    return jsonify(result_json(proposal.get_result(result_id)))


document(
    "/prize-results/{result_id}/propose",
    "post",
    "Propose the allocation again from the current ranking (earlier approvals lapse if it changes)",
    roles=STAFF,
    responses={
        200: "The proposal",
        401: "Not signed in",
        403: "Not staff",
        404: "No such list",
        409: "result_locked",
    },
)


@bp.post("/prize-results/<int:result_id>/propose")
@roles_required(*RESULTS_ROLES)
def repropose(result_id: int):
    result = proposal.propose(proposal.get_result(result_id))
    db.session.commit()
    return jsonify(result_json(result))


document(
    "/prize-results/{result_id}/exclusions",
    "post",
    "Exclude a candidate from the list with a written reason (audit-logged); re-proposes",
    roles=JUDGES,
    request_schema={
        "type": "object",
        "required": ["user_id", "reason"],
        "properties": {
            "user_id": {"type": "integer"},
            "reason": {"type": "string", "minLength": 10},
        },
    },
    responses={
        201: "The list",
        400: "Reason missing",
        401: "Not signed in",
        403: "Not a judge",
        404: "No such list or user",
        409: "result_locked, already_excluded",
    },
)


@bp.post("/prize-results/<int:result_id>/exclusions")
@roles_required(*JUDGE_ROLES)
def exclude(result_id: int):
    body = json_body()
    result = proposal.get_result(result_id)
    user_id = body.get("user_id")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput.for_fields({"user_id": str(_l("Mã thí sinh không hợp lệ."))})
    decisions.exclude(result, user_id, str(body.get("reason") or ""), current_user)
    db.session.commit()
    return jsonify(result_json(result)), 201


document(
    "/prize-results/{result_id}/exclusions/{user_id}/reinstate",
    "post",
    "Undo an exclusion, with a reason (audit-logged); re-proposes",
    roles=JUDGES,
    request_schema={"type": "object", "properties": {"reason": {"type": "string"}}},
    responses={
        200: "The list",
        401: "Not signed in",
        403: "Not a judge",
        404: "Not excluded",
        409: "result_locked",
    },
)


@bp.post("/prize-results/<int:result_id>/exclusions/<int:user_id>/reinstate")
@roles_required(*JUDGE_ROLES)
def reinstate(result_id: int, user_id: int):
    body = request.get_json(silent=True) or {}
    result = proposal.get_result(result_id)
    decisions.reinstate(result, user_id, str(body.get("reason") or ""), current_user)
    db.session.commit()
    return jsonify(result_json(result))


document(
    "/prize-results/{result_id}/approvals",
    "post",
    "Approve the current proposal; the second approval by a DIFFERENT judge locks the list "
    "(its SHA-256 is then fixed and the database refuses any change)",
    roles=JUDGES,
    responses={
        200: "The list (status locked after the second judge)",
        401: "Not signed in",
        403: "Not a judge",
        404: "No such list",
        409: "already_approved, unresolved_ties, proposal_outdated, "
        "round_not_closed, result_locked",
    },
)


@bp.post("/prize-results/<int:result_id>/approvals")
@roles_required(*JUDGE_ROLES)
def approve(result_id: int):
    result = decisions.approve(proposal.get_result(result_id), current_user)
    db.session.commit()
    return jsonify(result_json(result))


for _fmt in export_writer.FORMATS:
    document(
        f"/prize-results/{{result_id}}/export.{_fmt}",
        "get",
        f"The prize list as .{_fmt}; its title block prints the SHA-256 of the canonical CSV of "
        "the list (the table below the title block, UTF-8, CRLF) so anyone can check a copy",
        roles=STAFF,
        responses={200: "The file", 401: "Not signed in", 403: "Not staff", 404: "No such list"},
    )


@bp.get("/prize-results/<int:result_id>/export.xlsx", defaults={"fmt": "xlsx"})
@bp.get("/prize-results/<int:result_id>/export.csv", defaults={"fmt": "csv"})
@roles_required(*RESULTS_ROLES)
def export_prizes(result_id: int, fmt: str):
    if fmt not in export_writer.FORMATS:
        raise InvalidInput.for_fields({"format": str(_l("Định dạng phải là xlsx hoặc csv."))})
    result = proposal.get_result(result_id)
    return download(
        prize_export(result, current_user.full_name), fmt, f"danh-sach-giai-{result.id}"
    )
