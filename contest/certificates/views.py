"""Certificate pages: a candidate's certificates and their PDF, and the public verification."""

from __future__ import annotations

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_login import current_user

from contest.certificates import document, issuing
from contest.certificates.codes import display, normalize
from contest.certificates.models import Certificate, CertificateKind
from contest.certificates.settings import signature_bytes
from contest.core.access import Role, roles_required
from contest.core.clock import utcnow
from contest.core.errors import NotFound

bp = Blueprint("certificates", __name__)


@bp.app_template_global()
def round_certificate_offers(round_) -> list[issuing.Offer]:
    """The signed-in candidate's certificates of a round (for the result page's links)."""
    if not (current_user.is_authenticated and current_user.role == Role.CANDIDATE):
        return []
    offers = issuing.offers(current_user, utcnow())
    return [offer for offer in offers if offer.round.id == round_.id]


@bp.app_template_global()
def certificate_code(code: str) -> str:
    return display(code)


def verify_base() -> str:
    """The public verification address a new certificate prints, without its code."""
    return url_for("certificates.verify_form", _external=True)


def pdf_response(certificate: Certificate) -> Response:
    """The certificate's PDF as a download (refused once revoked)."""
    if certificate.is_revoked:
        raise issuing.CertificateRevoked()
    data = document.render(certificate, signature_bytes(certificate.signature_path))
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="giay-chung-nhan-{display(certificate.code)}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/me/certificates")
@roles_required(Role.CANDIDATE)
def mine():
    return render_template("certificates/mine.html", offers=issuing.offers(current_user, utcnow()))


@bp.get("/me/certificates/rounds/<int:round_id>/<kind>.pdf")
@roles_required(Role.CANDIDATE)
def download(round_id: int, kind: str):
    """Download a certificate, issuing it on the first download."""
    if kind not in {k.value for k in CertificateKind}:
        raise NotFound()
    certificate = issuing.issue(
        current_user, round_id, CertificateKind(kind), utcnow(), verify_base()
    )
    return pdf_response(certificate)


@bp.get("/verify/")
def verify_form():
    """Type a certificate's code (or follow ?code=…) to check it."""
    typed = request.args.get("code")
    if typed is not None:
        code = normalize(typed)
        if code is not None:
            return redirect(url_for("certificates.verify", code=code))
    return render_template(
        "certificates/verify_form.html", typed=typed
    ), 200 if typed is None else 404


@bp.get("/verify/<code>")
def verify(code: str):
    """Public: whether the certificate is valid or revoked, and what it certifies."""
    try:
        certificate = issuing.by_code(code)
    except NotFound:
        return render_template("certificates/verify_form.html", typed=code), 404
    if certificate.code != code:
        return redirect(url_for("certificates.verify", code=certificate.code))
    return render_template("certificates/verify.html", certificate=certificate)
