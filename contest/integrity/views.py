"""Integrity pages for the judges: a round's flags and the full record of one attempt."""

from __future__ import annotations

from flask import render_template

from contest.core.access import RESULTS_ROLES, roles_required
from contest.integrity import flags, records
from contest.ranking.views import bp, staff_round


@bp.get("/results/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
def integrity_report(round_id: int):
    round = staff_round(round_id)
    return render_template(
        "results/integrity.html", round=round, flags=flags.integrity_report(round)
    )


@bp.get("/results/attempts/<int:attempt_id>")
@roles_required(*RESULTS_ROLES)
def attempt_record(attempt_id: int):
    record = records.attempt_record(attempt_id)
    return render_template("results/attempt.html", record=record, round=record.round)
