"""Forms every area uses, and the one way a form post runs a service action."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash
from flask_wtf import FlaskForm

from contest.core.transaction import undo_on_error


class EmptyForm(FlaskForm):
    """A POST-only button: carries the CSRF token and nothing else."""


def submit_action(action: Callable[[], object], success: str) -> bool:
    """Run a form post's action: flash `success`, or undo the action and flash its domain error."""
    with undo_on_error() as outcome:
        action()
    if outcome.error is not None:
        flash(outcome.error.message, "error")
        return False
    flash(str(success), "success")
    return True
