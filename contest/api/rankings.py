"""API routes: leaderboards, exports, prizes, integrity, items, regrade, export jobs, the feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Response, jsonify, request, send_file, stream_with_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from contest import exports
from contest.access import JUDGE_ROLES, ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.api import bp
from contest.api.schema import OPENAPI_PATHS, document, json_body
from contest.clock import utcnow
from contest.errors import Forbidden, InvalidInput
from contest.extensions import db
from contest.services import integrity, jobs, prizes, rankings, regrade, statistics
from questions.search import paging

STAFF = "judge, organizer, admin"
JUDGES = "judge, admin"
ORGANIZERS = "organizer, admin"


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _bool_arg(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).lower() in ("1", "true", "yes")


# --- leaderboards -----------------------------------------------------------------------

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
    round = rankings.visible_round(round_id, current_user)
    page, per_page = paging(request.args)
    view = rankings.leaderboard_view(
        round, current_user, offset=(page - 1) * per_page, limit=per_page
    )
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


def line_json(line, staff: bool, me: int | None = None) -> dict[str, Any]:
    """A leaderboard line; names are masked unless the viewer is staff or it is their own."""
    own = me is not None and line.user_id == me
    candidate = {
        "display_name": line.full_name if staff or own else rankings.public_name(line),
        "unit": line.unit,
        "locality": line.locality,
    }
    item = {
        "rank": line.rank,
        "tied": line.tied,
        "candidate": candidate,
        "score": line.score,
        "duration_ms": line.duration_ms,
        "prediction": line.prediction,
        "prediction_error": line.prediction_error,
        "submitted_at": iso(line.submitted_at),
    }
    if staff:
        candidate.update(
            full_name=line.full_name,
            id_number=line.id_number,
            phone=line.phone,
            user_id=line.user_id,
        )
        item["attempt_id"] = line.attempt_id
    if own:
        item["is_me"] = True
    return item


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
    round = rankings.visible_round(round_id, current_user)
    view = rankings.leaderboard_view(round, current_user, own=current_user.id)
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
    contest = rankings.visible_contest(contest_id, current_user)
    group_id = _group_arg(contest)
    page, per_page = paging(request.args)
    staff = rankings.is_results_staff(current_user)
    frozen = False if staff else rankings.contest_board_frozen(contest, current_user)
    rows, total = rankings.contest_standings(
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
    masked = rankings.initials(row["full_name"]) + (f" — {place}" if place else "")
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
    round = rankings.visible_round(round_id, current_user)
    state = rankings.rebuild_snapshot(round, rankings.Board.LIVE)
    if rankings.freeze_moment(round):
        rankings.rebuild_snapshot(round, rankings.Board.FROZEN)
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
    round = rankings.visible_round(round_id, current_user)
    value = rankings.recompute_prediction_actual(round)
    db.session.commit()
    return jsonify(prediction_actual=value)


# --- exports -------------------------------------------------------------------------------

EXPORT_KINDS = "kind=leaderboard|attempts|items|units|localities"
for _fmt in exports.FORMATS:
    document(
        f"/rounds/{{round_id}}/export.{_fmt}",
        "get",
        f"The judges' .{_fmt} ({EXPORT_KINDS}): a title block (contest, round, list, time of "
        "export in Vietnam time, who exported), then the table; streamed; formula-safe",
        roles=STAFF,
        responses={
            200: "The file",
            400: "Bad kind",
            401: "Not signed in",
            403: "Not staff",
            404: "No such round",
        },
    )


@bp.get("/rounds/<int:round_id>/export.xlsx", defaults={"fmt": "xlsx"})
@bp.get("/rounds/<int:round_id>/export.csv", defaults={"fmt": "csv"})
@roles_required(*RESULTS_ROLES)
def export_round(round_id: int, fmt: str):
    round = rankings.visible_round(round_id, current_user)
    kind = request.args.get("kind", "leaderboard")
    jobs.check_export(kind, fmt)
    table = jobs.round_export(round, kind, current_user.full_name)
    db.session.commit()  # a snapshot rebuilt for the export is kept
    return download(table, fmt, f"{round.contest.slug}-tuan-{round.id}-{kind}")


def download(table: exports.Table, fmt: str, name: str) -> Response:
    """Stream a table as an attachment."""
    response = Response(
        stream_with_context(exports.stream(table, fmt)), mimetype=exports.MIME_TYPES[fmt]
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


document(
    "/rounds/{round_id}/export-jobs",
    "post",
    "Queue a large export for the background worker (flask --app wsgi jobs run): "
    "{kind, format: xlsx|csv} → 202 {id, status, progress, total}",
    roles=STAFF,
    request_schema={
        "type": "object",
        "required": ["kind", "format"],
        "properties": {
            "kind": {"type": "string"},
            "format": {"type": "string", "enum": ["xlsx", "csv"]},
        },
    },
    responses={
        202: "Queued",
        400: "Bad kind or format",
        401: "Not signed in",
        403: "Not staff",
        404: "No such round",
    },
)


@bp.post("/rounds/<int:round_id>/export-jobs")
@roles_required(*RESULTS_ROLES)
def queue_export(round_id: int):
    round = rankings.visible_round(round_id, current_user)
    body = json_body()
    job = jobs.enqueue(round, str(body.get("kind", "")), str(body.get("format", "")), current_user)
    db.session.commit()
    return jsonify(job_json(job)), 202


def job_json(job) -> dict[str, Any]:
    return {
        "id": job.id,
        "round_id": job.round_id,
        "kind": job.kind,
        "format": job.fmt,
        "status": job.status.value,
        "progress": job.progress,
        "total": job.total,
        "error": job.error,
        "created_at": iso(job.created_at),
        "finished_at": iso(job.finished_at),
    }


document(
    "/export-jobs/{job_id}",
    "get",
    "An export job's status and progress",
    roles=STAFF,
    responses={
        200: "{id, status, progress, total, …}",
        401: "Not signed in",
        403: "Not staff",
        404: "No such job",
    },
)


@bp.get("/export-jobs/<int:job_id>")
@roles_required(*RESULTS_ROLES)
def export_job(job_id: int):
    return jsonify(job_json(jobs.get_job(job_id)))


document(
    "/export-jobs/{job_id}/download",
    "get",
    "The finished job's file",
    roles=STAFF,
    responses={
        200: "The file",
        401: "Not signed in",
        403: "Not staff",
        404: "No such job",
        409: "job_not_done",
    },
)


@bp.get("/export-jobs/<int:job_id>/download")
@roles_required(*RESULTS_ROLES)
def export_job_file(job_id: int):
    job = jobs.get_job(job_id)
    path = jobs.job_file(job)
    return send_file(
        path, mimetype=exports.MIME_TYPES[job.fmt], as_attachment=True, download_name=path.name
    )


# --- prizes --------------------------------------------------------------------------------

TIERS_SCHEMA = {
    "type": "object",
    "required": ["tiers"],
    "properties": {
        "tiers": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "count"],
                "properties": {
                    "name": {"type": "string"},
                    "count": {"type": "integer", "minimum": 1},
                    "group_id": {"type": "integer", "nullable": True},
                },
            },
        },
        "one_prize_per_person": {"type": "boolean"},
    },
}
PRIZE_ANSWER = (
    "{id, contest_id, round_id, status: draft|locked, one_prize_per_person, tiers, awards: "
    "[{position, tier, group_id, rank, user_id, full_name, id_number, unit, locality, score, "
    "duration_ms, prediction_error, submitted_at, boundary_tie}], exclusions, approvals, "
    "proposal_sha256, sha256, locked_at, boundary_ties}"
)


def result_json(result) -> dict[str, Any]:
    tiers = {t.id: t.name for t in result.tiers}
    return {
        "id": result.id,
        "contest_id": result.contest_id,
        "round_id": result.round_id,
        "status": result.status.value,
        "one_prize_per_person": result.one_prize_per_person,
        "tiers": [
            {"id": t.id, "name": t.name, "count": t.count, "group_id": t.group_id}
            for t in result.tiers
        ],
        "awards": [
            {
                "position": a.position,
                "tier": tiers.get(a.tier_id),
                "group_id": a.group_id,
                "rank": a.rank,
                "user_id": a.user_id,
                "full_name": a.full_name,
                "id_number": a.id_number,
                "unit": a.unit,
                "locality": a.locality,
                "score": a.score,
                "duration_ms": a.duration_ms,
                "prediction_error": a.prediction_error,
                "submitted_at": iso(a.submitted_at),
                "boundary_tie": a.boundary_tie,
            }
            for a in result.awards
        ],
        "exclusions": [
            {
                "user_id": e.user_id,
                "full_name": e.user.full_name,
                "reason": e.reason,
                "judge": e.judge.full_name,
                "at": iso(e.at),
            }
            for e in result.exclusions
        ],
        "approvals": [
            {
                "judge_id": a.judge_id,
                "judge": a.judge.full_name,
                "at": iso(a.at),
                "proposal_sha256": a.proposal_sha256,
            }
            for a in result.approvals
        ],
        "proposal_sha256": result.proposal_sha256,
        "sha256": result.sha256,
        "locked_at": iso(result.locked_at),
        "boundary_ties": len(prizes.boundary_ties(result)),
    }


def _tiers(body: dict[str, Any]) -> list[prizes.TierInput]:
    raw = body.get("tiers")
    if not isinstance(raw, list):
        raise InvalidInput.for_fields({"tiers": str(_l("Danh sách giải không hợp lệ."))})
    tiers = []
    for i, tier in enumerate(raw):
        if (
            not isinstance(tier, dict)
            or not isinstance(tier.get("count"), int)
            or isinstance(tier.get("count"), bool)
        ):
            raise InvalidInput.for_fields({f"tiers[{i}]": str(_l("Mỗi giải cần tên và số lượng."))})
        group = tier.get("group_id")
        tiers.append(
            prizes.TierInput(
                str(tier.get("name") or ""),
                tier["count"],
                group if isinstance(group, int) else None,
            )
        )
    return tiers


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
    round = rankings.visible_round(round_id, current_user)
    return jsonify(result_json(_existing(prizes.result_for(round.contest, round))))


@bp.get("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
def contest_prizes(contest_id: int):
    contest = rankings.visible_contest(contest_id, current_user)
    return jsonify(result_json(_existing(prizes.result_for(contest, None))))


def _existing(result):
    if result is None:
        from contest.errors import NotFound

        raise NotFound(_l("Chưa có danh sách giải."))
    return result


@bp.post("/rounds/<int:round_id>/prizes")
@roles_required(*RESULTS_ROLES)
def define_round_prizes(round_id: int):
    round = rankings.visible_round(round_id, current_user)
    return _define(round.contest, round)


@bp.post("/contests/<int:contest_id>/prizes")
@roles_required(*RESULTS_ROLES)
def define_contest_prizes(contest_id: int):
    return _define(rankings.visible_contest(contest_id, current_user), None)


def _define(contest, round):
    body = json_body()
    result = prizes.define_prizes(
        contest,
        round,
        _tiers(body),
        one_prize_per_person=_bool_arg(body.get("one_prize_per_person"), True),
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
    return jsonify(result_json(prizes.get_result(result_id)))


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
    result = prizes.propose(prizes.get_result(result_id))
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
    result = prizes.get_result(result_id)
    user_id = body.get("user_id")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput.for_fields({"user_id": str(_l("Mã thí sinh không hợp lệ."))})
    prizes.exclude(result, user_id, str(body.get("reason") or ""), current_user)
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
    result = prizes.get_result(result_id)
    prizes.reinstate(result, user_id, str(body.get("reason") or ""), current_user)
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
    result = prizes.approve(prizes.get_result(result_id), current_user)
    db.session.commit()
    return jsonify(result_json(result))


for _fmt in exports.FORMATS:
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
    if fmt not in exports.FORMATS:
        raise InvalidInput.for_fields({"format": str(_l("Định dạng phải là xlsx hoặc csv."))})
    result = prizes.get_result(result_id)
    return download(
        jobs.prize_export(result, current_user.full_name), fmt, f"danh-sach-giai-{result.id}"
    )


# --- integrity, statistics, regrade -------------------------------------------------------------


document(
    "/rounds/{round_id}/integrity",
    "get",
    "The integrity report: {items: [{kind, title, detail, attempt_ids, user_ids}]}",
    roles=STAFF,
    responses={200: "Flags", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
def integrity_report(round_id: int):
    flags = integrity.integrity_report(rankings.visible_round(round_id, current_user))
    return jsonify(
        items=[
            {
                "kind": f.kind,
                "title": f.title,
                "detail": f.detail,
                "attempt_ids": f.attempt_ids,
                "user_ids": f.user_ids,
            }
            for f in flags
        ]
    )


document(
    "/attempts/{attempt_id}/record",
    "get",
    "An attempt's full record: questions as shown (re-derived from the seed and compared: "
    "questions_match, options_match), each answer with its save time, and every event with "
    "IP and user agent",
    roles=STAFF,
    responses={200: "The record", 401: "Not signed in", 403: "Not staff", 404: "No such attempt"},
)


@bp.get("/attempts/<int:attempt_id>/record")
@roles_required(*RESULTS_ROLES)
def attempt_record(attempt_id: int):
    record = integrity.attempt_record(attempt_id)
    a = record.attempt
    return jsonify(
        attempt={
            "id": a.id,
            "number": a.number,
            "status": a.status.value,
            "seed": a.seed,
            "started_at": iso(a.started_at),
            "submitted_at": iso(a.submitted_at),
            "score": a.score,
            "max_score": a.max_score,
            "duration_ms": a.duration_ms,
            "ip": a.ip,
            "user_agent": a.user_agent,
        },
        candidate={
            "user_id": record.user.id,
            "full_name": record.user.full_name,
            "id_number": record.user.id_number,
            "phone": record.user.phone,
        },
        questions_match=record.questions_match,
        derived_questions=record.derived_questions,
        questions=[
            {
                "position": q.position,
                "question_id": q.question_id,
                "version": q.version.number,
                "options": [
                    {
                        "id": o.id,
                        "label": o.label,
                        "is_correct": o.is_correct,
                        "chosen": o.id in q.chosen,
                    }
                    for o in q.options
                ],
                "saved_at": iso(q.saved_at),
                "save_count": q.save_count,
                "options_match": q.options_match,
            }
            for q in record.questions
        ],
        events=[
            {
                "kind": e.kind.value,
                "at": iso(e.at),
                "question_id": e.question_id,
                "option_ids": e.option_ids,
                "ip": e.ip,
                "user_agent": e.user_agent,
            }
            for e in record.events
        ],
    )


document(
    "/rounds/{round_id}/items",
    "get",
    "Item analysis: {items: [{question_id, topic, difficulty, key, shown, correct, facility, "
    "p_upper, p_lower, discrimination, option_counts, blank, suspicious}]}",
    roles=STAFF,
    responses={200: "Items", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/items")
@roles_required(*RESULTS_ROLES)
def item_analysis(round_id: int):
    items = statistics.item_analysis(rankings.visible_round(round_id, current_user))
    return jsonify(
        items=[
            {
                "question_id": i.question_id,
                "topic": i.topic,
                "difficulty": i.difficulty,
                "key": i.key,
                "shown": i.shown,
                "correct": i.correct,
                "facility": i.facility,
                "p_upper": i.p_upper,
                "p_lower": i.p_lower,
                "discrimination": i.discrimination,
                "option_counts": dict(i.option_counts),
                "blank": i.blank,
                "suspicious": i.suspicious,
            }
            for i in items
        ]
    )


document(
    "/rounds/{round_id}/statistics",
    "get",
    "{score_distribution: [[score, candidates]], participation: [[date, attempts]], "
    "facility_by_topic_locality: {topic: {locality: share}}}",
    roles=STAFF,
    responses={200: "Figures", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/statistics")
@roles_required(*RESULTS_ROLES)
def round_statistics(round_id: int):
    round = rankings.visible_round(round_id, current_user)
    return jsonify(
        score_distribution=[list(pair) for pair in statistics.score_distribution(round)],
        participation=[[day.isoformat(), n] for day, n in statistics.participation_by_day(round)],
        facility_by_topic_locality=statistics.facility_by_topic_and_locality(round),
    )


document(
    "/rounds/{round_id}/units",
    "get",
    "Collective ranking of units (?kind=unit) or localities (?kind=locality), ordered by "
    "?order=participants|attempts|average_score|winners|participation_rate: {items: [{rank, "
    "organization_id, name, headcount, participants, attempts, average_score, winners, "
    "participation_rate}]}",
    roles=STAFF,
    responses={200: "Units", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)
document(
    "/contests/{contest_id}/units",
    "get",
    "The same across the contest's rounds",
    roles=STAFF,
    responses={200: "Units", 401: "Not signed in", 403: "Not staff", 404: "No such contest"},
)


@bp.get("/rounds/<int:round_id>/units")
@roles_required(*RESULTS_ROLES)
def round_units(round_id: int):
    round = rankings.visible_round(round_id, current_user)
    return _units(round.contest, round)


@bp.get("/contests/<int:contest_id>/units")
@roles_required(*RESULTS_ROLES)
def contest_units(contest_id: int):
    return _units(rankings.visible_contest(contest_id, current_user), None)


def _units(contest, round):
    kind = "locality" if request.args.get("kind") == "locality" else "unit"
    lines = statistics.unit_ranking(contest, round, kind, request.args.get("order", "participants"))
    return jsonify(items=[line.__dict__ for line in lines])


document(
    "/rounds/{round_id}/regrade",
    "post",
    "Rescore the round's attempts that showed a question, with its current (corrected) key "
    "mapped by option position: {question_id, dry_run (default true)} → {question_id, "
    "key_version, examined, applied, changes: [{attempt_id, user_id, full_name, old_score, "
    "new_score, old_correct, new_correct}]}. Applying is audit-logged and refused (409 "
    "result_locked) when a locked prize list rests on the round",
    roles="dry run: " + STAFF + "; apply: " + ORGANIZERS,
    request_schema={
        "type": "object",
        "required": ["question_id"],
        "properties": {"question_id": {"type": "integer"}, "dry_run": {"type": "boolean"}},
    },
    responses={
        200: "The report",
        400: "options_mismatch",
        401: "Not signed in",
        403: "Not allowed",
        404: "No such round or question",
        409: "result_locked",
    },
)


@bp.post("/rounds/<int:round_id>/regrade")
@roles_required(*RESULTS_ROLES)
def regrade_round(round_id: int):
    round = rankings.visible_round(round_id, current_user)
    body = json_body()
    question_id = body.get("question_id")
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise InvalidInput.for_fields({"question_id": str(_l("Mã câu hỏi không hợp lệ."))})
    apply = not _bool_arg(body.get("dry_run"), True)
    if apply and current_user.role not in ORGANIZER_ROLES:
        raise Forbidden(_l("Chỉ ban tổ chức được áp dụng chấm lại."))
    report = regrade.regrade(round, question_id, apply=apply, actor=current_user)
    db.session.commit()
    return jsonify(
        question_id=report.question_id,
        key_version=report.key_version,
        examined=report.examined,
        applied=report.applied,
        changes=[c.__dict__ for c in report.changes],
    )


# --- public feed ----------------------------------------------------------------------------

document(
    "/public/contests/{slug}/feed",
    "get",
    "Read-only feed for embedding (CORS: any origin): {contest: {slug, title}, round: {id, name, "
    "state, opens_at, closes_at} | null, leaderboard_visible, frozen, generated_at, items: top "
    "?limit= (≤ 50, default 10) masked leaderboard lines}",
    roles="anyone",
    responses={200: "The feed", 404: "No such published contest"},
)
OPENAPI_PATHS["/public/contests/{slug}/feed"]["get"]["parameters"][0]["schema"] = {"type": "string"}


@bp.get("/public/contests/<slug>/feed")
def public_feed(slug: str):
    feed = rankings.public_feed(rankings.published_contest(slug), _limit())
    db.session.commit()  # a snapshot rebuilt for the feed is kept
    response = jsonify(feed_json(feed))
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=30"
    return response


def feed_json(feed: rankings.Feed) -> dict[str, Any]:
    round = feed.round
    now = utcnow()
    return {
        "contest": {"slug": feed.contest.slug, "title": feed.contest.title},
        "round": None
        if round is None
        else {
            "id": round.id,
            "name": round.name,
            "state": round.state_at(now).value,
            "opens_at": iso(round.opens_at),
            "closes_at": iso(round.closes_at),
        },
        "leaderboard_visible": feed.visible,
        "frozen": feed.frozen,
        "generated_at": iso(feed.generated_at),
        "items": [line_json(line, staff=False) for line in feed.lines],
    }


def _limit() -> int:
    raw = request.args.get("limit", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= 50:
        raise InvalidInput.for_fields({"limit": str(_l("Số dòng từ 1 đến 50."))})
    return int(raw)
