"""Candidate pages: accepting the rules, the quiz (a real form that JavaScript enhances), results.

Without JavaScript every button posts the form: the answers changed on the page are saved, then
the candidate is sent where the button points (another question, the confirmation page).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.attempts import answers, lobby, submission, waiting_room
from contest.attempts.answers import SheetItem
from contest.attempts.marking import review
from contest.attempts.marking.grading import effective_deadline
from contest.attempts.models import AttemptStatus
from contest.attempts.own_attempts import get_own_attempt, load_own_attempt
from contest.attempts.start import Client, get_round, start_attempt
from contest.attempts.views.public import get_published_contest
from contest.core import limits
from contest.core.access import Role, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import limiter
from contest.core.forms import submit_action
from contest.core.web.input_guard import arg_int
from contest.ranking import results
from contest.rounds.models import DisplayMode

bp = Blueprint("quiz", __name__)

STATUS_LABELS = {
    AttemptStatus.IN_PROGRESS: _l("Đang làm bài"),
    AttemptStatus.SUBMITTED: _l("Đã nộp bài"),
    AttemptStatus.EXPIRED: _l("Hết giờ, đã tự động nộp"),
}


@bp.app_template_global()
def attempt_status_label(status: AttemptStatus) -> str:
    return str(STATUS_LABELS[status])


@bp.app_template_filter("time_left")
def format_time_left(seconds: int) -> str:
    """A countdown: 2 ngày 03:04:05, or 04:05 under an hour."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = (
        f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours or days else f"{minutes:02d}:{secs:02d}"
    )
    return f"{days} {_('ngày')} {clock}" if days else clock


@bp.post("/contests/<slug>/join")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
def accept_rules(slug: str):
    contest = get_published_contest(slug)
    if request.form.get("accept") != "yes":
        flash(_("Vui lòng đánh dấu ô xác nhận đã đọc và đồng ý với thể lệ."), "error")
        return redirect(url_for("public.contest_page", slug=slug))
    group_id = arg_int(request.form, "group_id")
    submit_action(
        lambda: lobby.accept_rules(contest, current_user, group_id, utcnow()),
        _("Bạn đã đồng ý với thể lệ. Chúc bạn thi tốt!"),
    )
    return redirect(url_for("public.contest_page", slug=slug) + "#rounds")


@bp.post("/contests/<slug>/rounds/<int:round_id>/start")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@limiter.limit(limits.START_ADDRESS, key_func=limits.per_address)
def start(slug: str, round_id: int):
    return _enter_round(slug, round_id)


@bp.get("/contests/<slug>/rounds/<int:round_id>/enter")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.START, key_func=limits.per_user)
@limiter.limit(limits.START_ADDRESS, key_func=limits.per_address)
def enter(slug: str, round_id: int):
    """The waiting page's automatic retry: a start, with the ticket the queue handed out."""
    if not waiting_room.ticket_valid(request.args.get("ticket", ""), current_user, round_id):
        flash(_("Lượt xếp hàng này đã hết hạn. Vui lòng bấm «Vào thi» lần nữa."), "error")
        return redirect(url_for("public.contest_page", slug=slug) + "#rounds")
    return _enter_round(slug, round_id)


def _enter_round(slug: str, round_id: int):
    contest = get_published_contest(slug)
    if get_round(round_id).contest_id != contest.id:
        raise NotFound()
    with undo_on_error() as outcome:
        attempt, _created = start_attempt(round_id, current_user, Client.from_request(), utcnow())
    if outcome.error is not None:
        flash(outcome.error.message, "error")
        return redirect(url_for("public.contest_page", slug=slug) + "#rounds")
    return redirect(url_for("quiz.take", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>")
@roles_required(Role.CANDIDATE)
def take(attempt_id: int):
    now = utcnow()
    attempt = load_own_attempt(attempt_id, current_user, now)
    if attempt.is_final:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    items = answers.sheet(attempt)
    current = min(max(request.args.get("q", 1, type=int), 1), len(items) or 1)
    return render_template(
        "quiz/take.html",
        attempt=attempt,
        round=attempt.round,
        items=items,
        current=current,
        one_per_page=attempt.round.display_mode == DisplayMode.ONE_PER_PAGE,
        deadline=effective_deadline(attempt),
        now=now,
        grace_ms=current_app.config["ANSWER_GRACE_SECONDS"] * 1000,
    )


@bp.post("/attempts/<int:attempt_id>")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SAVE, key_func=limits.per_user)
def save(attempt_id: int):
    """The form's every button: save what changed on the page, then go where it points."""
    now = utcnow()
    attempt = get_own_attempt(attempt_id, current_user)
    changes = form_changes(answers.sheet(attempt))
    try:
        for question_id, option_ids, text in changes:
            answers.save_answer(
                attempt.id,
                current_user,
                question_id,
                option_ids,
                text=text,
                client=Client.from_request(),
                now=now,
            )
    except answers.AttemptClosed as error:
        # Answers saved in time count and the refused ones stay on record: the redirect commits.
        flash(error.message, "error")
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    if changes:
        flash(_("Đã lưu %(n)s câu trả lời.", n=len(changes)), "success")
    target = request.form.get("go", "")
    if target == "submit":
        return redirect(url_for("quiz.confirm", attempt_id=attempt.id))
    position = int(target) if target.isdigit() else request.form.get("q", 1, type=int)
    return redirect(url_for("quiz.take", attempt_id=attempt.id, q=position) + f"#q-{position}")


def form_changes(items: list[SheetItem]) -> list[tuple[int, list[int] | None, str | None]]:
    """(question, choice, text) for each question whose answer on the page differs from the one
    shown: the options chosen, or for a fill-in question the text typed.

    Comparing with what the page showed (the was… fields), not with the database, means a page
    left open on one device never overwrites an answer given meanwhile on another.
    """
    cleared = request.form.get("clear", "")
    changes = []
    for item in items:
        qid = item.question_id
        shown = request.form.get(f"was{qid}")
        if shown is None:
            continue
        if item.fill_in:
            typed = "" if cleared == str(qid) else request.form.get(f"q{qid}", "")
            if " ".join(typed.split()) != " ".join(shown.split()):
                changes.append((qid, None, typed))
            continue
        chosen = [] if cleared == str(qid) else _option_ids(request.form.getlist(f"q{qid}"))
        if sorted(chosen) != sorted(_option_ids(shown.split(","))):
            changes.append((qid, chosen, None))
    return changes


def _option_ids(values: list[str]) -> list[int]:
    values = [v.strip() for v in values if v.strip()]
    if not all(v.isdigit() for v in values):
        raise answers.InvalidOption()
    return [int(v) for v in values]


@bp.get("/attempts/<int:attempt_id>/submit")
@roles_required(Role.CANDIDATE)
def confirm(attempt_id: int):
    now = utcnow()
    attempt = load_own_attempt(attempt_id, current_user, now)
    if attempt.is_final:
        return redirect(url_for("quiz.result", attempt_id=attempt.id))
    return _confirmation_page(attempt, errors={})


def _confirmation_page(attempt, errors: dict[str, str], status: int = 200, prediction: str = ""):
    items = answers.sheet(attempt)
    locked = submission.locked_prediction(attempt.round_id, current_user)
    return render_template(
        "quiz/confirm.html",
        attempt=attempt,
        round=attempt.round,
        items=items,
        unanswered=[item for item in items if not item.answered],
        locked=locked,
        errors=errors,
        prediction=prediction,
        deadline=effective_deadline(attempt),
    ), status


@bp.post("/attempts/<int:attempt_id>/submit")
@roles_required(Role.CANDIDATE)
@limiter.limit(limits.SUBMIT, key_func=limits.per_user)
def submit(attempt_id: int):
    prediction = request.form.get("prediction", "")
    with undo_on_error() as outcome:
        submission.submit_attempt(attempt_id, current_user, prediction, utcnow())
    error = outcome.error
    if isinstance(error, InvalidInput | submission.PredictionLocked):
        attempt = get_own_attempt(attempt_id, current_user)
        fields = error.details.get("fields") or {"prediction": error.message}
        return _confirmation_page(attempt, fields, error.status, prediction)
    if error is not None:
        raise error
    return redirect(url_for("quiz.result", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>/result")
@roles_required(Role.CANDIDATE)
def result(attempt_id: int):
    try:
        outcome = results.attempt_result(attempt_id, current_user, utcnow())
    except review.AttemptInProgress:
        return redirect(url_for("quiz.take", attempt_id=attempt_id))
    return render_template(
        "quiz/result.html", result=outcome, attempt=outcome.attempt, round=outcome.attempt.round
    )
