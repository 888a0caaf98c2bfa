"""Exports on the API: a round's lists streamed now, or queued as jobs for the worker.

Every file opens with a title block (contest, round, list, time of export in Vietnam time, who
exported), then the table; text that a spreadsheet could take for a formula is neutralized.
"""

from __future__ import annotations

from flask import send_file
from flask_login import current_user

from contest.core import audit
from contest.core.access import RESULTS_ROLES, roles_required
from contest.core.api import ApiBlueprint, binary_response, download
from contest.core.export_writer import FORMATS, MIME_TYPES
from contest.jobs import operations, worker
from contest.jobs.exports import round_export
from contest.jobs.schemas import ExportArgs, JobSchema, NewJobSchema, OperationSchema
from contest.ranking.board_access import visible_round

# Each route checks who asks before it reads the request: 401 and 403 come before any 400.
bp = ApiBlueprint("jobs", __name__, "The judges' exports, streamed or written by the worker")
BAD_KIND = {400: "invalid_input: unknown kind", 404: "not_found: no such round"}
NO_JOB = {404: "not_found: no such job"}
FILE_CONTENT = {
    MIME_TYPES[fmt]: {"schema": binary_response(MIME_TYPES[fmt])["schema"]} for fmt in FORMATS
}


@bp.get("/rounds/<int:round_id>/export.xlsx")
@roles_required(*RESULTS_ROLES)
@bp.arguments(ExportArgs, location="query")
@bp.response(200, **binary_response(MIME_TYPES["xlsx"]))
@bp.errors(BAD_KIND)
def export_round_xlsx(args: dict, round_id: int):
    """A round's list (?kind=leaderboard|attempts|items|units|localities) as .xlsx.

    Roles: judge, organizer, admin.
    """
    return _export(round_id, args["kind"], "xlsx")


@bp.get("/rounds/<int:round_id>/export.csv")
@roles_required(*RESULTS_ROLES)
@bp.arguments(ExportArgs, location="query")
@bp.response(200, **binary_response(MIME_TYPES["csv"]))
@bp.errors(BAD_KIND)
def export_round_csv(args: dict, round_id: int):
    """A round's list (?kind=leaderboard|attempts|items|units|localities) as .csv.

    Roles: judge, organizer, admin.
    """
    return _export(round_id, args["kind"], "csv")


def _export(round_id: int, kind: str, fmt: str):
    round = visible_round(round_id, current_user)
    table = round_export(round, kind, current_user.full_name)
    audit.record("results.export", "round", round.id, after={"kind": kind, "format": fmt})
    return download(table, fmt, f"{round.contest.slug}-tuan-{round.id}-{kind}")


@bp.post("/rounds/<int:round_id>/export-jobs")
@roles_required(*RESULTS_ROLES)
@bp.arguments(NewJobSchema)
@bp.response(202, JobSchema)
@bp.errors({400: "invalid_input: unknown kind or format", 404: "not_found: no such round"})
def queue_export(body: dict, round_id: int):
    """Queue a large export for the background worker (flask --app wsgi jobs run).

    Roles: judge, organizer, admin.
    """
    round = visible_round(round_id, current_user)
    return worker.enqueue(round, body["kind"], body["fmt"], current_user)


@bp.get("/export-jobs/<int:job_id>")
@roles_required(*RESULTS_ROLES)
@bp.response(200, JobSchema)
@bp.errors(NO_JOB)
def export_job(job_id: int):
    """An export job's status and progress.

    Roles: judge, organizer, admin.
    """
    return worker.get_job(job_id)


@bp.get("/export-jobs/<int:job_id>/download")
@roles_required(*RESULTS_ROLES)
@bp.response(200)
@bp.doc(responses={"200": {"description": "The file", "content": FILE_CONTENT}})
@bp.errors({**NO_JOB, 409: "job_not_done"})
def export_job_file(job_id: int):
    """The finished job's file (.xlsx or .csv, as queued).

    Roles: judge, organizer, admin.
    """
    job = worker.get_job(job_id)
    stream, name = worker.job_file(job)
    audit.record(
        "results.export",
        "round",
        job.round_id,
        after={"kind": job.kind, "format": job.fmt, "job_id": job.id},
    )
    return send_file(stream, mimetype=MIME_TYPES[job.fmt], as_attachment=True, download_name=name)


@bp.get("/operations/<int:operation_id>")
@roles_required(*RESULTS_ROLES)
@bp.response(200, OperationSchema)
@bp.errors({404: "not_found: no such operation, or its round is not visible"})
def operation(operation_id: int):
    """A long operation's status and progress (an import, a regrade, a ranking rebuild).

    Roles: judge, organizer, admin (imports: organizer, admin).
    """
    return operations.visible_operation(operation_id, current_user)
