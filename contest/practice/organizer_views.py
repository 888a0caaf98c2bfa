"""The organizers' practice page: open questions to practice by topic or one by one."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.core.access import ORGANIZER_ROLES, roles_required
from contest.core.clock import utcnow
from contest.core.forms import submit_action
from contest.practice import eligibility
from questions.labels import difficulty_label

bp = Blueprint("practice_organizer", __name__, url_prefix="/organizer/practice")


@bp.get("/")
@roles_required(*ORGANIZER_ROLES)
def topics():
    return render_template(
        "practice/organizer_topics.html", topics=eligibility.topic_summaries(utcnow())
    )


@bp.post("/topics/<int:topic_id>")
@roles_required(*ORGANIZER_ROLES)
def mark_topic(topic_id: int):
    """Open (eligible=1) or close (eligible=0) every active question of a topic to practice."""
    eligible = request.form.get("eligible") == "1"
    submit_action(
        lambda: eligibility.mark(topic_ids=[topic_id], eligible=eligible, actor=current_user),
        _("Đã mở luyện tập cho cả chủ đề.") if eligible else _("Đã đóng luyện tập cả chủ đề."),
    )
    return redirect(url_for("practice_organizer.topics"))


@bp.get("/topics/<int:topic_id>")
@roles_required(*ORGANIZER_ROLES)
def topic(topic_id: int):
    topic, questions = eligibility.topic_questions(topic_id, utcnow())
    return render_template(
        "practice/organizer_topic.html",
        topic=topic,
        questions=questions,
        difficulty_label=difficulty_label,
    )


@bp.post("/topics/<int:topic_id>/questions")
@roles_required(*ORGANIZER_ROLES)
def mark_questions(topic_id: int):
    """Save the ticks of the topic's page: ticked questions open, the others shown closed."""
    shown = {int(v) for v in request.form.getlist("shown") if v.isdigit()}
    ticked = {int(v) for v in request.form.getlist("marked") if v.isdigit()} & shown

    def save() -> None:
        if ticked:
            eligibility.mark(question_ids=ticked, eligible=True, actor=current_user)
        if shown - ticked:
            eligibility.mark(question_ids=shown - ticked, eligible=False, actor=current_user)

    submit_action(save, _("Đã lưu danh sách câu hỏi luyện tập."))
    return redirect(url_for("practice_organizer.topic", topic_id=topic_id))
