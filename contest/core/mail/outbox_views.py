"""The development outbox ("Hộp thư (phát triển)"): the e-mails the platform would have sent.

Reachable only outside production, while mail goes to files (MAIL_BACKEND=file, the
development default), so that a new user can follow a password reset link on their laptop.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, render_template
from markupsafe import Markup, escape

from contest.core.mail import outbox_enabled, outbox_messages

bp = Blueprint("outbox", __name__, url_prefix="/dev/outbox")

_URL = re.compile(r"https?://[^\s<>\"]+")


def linkify(text: str) -> Markup:
    """Plain text with its web addresses made clickable (everything else escaped)."""
    escaped = str(escape(text))
    return Markup(_URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped))  # noqa: S704 - escaped above


@bp.get("/")
def index():
    if not outbox_enabled():
        abort(404)
    return render_template("dev/outbox.html", messages=outbox_messages(), linkify=linkify)
