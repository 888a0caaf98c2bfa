"""API routes: a round's exports streamed now, or queued as export jobs for the worker."""

from __future__ import annotations

from typing import Any

from flask import jsonify, request, send_file
from flask_login import current_user

from contest.core import export_writer
from contest.core.access import RESULTS_ROLES, roles_required
from contest.core.api import bp, document, download, json_body
from contest.core.extensions import db
from contest.jobs import exports as jobs
from contest.jobs import worker
from contest.ranking.board_access import visible_round
from contest.ranking.schemas import STAFF, iso

EXPORT_KINDS = "kind=leaderboard|attempts|items|units|localities"
for _fmt in export_writer.FORMATS:
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
    round = visible_round(round_id, current_user)
    kind = request.args.get("kind", "leaderboard")
    jobs.check_export(kind, fmt)
    table = jobs.round_export(round, kind, current_user.full_name)
    db.session.commit()  # a snapshot rebuilt for the export is kept
    return download(table, fmt, f"{round.contest.slug}-tuan-{round.id}-{kind}")


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
    round = visible_round(round_id, current_user)
    body = json_body()
    job = worker.enqueue(
        round, str(body.get("kind", "")), str(body.get("format", "")), current_user
    )
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
    return jsonify(job_json(worker.get_job(job_id)))


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
    job = worker.get_job(job_id)
    path = worker.job_file(job)
    return send_file(
        path,
        mimetype=export_writer.MIME_TYPES[job.fmt],
        as_attachment=True,
        download_name=path.name,
    )
