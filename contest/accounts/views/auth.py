"""Sign in (by email, phone or CCCD), register as a candidate, sign out."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.accounts import consent, credentials, registration, sessions
from contest.accounts.forms import LoginForm, RegisterForm
from contest.accounts.models import Organization, OrganizationKind
from contest.accounts.registration import Registration
from contest.accounts.views import HOME_BY_ROLE, bp, home_url
from contest.core import limits
from contest.core.database.transaction import undo_on_error
from contest.core.extensions import db, limiter
from contest.core.web.urls import safe_next_url


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limits.SIGN_IN, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = credentials.authenticate(form.login.data, form.password.data)
        except credentials.SignInLocked as locked:
            flash(locked.message, "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(locked.retry_after)}
        if user is None:
            flash(_("Thông tin đăng nhập không đúng. Vui lòng kiểm tra lại."), "error")
        else:
            sessions.sign_in(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next"), HOME_BY_ROLE[user.role]))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    sessions.sign_out()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("public.index"))


def _organization_choices(kind: OrganizationKind) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(Organization)
        .where(Organization.kind == kind, Organization.active.is_(True))
        .order_by(Organization.position, Organization.name)
    )
    return [("", _("— Chọn —"))] + [(str(o.id), o.name) for o in rows]


TYPED_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


def parse_typed_date(raw: str | None) -> str:
    """A date typed as dd/mm/yyyy (or ISO) → ISO; anything else is passed on to be refused."""
    raw = (raw or "").strip()
    for pattern in TYPED_DATE_FORMATS:
        try:
            return datetime.strptime(raw, pattern).date().isoformat()
        except ValueError:
            continue
    return raw


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limits.REGISTER, methods=["POST"])
@limiter.limit(limits.REGISTER_IDENTITY, key_func=limits.per_field("id_number"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = RegisterForm()
    form.unit.choices = _organization_choices(OrganizationKind.UNIT)
    form.locality.choices = _organization_choices(OrganizationKind.LOCALITY)
    if form.validate_on_submit():
        data = Registration(
            full_name=form.full_name.data or "",
            birth_date=parse_typed_date(form.birth_date.data),
            gender=form.gender.data or "",
            id_number=form.id_number.data or "",
            phone=form.phone.data or "",
            email=form.email.data or "",
            unit=form.unit.data or "",
            locality=form.locality.data or "",
            password=form.password.data or "",
            consent=bool(form.consent.data),
        )
        with undo_on_error() as outcome:
            user = registration.register_candidate(data)
        if outcome.error:
            for field, message in outcome.error.details.get("fields", {}).items():
                getattr(form, field).errors = [message]
        else:
            sessions.sign_in(user, remember=True)
            flash(_("Đăng ký thành công. Chào mừng bạn đến với cuộc thi!"), "success")
            return redirect(url_for("candidate.home"))
    return render_template("auth/register.html", form=form, notice=consent.notice_text())
