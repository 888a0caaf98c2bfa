"""Forms every area uses, and the one way a form post runs a service action."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from contest.core.database.transaction import undo_on_error


class EmptyForm(FlaskForm):
    """A POST-only button: carries the CSRF token and nothing else."""


class ConfirmForm(FlaskForm):
    """An irreversible action: the box must be ticked; the reason goes into the audit log."""

    confirm = BooleanField(
        _l("Tôi hiểu hậu quả và muốn tiếp tục"),
        validators=[DataRequired(_l("Vui lòng đánh dấu ô xác nhận."))],
    )
    reason = TextAreaField(
        _l("Lý do (ghi vào nhật ký thao tác)"), validators=[Optional(), Length(max=1000)]
    )


class ConfirmWithReasonForm(ConfirmForm):
    """The same, where a written reason is required."""

    reason = TextAreaField(
        _l("Lý do (bắt buộc, ghi vào nhật ký thao tác)"),
        validators=[DataRequired(_l("Vui lòng ghi lý do.")), Length(max=1000)],
    )


def submit_action(action: Callable[[], object], success: str) -> bool:
    """Run a form post's action: flash `success`, or undo the action and flash its domain error."""
    with undo_on_error() as outcome:
        action()
    if outcome.error is not None:
        flash(outcome.error.message, "error")
        return False
    flash(str(success), "success")
    return True
