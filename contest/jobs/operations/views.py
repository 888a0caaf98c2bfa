"""Progress pages: how far an operation or an export has got, refreshed until it is done.

The page refreshes itself (a meta refresh, no script needed) while the work is queued or
running; the bar is a <progress> element, its figures also in words.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.core.forms import EmptyForm
from contest.jobs import exports, operations, worker
from contest.jobs.models import JobStatus, Operation, OperationKind
from contest.jobs.operations.progress import phase_label
from contest.ranking.board_access import visible_round
from questions.imports import uploads

bp = Blueprint("operations", __name__)
REFRESH_SECONDS = 2
IMPORT_FIELDS = ("mapping", "header_row", "codes")


def operation_title(operation: Operation) -> str:
    params = operation.params or {}
    if operation.kind == OperationKind.IMPORT:
        return _("Nhập câu hỏi từ tệp %(name)s", name=params.get("name", ""))
    if operation.kind == OperationKind.REGRADE:
        return _("Chấm lại câu hỏi #%(id)s", id=params.get("question_id", ""))
    return _("Cập nhật bảng xếp hạng")


def operation_next(operation: Operation) -> tuple[str, str]:
    """Where to go from the page: the outcome when done, else where the work started."""
    result, params = operation.result or {}, operation.params or {}
    if operation.kind == OperationKind.IMPORT:
        if operation.status == JobStatus.DONE:
            return _("Xem các câu hỏi vừa nhập"), url_for(
                "bank.index", **{"import": result["import_id"]}
            )
        if operation.status == JobStatus.FAILED:  # the upload is kept: back to its preview
            preview = url_for("bank.preview", sha256=params["sha256"], name=params["name"])
            return _("Về trang xem trước tệp"), preview
        return _("Về trang nhập câu hỏi"), url_for("bank.upload")
    if operation.kind == OperationKind.REGRADE:
        return _("Về phân tích câu hỏi"), url_for("statistics.items", round_id=operation.round_id)
    return _("Xem bảng xếp hạng"), url_for("results.round_leaderboard", round_id=operation.round_id)


@bp.get("/operations/<int:operation_id>")
@roles_required(*RESULTS_ROLES)
def operation_page(operation_id: int):
    operation = operations.visible_operation(operation_id, current_user)
    label, target = operation_next(operation)
    return render_template(
        "jobs/operation.html",
        operation=operation,
        title=operation_title(operation),
        phase=phase_label(operation.phase),
        next_label=label,
        next_url=target,
        refresh=REFRESH_SECONDS if operation.is_active else None,
    )


@bp.get("/results/export-jobs/<int:job_id>")
@roles_required(*RESULTS_ROLES)
def export_job_page(job_id: int):
    job = worker.get_job(job_id)
    visible_round(job.round_id, current_user)
    active = job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    phase = {"queued": "queued", "running": "rows"}.get(job.status.value, job.status.value)
    return render_template(
        "jobs/export_job.html",
        job=job,
        kind_name=exports.LIST_NAMES.get(job.kind, job.kind),
        phase=phase_label(phase),
        refresh=REFRESH_SECONDS if active else None,
    )


@bp.post("/organizer/bank/upload/<sha256>/background")
@roles_required(*ORGANIZER_ROLES)
def queue_import(sha256: str):
    """Import a previewed file in the background, read as previewed, and follow its progress."""
    if not EmptyForm().validate_on_submit() or not uploads.exists(sha256):
        flash(_("Tệp đã tải lên không còn trên máy chủ. Vui lòng tải lên lại."), "error")
        return redirect(url_for("bank.upload"))
    form = request.form
    params = {
        "sha256": sha256,
        "name": (form.get("name") or "")[:255],
        "accept_partial": form.get("accept_partial") in ("y", "on", "true", "1"),
        **{name: form.get(name) or "" for name in IMPORT_FIELDS},
    }
    operation = operations.enqueue(OperationKind.IMPORT, params, current_user)
    return redirect(url_for("operations.operation_page", operation_id=operation.id), 303)
