"""API routes: item analysis, round statistics, unit and locality rankings, regrading."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.core.api import bp, document, json_body
from contest.core.clock import utcnow
from contest.core.errors import Forbidden, InvalidInput
from contest.core.extensions import db
from contest.ranking.board_access import visible_contest, visible_round
from contest.ranking.schemas import ORGANIZERS, STAFF, bool_arg, iso
from contest.rounds.rounds import get_round
from contest.statistics import item_analysis as analysis
from contest.statistics import regrade
from contest.statistics.dashboard import round_dashboard
from contest.statistics.distribution import participation_by_day, score_distribution
from contest.statistics.unit_ranking import unit_ranking

document(
    "/rounds/{round_id}/items",
    "get",
    "Item analysis: {items: [{question_id, topic, difficulty, key, shown, correct, facility, "
    "p_upper, p_lower, discrimination, option_counts, blank, suspicious}]}",
    roles=STAFF,
    responses={200: "Items", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/items")
@roles_required(*RESULTS_ROLES)
def item_analysis(round_id: int):
    items = analysis.item_analysis(visible_round(round_id, current_user))
    return jsonify(
        items=[
            {
                "question_id": i.question_id,
                "topic": i.topic,
                "difficulty": i.difficulty,
                "key": i.key,
                "shown": i.shown,
                "correct": i.correct,
                "facility": i.facility,
                "p_upper": i.p_upper,
                "p_lower": i.p_lower,
                "discrimination": i.discrimination,
                "option_counts": dict(i.option_counts),
                "blank": i.blank,
                "suspicious": i.suspicious,
            }
            for i in items
        ]
    )


document(
    "/rounds/{round_id}/statistics",
    "get",
    "{score_distribution: [[score, candidates]], participation: [[date, attempts]], "
    "facility_by_topic_locality: {topic: {locality: share}}}",
    roles=STAFF,
    responses={200: "Figures", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)


@bp.get("/rounds/<int:round_id>/statistics")
@roles_required(*RESULTS_ROLES)
def round_statistics(round_id: int):
    round = visible_round(round_id, current_user)
    return jsonify(
        score_distribution=[list(pair) for pair in score_distribution(round)],
        participation=[[day.isoformat(), n] for day, n in participation_by_day(round)],
        facility_by_topic_locality=analysis.facility_by_topic_and_locality(round),
    )


document(
    "/rounds/{round_id}/units",
    "get",
    "Collective ranking of units (?kind=unit) or localities (?kind=locality), ordered by "
    "?order=participants|attempts|average_score|winners|participation_rate: {items: [{rank, "
    "organization_id, name, headcount, participants, attempts, average_score, winners, "
    "participation_rate}]}",
    roles=STAFF,
    responses={200: "Units", 401: "Not signed in", 403: "Not staff", 404: "No such round"},
)
document(
    "/contests/{contest_id}/units",
    "get",
    "The same across the contest's rounds",
    roles=STAFF,
    responses={200: "Units", 401: "Not signed in", 403: "Not staff", 404: "No such contest"},
)


@bp.get("/rounds/<int:round_id>/units")
@roles_required(*RESULTS_ROLES)
def round_units(round_id: int):
    round = visible_round(round_id, current_user)
    return _units(round.contest, round)


@bp.get("/contests/<int:contest_id>/units")
@roles_required(*RESULTS_ROLES)
def contest_units(contest_id: int):
    return _units(visible_contest(contest_id, current_user), None)


def _units(contest, round):
    kind = "locality" if request.args.get("kind") == "locality" else "unit"
    lines = unit_ranking(contest, round, kind, request.args.get("order", "participants"))
    return jsonify(items=[line.__dict__ for line in lines])


document(
    "/rounds/{round_id}/regrade",
    "post",
    "Rescore the round's attempts that showed a question, with its current (corrected) key "
    "mapped by option position: {question_id, dry_run (default true)} → {question_id, "
    "key_version, examined, applied, changes: [{attempt_id, user_id, full_name, old_score, "
    "new_score, old_correct, new_correct}]}. Applying is audit-logged and refused (409 "
    "result_locked) when a locked prize list rests on the round",
    roles="dry run: " + STAFF + "; apply: " + ORGANIZERS,
    request_schema={
        "type": "object",
        "required": ["question_id"],
        "properties": {"question_id": {"type": "integer"}, "dry_run": {"type": "boolean"}},
    },
    responses={
        200: "The report",
        400: "options_mismatch",
        401: "Not signed in",
        403: "Not allowed",
        404: "No such round or question",
        409: "result_locked",
    },
)


@bp.post("/rounds/<int:round_id>/regrade")
@roles_required(*RESULTS_ROLES)
def regrade_round(round_id: int):
    round = visible_round(round_id, current_user)
    body = json_body()
    question_id = body.get("question_id")
    if not isinstance(question_id, int) or isinstance(question_id, bool):
        raise InvalidInput.for_fields({"question_id": str(_l("Mã câu hỏi không hợp lệ."))})
    apply = not bool_arg(body.get("dry_run"), True)
    if apply and current_user.role not in ORGANIZER_ROLES:
        raise Forbidden(_l("Chỉ ban tổ chức được áp dụng chấm lại."))
    report = regrade.regrade(round, question_id, apply=apply, actor=current_user)
    db.session.commit()
    return jsonify(
        question_id=report.question_id,
        key_version=report.key_version,
        examined=report.examined,
        applied=report.applied,
        changes=[c.__dict__ for c in report.changes],
    )


document(
    "/rounds/{round_id}/dashboard",
    "get",
    "Live figures of a round",
    roles="organizer, judge, admin",
    responses={
        200: "Counts, average, histogram, participation, attempts per hour",
        401: "Not signed in",
        403: "Not staff",
        404: "Not found",
    },
)


@bp.get("/rounds/<int:round_id>/dashboard")
@roles_required(*RESULTS_ROLES)
def round_dashboard_json(round_id: int):
    now = utcnow()
    board = round_dashboard(get_round(round_id), now)

    def rows(items):
        return [
            {
                "name": p.name,
                "candidates": p.candidates,
                "attempts": p.attempts,
                "headcount": p.headcount,
                "rate": p.rate,
            }
            for p in items
        ]

    return jsonify(
        round_id=round_id,
        generated_at=iso(now),
        attempts={
            "in_progress": board.in_progress,
            "submitted": board.submitted,
            "expired": board.expired,
            "total": board.attempts,
        },
        candidates=board.candidates,
        average_score=board.average_score,
        max_score=board.max_score,
        histogram=[{"from": lo, "to": hi, "attempts": n} for lo, hi, n in board.histogram],
        by_unit=rows(board.by_unit),
        by_locality=rows(board.by_locality),
        per_hour=[{"hour": iso(h), "attempts": n} for h, n in board.per_hour],
    )
