"""Personal data on the API: download what is held about me, ask for its erasure; organizers
see the requests waiting for the retention command."""

from __future__ import annotations

from flask import Response
from flask_login import current_user, login_required

from contest.core import audit
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.api import ApiBlueprint, binary_response
from contest.privacy import erasure
from contest.privacy.personal_data import personal_data, workbook
from contest.privacy.schemas import (
    DeletionBodySchema,
    DeletionOutcomeSchema,
    DeletionRequestListSchema,
    PersonalDataSchema,
)

bp = ApiBlueprint("privacy", __name__, "Personal data: download, erasure requests")
SIGNED_IN = {401: "unauthorized: not signed in"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/me/data")
@login_required
@bp.response(200, PersonalDataSchema)
@bp.errors(SIGNED_IN)
def my_data():
    """Everything held about me (profile, consent, attempts with answers, prizes, sessions).

    Roles: signed in. Audited as an export of personal data.
    """
    audit.record("privacy.export", "user", current_user.id, after={"format": "json"})
    return personal_data(current_user)


@bp.get("/me/data.xlsx")
@login_required
@bp.response(200, **binary_response(XLSX))
@bp.errors(SIGNED_IN)
def my_data_workbook():
    """The same as a workbook, one sheet per part.

    Roles: signed in. Audited as an export of personal data.
    """
    audit.record("privacy.export", "user", current_user.id, after={"format": "xlsx"})
    response = Response(workbook(personal_data(current_user)), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.xlsx"'
    return response


@bp.post("/me/data/deletion")
@login_required
@bp.arguments(DeletionBodySchema)
@bp.response(200, DeletionOutcomeSchema)
@bp.errors({**SIGNED_IN, 409: "not_candidate: staff accounts are disabled by an admin"})
def request_deletion(body: dict):
    """Erase my personal data: at once (and I am signed out), or once nothing holds it.

    Roles: signed in (candidates). Pending while I am on a locked prize list or in an open
    round; the retention command carries it out.
    """
    outcome = erasure.request_deletion(current_user._get_current_object(), body["password"])
    return {
        "status": outcome.status,
        "blockers": [
            {"code": code, "message": str(erasure.BLOCKERS[code])} for code in outcome.blockers
        ],
    }


@bp.get("/privacy/deletion-requests")
@roles_required(*ORGANIZER_ROLES)
@bp.response(200, DeletionRequestListSchema)
def deletion_requests():
    """Erasure requests waiting for the retention command, oldest first.

    Roles: organizer, admin.
    """
    return {
        "items": [
            {
                "id": r.id,
                "user_id": r.user_id,
                "full_name": r.user.full_name,
                "requested_at": r.requested_at,
            }
            for r in erasure.pending_requests()
        ]
    }
