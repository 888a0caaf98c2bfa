"""Organizer staff reset a candidate's password after checking their CCCD and date of birth.

For candidates without e-mail: the person shows their identity card, the organizer types the
CCCD and date of birth from it; both must match the account. A one-time password is shown once
and must be changed at the candidate's next sign-in.
"""

from __future__ import annotations

from datetime import date

from flask import make_response, render_template, url_for

from contest.accounts import recovery
from contest.accounts.forms import CandidateResetForm
from contest.accounts.views import bp
from contest.accounts.views.auth import parse_typed_date
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.database.transaction import undo_on_error


@bp.route("/organizer/candidates/password-reset", methods=["GET", "POST"])
@roles_required(*ORGANIZER_ROLES)
def reset_candidate_password():
    form = CandidateResetForm()
    if form.validate_on_submit():
        with undo_on_error() as outcome:
            user, password, expires = recovery.reset_candidate(
                form.id_number.data, _day(form.birth_date.data)
            )
        if outcome.error is None:
            response = make_response(
                render_template(
                    "admin/one_time_password.html",
                    user=user,
                    password=password,
                    expires=expires,
                    back=url_for("auth.reset_candidate_password"),
                )
            )
            response.headers["Cache-Control"] = "no-store"
            return response
        fields = outcome.error.details.get("fields") or {"id_number": outcome.error.message}
        for field, message in fields.items():
            getattr(form, field).errors = [message]
    return render_template("auth/candidate_reset.html", form=form)


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(parse_typed_date(raw))
    except ValueError:
        return None
