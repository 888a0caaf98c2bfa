"""Practice pages for candidates: choose topics, answer one question at a time, "Cần đọc lại".

Every step is a plain form post followed by a page, so practice works without JavaScript;
static/js/practice.js answers through the API and shows the explanation in place.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import Role, roles_required
from contest.core.clock import utcnow
from contest.core.database.transaction import undo_on_error
from contest.core.errors import ContestError, InvalidInput
from contest.core.web.input_guard import arg_int, parse_int
from contest.practice import reading_list, sessions
from contest.practice.eligibility import candidate_topics
from contest.practice.models import PracticeSession

bp = Blueprint("practice", __name__, url_prefix="/practice")
COUNT_CHOICES = (5, 10, 20, 30)


@bp.get("/")
@roles_required(Role.CANDIDATE)
def home():
    return _home_page()


def _home_page(errors: dict[str, str] | None = None, chosen=(), count: int = 10, status=200):
    now = utcnow()
    return render_template(
        "practice/home.html",
        topics=candidate_topics(now),
        recent=sessions.recent_sessions(current_user),
        errors=errors or {},
        chosen={int(c) for c in chosen if str(c).isdigit()},
        count=count,
        count_choices=COUNT_CHOICES,
    ), status


@bp.post("/")
@roles_required(Role.CANDIDATE)
def start():
    chosen = request.form.getlist("topics")
    count = arg_int(request.form, "count") or 0
    with undo_on_error() as outcome:
        if not all(parse_int(value) for value in chosen):
            raise InvalidInput.for_fields({"topics": _("Hãy chọn ít nhất một chủ đề.")})
        session = sessions.start_session(current_user, [int(c) for c in chosen], count, utcnow())
    if outcome.error is not None:
        fields = outcome.error.details.get("fields") or {"topics": outcome.error.message}
        return _home_page(fields, chosen, count, outcome.error.status)
    if len(session.items) < count:
        flash(_("Các chủ đề đã chọn hiện chỉ có %(n)s câu hỏi luyện tập.", n=len(session.items)))
    return redirect(url_for("practice.session_page", session_id=session.id))


@bp.get("/sessions/<int:session_id>")
@roles_required(Role.CANDIDATE)
def session_page(session_id: int):
    """The next question to answer; with ?q=N, the explanation of question N once answered."""
    session = sessions.get_own_session(session_id, current_user)
    shown = request.args.get("q", type=int)
    item = next((i for i in session.items if i.position == shown), None)
    if item is None or item.answered_at is None:
        item = sessions.next_item(session)
    if item is None:
        return _summary(session)
    feedback = sessions.item_feedback(session, item) if item.answered_at else None
    return render_template(
        "practice/question.html",
        session=session,
        item=item,
        total=len(session.items),
        feedback=feedback,
        options=sessions.shown_options(item),
        is_last=item.position == len(session.items),
    )


def _summary(session: PracticeSession):
    missed = [
        sessions.item_feedback(session, item) for item in session.items if not item.is_correct
    ]
    return render_template(
        "practice/summary.html",
        session=session,
        items={item.question_id: item for item in session.items},
        missed=missed,
    )


@bp.post("/sessions/<int:session_id>/questions/<int:question_id>")
@roles_required(Role.CANDIDATE)
def answer(session_id: int, question_id: int):
    session = sessions.get_own_session(session_id, current_user)
    item = sessions.get_item(session, question_id)
    values = request.form.getlist("option")
    with undo_on_error() as outcome:
        if not all(value.isdigit() for value in values):
            raise sessions.InvalidChoice()
        sessions.answer(session.id, current_user, question_id, [int(v) for v in values], utcnow())
    error: ContestError | None = outcome.error
    if error is not None and not isinstance(error, sessions.AlreadyAnswered):
        flash(error.message, "error")
        return redirect(url_for("practice.session_page", session_id=session.id))
    return redirect(
        url_for("practice.session_page", session_id=session.id, q=item.position)
        + f"#feedback-{item.position}"
    )


@bp.get("/reading-list")
@roles_required(Role.CANDIDATE)
def reading_list_page():
    """The reading list ("Cần đọc lại"): the provisions behind the questions missed, by law."""
    return render_template(
        "practice/reading_list.html", laws=reading_list.reading_list(current_user, utcnow())
    )
