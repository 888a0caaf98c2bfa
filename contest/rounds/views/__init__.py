"""The organizer's pages for contests and rounds; each module adds its pages to `bp`."""

from __future__ import annotations

from flask import Blueprint, flash

from contest.core.errors import ContestError

bp = Blueprint("contests", __name__, url_prefix="/organizer/contests")


def show_errors(
    form, error: ContestError, aliases: dict[str, str] | None = None, inline: tuple[str, ...] = ()
) -> None:
    """Put a service's field messages next to the form's fields; the rest becomes a flash.

    Messages for `inline` names (no form field of their own, e.g. the blueprint matrix) are left
    in form.service_errors for the template to place."""
    fields = error.details.get("fields") or {}
    form.service_errors = fields if isinstance(fields, dict) else {}
    if not form.service_errors:
        flash(error.message, "error")
        return
    for name, message in form.service_errors.items():
        field = getattr(form, (aliases or {}).get(name, name), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        elif name not in inline:
            flash(message, "error")
