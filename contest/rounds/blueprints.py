"""Which questions a round uses: a blueprint (topic × difficulty counts) or a fixed list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from contest.core.extensions import db
from contest.rounds.settings import FieldError
from questions.models import Difficulty, Question, Topic

DIFFICULTY_LABELS = {
    "easy": _l("Dễ"),
    "medium": _l("Trung bình"),
    "hard": _l("Khó"),
    None: _l("mọi mức độ"),
}
MAX_FIXED_QUESTIONS = 500


@dataclass(frozen=True)
class Cell:
    """One blueprint line, resolved: topic id and name, difficulty (None = any), count."""

    topic_id: int
    topic: str
    difficulty: str | None
    count: int

    @property
    def label(self) -> str:
        return f"{self.topic} – {DIFFICULTY_LABELS[self.difficulty]}"

    def as_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "topic_id": self.topic_id,
            "difficulty": self.difficulty,
            "count": self.count,
        }


def parse_blueprint(value: Any) -> list[Cell]:
    """[{topic (name or id), difficulty?, count}] → cells; FieldError names each bad line."""
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FieldError(_l("Ma trận đề phải là danh sách các dòng {topic, difficulty, count}."))
    topics = _topics_by_key([item.get("topic") for item in value])
    problems, cells = [], []
    for number, item in enumerate(value, start=1):
        try:
            cells.append(_cell(item, topics))
        except FieldError as error:
            problems.append(str(_l("Dòng %(n)s (%(e)s", n=number, e=str(error))))
    problems.extend(_overlaps(cells))
    if problems:
        raise FieldError(" ".join(problems))
    return cells


def _topics_by_key(keys: list[Any]) -> dict[str, Topic]:
    """Topics named by the request, looked up at once by name and by id."""
    names = {str(k).strip() for k in keys if isinstance(k, str)}
    ids = {
        int(k)
        for k in keys
        if isinstance(k, int | str) and not isinstance(k, bool) and str(k).strip().isdigit()
    }
    found = db.session.scalars(select(Topic).where(or_(Topic.name.in_(names), Topic.id.in_(ids))))
    topics: dict[str, Topic] = {}
    for topic in found:
        topics.setdefault(f"id:{topic.id}", topic)
        topics[f"name:{topic.name}"] = topic
    return topics


def _cell(item: dict[str, Any], topics: dict[str, Topic]) -> Cell:
    key = item.get("topic")
    topic = None
    if isinstance(key, str):
        topic = topics.get(f"name:{key.strip()}") or (
            topics.get(f"id:{key.strip()}") if key.strip().isdigit() else None
        )
    elif isinstance(key, int) and not isinstance(key, bool):
        topic = topics.get(f"id:{key}")
    if topic is None:
        raise FieldError(_l("chủ đề “%(t)s”): không có chủ đề này trong ngân hàng câu hỏi.", t=key))
    difficulty = item.get("difficulty") or None
    if difficulty is not None and difficulty not in {d.value for d in Difficulty}:
        raise FieldError(
            _l(
                "%(t)s): mức độ “%(d)s” không hợp lệ (easy, medium, hard).",
                t=topic.name,
                d=difficulty,
            )
        )
    count = item.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        label = Cell(topic.id, topic.name, difficulty, 0).label
        raise FieldError(_l("%(c)s): số câu phải là số nguyên dương.", c=label))
    return Cell(topic.id, topic.name, difficulty, count)


def _overlaps(cells: list[Cell]) -> list[str]:
    """A topic drawn "any difficulty" cannot also be drawn per difficulty, nor any cell twice."""
    problems, seen = [], set()
    for cell in cells:
        if (cell.topic_id, cell.difficulty) in seen:
            problems.append(str(_l("Ô “%(c)s” xuất hiện hai lần.", c=cell.label)))
        seen.add((cell.topic_id, cell.difficulty))
    for cell in cells:
        if cell.difficulty is None and any(
            other.topic_id == cell.topic_id and other.difficulty for other in cells
        ):
            problems.append(
                str(
                    _l(
                        "Chủ đề “%(t)s” vừa lấy theo mọi mức độ vừa lấy theo từng mức độ; "
                        "chỉ chọn một cách.",
                        t=cell.topic,
                    )
                )
            )
    return problems


def shortfalls(cells: list[Cell]) -> list[dict[str, Any]]:
    """Cells asking for more ACTIVE questions than the bank has, with requested/available."""
    if not cells:
        return []
    rows = db.session.execute(
        select(Question.topic_id, Question.difficulty, func.count())
        .where(Question.active, Question.topic_id.in_({c.topic_id for c in cells}))
        .group_by(Question.topic_id, Question.difficulty)
    ).all()
    available: dict[tuple[int, str], int] = {(t, Difficulty(d).value): n for t, d, n in rows}
    missing = []
    for cell in cells:
        levels = [cell.difficulty] if cell.difficulty else [d.value for d in Difficulty]
        have = sum(available.get((cell.topic_id, level), 0) for level in levels)
        if have < cell.count:
            missing.append(
                {
                    "topic": cell.topic,
                    "topic_id": cell.topic_id,
                    "difficulty": cell.difficulty,
                    "requested": cell.count,
                    "available": have,
                }
            )
    return missing


def shortfall_message(missing: list[dict[str, Any]]) -> str:
    parts = [
        str(
            _l(
                "%(t)s – %(d)s: cần %(r)s câu, chỉ có %(a)s câu (thiếu %(m)s)",
                t=m["topic"],
                d=DIFFICULTY_LABELS[m["difficulty"]],
                r=m["requested"],
                a=m["available"],
                m=m["requested"] - m["available"],
            )
        )
        for m in missing
    ]
    return str(
        _l("Ngân hàng không đủ câu hỏi đang sử dụng cho ma trận đề: %(p)s.", p="; ".join(parts))
    )


def parse_question_ids(value: Any) -> list[int]:
    """A fixed list of ids (a list, or "12, 15 18" from a form): existing, active, once each."""
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple):
        raise FieldError(_l("Danh sách câu hỏi phải là các mã số câu hỏi."))
    try:
        ids = [int(v) for v in value if not isinstance(v, bool)]
    except (TypeError, ValueError):
        raise FieldError(_l("Mã câu hỏi phải là số nguyên.")) from None
    if len(ids) != len(value) or not ids:
        raise FieldError(_l("Mã câu hỏi phải là số nguyên."))
    if len(set(ids)) != len(ids):
        raise FieldError(_l("Mỗi câu hỏi chỉ được có mặt một lần trong danh sách."))
    if len(ids) > MAX_FIXED_QUESTIONS:
        raise FieldError(_l("Danh sách tối đa %(n)s câu hỏi.", n=MAX_FIXED_QUESTIONS))
    active = set(
        db.session.scalars(select(Question.id).where(Question.id.in_(ids), Question.active))
    )
    unusable = [str(q) for q in ids if q not in active]
    if unusable:
        raise FieldError(
            _l("Câu hỏi số %(ids)s không tồn tại hoặc đã ngừng sử dụng.", ids=", ".join(unusable))
        )
    return ids
