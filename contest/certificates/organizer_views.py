"""The organizers' certificate page of a round: what it issues, the signature, revocations."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.certificates import issuing, settings
from contest.certificates.forms import RevokeForm, SettingsForm, SignatureForm
from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.errors import ContestError, InvalidInput, NotFound
from contest.rounds.rounds import get_round

bp = Blueprint("certificates_organizer", __name__, url_prefix="/organizer")


def _page(round_, status: int = 200, **forms):
    current = settings.settings_for(round_)
    return render_template(
        "certificates/organizer.html",
        round=round_,
        settings=current,
        form=forms.get("form") or SettingsForm(obj=current),
        signature_form=forms.get("signature_form") or SignatureForm(),
        revoke_form=RevokeForm(),
        certificates=issuing.round_certificates(round_),
    ), status


def _show_errors(form, error: ContestError) -> None:
    fields = error.details.get("fields") or {}
    for name, message in fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
    if not fields:
        form.form_errors.append(error.message)


@bp.get("/rounds/<int:round_id>/certificates")
@roles_required(*ORGANIZER_ROLES)
def round_page(round_id: int):
    return _page(get_round(round_id))


@bp.post("/rounds/<int:round_id>/certificates")
@roles_required(*ORGANIZER_ROLES)
def save_settings(round_id: int):
    round_ = get_round(round_id)
    form = SettingsForm()
    with undo_on_error() as outcome:
        settings.save_settings(
            round_,
            participation=form.participation.data,
            prize=form.prize.data,
            issuer=form.issuer.data or "",
            signer_title=form.signer_title.data or "",
            signer_name=form.signer_name.data or "",
            actor=current_user,
        )
    if outcome.error is not None:
        _show_errors(form, outcome.error)
        return _page(round_, outcome.error.status, form=form)
    flash(_("Đã lưu cài đặt giấy chứng nhận."), "success")
    return redirect(url_for("certificates_organizer.round_page", round_id=round_.id))


@bp.post("/rounds/<int:round_id>/certificates/signature")
@roles_required(*ORGANIZER_ROLES)
def upload_signature(round_id: int):
    round_ = get_round(round_id)
    form = SignatureForm()
    upload = form.signature.data
    with undo_on_error() as outcome:
        if not upload or not getattr(upload, "read", None):
            raise InvalidInput.for_fields({"signature": _("Vui lòng chọn tệp ảnh.")})
        settings.save_signature(
            round_, upload.read(settings.SIGNATURE_MAX_BYTES + 1), actor=current_user
        )
    if outcome.error is not None:
        _show_errors(form, outcome.error)
        return _page(round_, outcome.error.status, signature_form=form)
    flash(_("Đã cập nhật ảnh chữ ký."), "success")
    return redirect(url_for("certificates_organizer.round_page", round_id=round_.id))


@bp.get("/rounds/<int:round_id>/certificates/signature")
@roles_required(*ORGANIZER_ROLES)
def signature_image(round_id: int):
    data = settings.signature_bytes(settings.settings_for(get_round(round_id)).signature_path)
    if data is None:
        raise NotFound()
    mimetype = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return Response(data, mimetype=mimetype)


@bp.post("/certificates/<code>/revoke")
@roles_required(*ORGANIZER_ROLES)
def revoke(code: str):
    certificate = issuing.by_code(code)
    form = RevokeForm()
    with undo_on_error() as outcome:
        issuing.revoke(certificate, form.reason.data or "", current_user, utcnow())
    if outcome.error is not None:
        flash(outcome.error.message, "error")
    else:
        flash(_("Đã thu hồi giấy chứng nhận %(c)s.", c=certificate.code), "success")
    return redirect(url_for("certificates_organizer.round_page", round_id=certificate.round_id))
