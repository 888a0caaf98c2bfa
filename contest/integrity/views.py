"""Integrity pages for the judges: a round's flags and the full record of one attempt."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from contest.core import audit
from contest.core.access import RESULTS_ROLES, roles_required
from contest.integrity import flags, records
from contest.ranking.board_access import visible_round

bp = Blueprint("integrity", __name__)


@bp.get("/results/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
def integrity_report(round_id: int):
    round = visible_round(round_id, current_user)
    audit.record("integrity.report", "round", round.id, after={"format": "html"})
    return render_template(
        "results/integrity.html", round=round, flags=flags.integrity_report(round)
    )


@bp.get("/results/attempts/<int:attempt_id>")
@roles_required(*RESULTS_ROLES)
def attempt_record(attempt_id: int):
    record = records.attempt_record(attempt_id)
    return render_template("results/attempt.html", record=record, round=record.round)
