"""The round form ↔ the round service: minutes, the blueprint matrix, prefilled values."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.core.i18n import display_zone
from contest.rounds.models import Contest, Round
from contest.rounds.rounds import clone_shift
from questions.models import Topic
from questions.topics import topic_counts

# Service field → form field, for messages shown next to the right input.
ALIASES = {
    "time_limit_seconds": "time_limit_minutes",
    "cooldown_seconds": "cooldown_minutes",
    "points_by_difficulty": "points_easy",
    "tie_break": "tie_break_1",
}
MATRIX_COLUMNS = [
    ("easy", _l("Dễ")),
    ("medium", _l("Trung bình")),
    ("hard", _l("Khó")),
    ("any", _l("Mọi mức độ")),
]
TIE_BREAK_FIELDS = ("tie_break_1", "tie_break_2", "tie_break_3", "tie_break_4")


def local_input(value: datetime) -> str:
    """An aware time as a datetime-local input value in Vietnam time."""
    return value.astimezone(display_zone()).strftime("%Y-%m-%dT%H:%M")


def _seconds(minutes: str | None) -> Any:
    """Minutes typed in the form as seconds; other text passes through for the service to refuse."""
    text = (minutes or "").strip().replace(",", ".")
    try:
        return round(float(text) * 60)
    except ValueError:
        return text


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:g}"


def round_data(form, posted) -> dict[str, Any]:
    """The service's round settings from the submitted form (and its blueprint matrix)."""
    points = {d: getattr(form, f"points_{d}").data or "" for d in ("easy", "medium", "hard")}
    data = {
        "name": form.name.data,
        "opens_at": form.opens_at.data,
        "closes_at": form.closes_at.data,
        "time_limit_seconds": _seconds(form.time_limit_minutes.data),
        "shuffle_questions": form.shuffle_questions.data,
        "shuffle_options": form.shuffle_options.data,
        "display_mode": form.display_mode.data,
        "points_per_question": form.points_per_question.data,
        "points_by_difficulty": points if any(v.strip() for v in points.values()) else None,
        "multi_choice_scoring": form.multi_choice_scoring.data,
        "max_attempts": form.max_attempts.data,
        "cooldown_seconds": _seconds(form.cooldown_minutes.data or "0"),
        "counted_attempt": form.counted_attempt.data,
        "prediction_question": form.prediction_question.data,
        "prediction_target": form.prediction_target.data or None,
        "tie_break": [
            getattr(form, name).data for name in TIE_BREAK_FIELDS if getattr(form, name).data
        ],
        "review_policy": form.review_policy.data,
        "auto_publish": form.auto_publish.data,
        "leaderboard_visibility": form.leaderboard_visibility.data,
        "leaderboard_freeze_hours": form.leaderboard_freeze_hours.data,
    }
    if form.question_source.data == "fixed":
        data["question_ids"] = form.question_ids.data or ""
    else:
        data["blueprint"] = matrix_blueprint(matrix_values(posted))
    return data


def matrix_values(posted) -> dict[str, str]:
    """The blueprint inputs as typed: {"<topic_id>-<difficulty|any>": "3"}."""
    return {key[3:]: value.strip() for key, value in posted.items() if key.startswith("bp-")}


def matrix_blueprint(values: dict[str, str]) -> list[dict[str, Any]]:
    """Blueprint lines for the service; blank and 0 are skipped, other text is passed on as is."""
    lines = []
    for key, value in values.items():
        topic_id, _sep, difficulty = key.partition("-")
        if not value or value == "0" or not topic_id.isdigit():
            continue
        count = int(value) if value.isdigit() else value
        lines.append(
            {
                "topic": int(topic_id),
                "difficulty": None if difficulty == "any" else difficulty,
                "count": count,
            }
        )
    return lines


def round_matrix(round: Round) -> dict[str, str]:
    return {
        f"{item.topic_id}-{item.difficulty.value if item.difficulty else 'any'}": str(item.count)
        for item in round.blueprint
    }


def matrix_topics(values: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of the blueprint editor: topics with active questions (or already in the blueprint)."""
    counts = topic_counts()
    used = {int(key.partition("-")[0]) for key in values if key.partition("-")[0].isdigit()}
    topics = db.session.execute(select(Topic.id, Topic.name).order_by(Topic.name)).all()
    rows = []
    for topic_id, name in topics:
        if name not in counts and topic_id not in used:
            continue
        available = counts.get(name, {"easy": 0, "medium": 0, "hard": 0})
        rows.append(
            {
                "id": topic_id,
                "name": name,
                "available": {**available, "any": sum(available.values())},
            }
        )
    return rows


def fill_defaults(form, contest: Contest) -> None:
    """A new round starts the Monday after the last round (or next Monday), for one week."""
    last = max((r.closes_at for r in contest.rounds), default=None)
    start = (last or utcnow()).astimezone(display_zone())
    monday = (start + timedelta(days=(7 - start.weekday()) % 7 or 7)).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    form.name.data = _("Tuần thi thứ %(n)s", n=len(contest.rounds) + 1)
    form.opens_at.data = local_input(monday)
    form.closes_at.data = local_input(monday + timedelta(days=7) - timedelta(minutes=1))


def fill_from_round(form, round: Round) -> None:
    """Prefill the edit form with the round's current settings."""
    form.name.data = round.name
    form.opens_at.data = local_input(round.opens_at)
    form.closes_at.data = local_input(round.closes_at)
    form.time_limit_minutes.data = _minutes(round.time_limit_seconds)
    form.question_source.data = "fixed" if round.fixed_questions else "blueprint"
    form.question_ids.data = ", ".join(str(item.question_id) for item in round.fixed_questions)
    for name in ("shuffle_questions", "shuffle_options", "auto_publish", "prediction_question"):
        getattr(form, name).data = getattr(round, name)
    for name in (
        "display_mode",
        "multi_choice_scoring",
        "counted_attempt",
        "review_policy",
        "leaderboard_visibility",
    ):
        getattr(form, name).data = getattr(round, name).value
    form.prediction_target.data = round.prediction_target.value if round.prediction_target else ""
    form.points_per_question.data = f"{round.points_per_question:g}"
    for difficulty, points in (round.points_by_difficulty or {}).items():
        getattr(form, f"points_{difficulty}").data = f"{points:g}"
    form.max_attempts.data = str(round.max_attempts)
    form.cooldown_minutes.data = _minutes(round.cooldown_seconds)
    form.leaderboard_freeze_hours.data = str(round.leaderboard_freeze_hours)
    keys = list(round.tie_break or [])
    for index, name in enumerate(TIE_BREAK_FIELDS):
        getattr(form, name).data = keys[index] if index < len(keys) else ""


def fill_clone(form, round: Round) -> None:
    shift = clone_shift(round)
    form.name.data = _("%(name)s (bản sao)", name=round.name)
    form.opens_at.data = local_input(round.opens_at + shift)
    form.closes_at.data = local_input(round.closes_at + shift)
