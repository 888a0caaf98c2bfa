"""The admin's audit log: filtered, in plain Vietnamese, and downloadable as .xlsx."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from contest.accounts import audit_log
from contest.accounts.views.admin import bp
from contest.core import audit, export_writer
from contest.core.access import ADMIN_ROLES, roles_required
from contest.core.api import download
from contest.core.audit.text import action_label, group_label, object_label, readable
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.core.web.input_guard import arg_int


@bp.get("/audit", endpoint="audit_log")
@roles_required(*ADMIN_ROLES)
def audit_log_page():
    """The audit log, newest first, filtered by who, what, on what and when."""
    filters = audit_log.read_filters(request.args)
    query = audit_log.filtered_entries(filters)
    page = arg_int(request.args, "page") or 1
    entries = db.paginate(query, page=page, per_page=50, error_out=False)
    actions, objects = audit_log.known_codes()
    families = sorted({code.split(".")[0] + "." for code in actions if "." in code})
    return render_template(
        "admin/audit.html",
        entries=entries,
        rows=[readable(entry) for entry in entries.items],
        filters=filters,
        action_choices=[(f, group_label(f)) for f in families]
        + sorted(((a, action_label(a)) for a in actions), key=lambda pair: pair[1]),
        object_choices=[(o, object_label(o)) for o in objects],
    )


@bp.get("/audit.xlsx")
@roles_required(*ADMIN_ROLES)
def audit_log_xlsx():
    """The filtered log as an .xlsx workbook, one line per changed field."""
    filters = audit_log.read_filters(request.args)
    entries = db.session.scalars(audit_log.filtered_entries(filters).limit(audit_log.EXPORT_LIMIT))
    title = export_writer.title_block(
        _("Nhật ký thao tác"), None, _("Nhật ký thao tác"), utcnow(), current_user.full_name
    )
    table = export_writer.Table(
        title,
        audit_log.HEADERS,
        audit_log.export_rows(entries),
        _("Nhật ký"),
        [17, 24, 28, 20, 24, 30, 30, 30, 22],
    )
    audit.record("audit.export", "audit_log", None, after={"format": "xlsx", "filters": filters})
    return download(table, "xlsx", "nhat-ky-thao-tac")
