"""Topics of the bank: names as stored, lookups, creation on import, and their question counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, func, insert, select

from contest.core.api.schemas import MAX_INT
from contest.core.clock import utcnow
from contest.core.extensions import db
from questions.importer.text import fold
from questions.models import Difficulty, Question, Topic

TOPIC_MAX_LENGTH = 200  # Topic.name


@dataclass(frozen=True)
class TopicSummary:
    """A topic with its active questions counted per difficulty (what blueprints draw from)."""

    id: int
    name: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def topic_name(name: str) -> str:
    """A topic name as stored: whitespace collapsed."""
    return " ".join(name.split())


def get_or_create_topic(name: str) -> Topic:
    """The topic of that name (ignoring case), created when the bank has none."""
    name = topic_name(name)
    topic_id = resolve_topics([name])[name]
    return db.session.get(Topic, topic_id)


def resolve_topics(names: Iterable[str]) -> dict[str, int]:
    """{name: topic id} for every name, creating the missing topics in one statement.

    "hiến pháp" joins an existing "Hiến pháp": topics are matched ignoring case.
    """
    wanted = {topic_name(name) for name in names}
    existing = {
        name.casefold(): id_ for id_, name in db.session.execute(select(Topic.id, Topic.name))
    }
    missing: dict[str, str] = {}
    for name in sorted(wanted):
        if name.casefold() not in existing:
            missing.setdefault(name.casefold(), name)
    if missing:
        rows = [{"name": name, "created_at": utcnow()} for name in missing.values()]
        db.session.execute(insert(Topic), rows)
        created = select(Topic.id, Topic.name).where(Topic.name.in_(list(missing.values())))
        existing.update({name.casefold(): id_ for id_, name in db.session.execute(created)})
    return {name: existing[name.casefold()] for name in wanted}


def find_topic(ref: str | int) -> Topic | None:
    """A topic named by its id or its name (case and diacritics ignored, as typed by people)."""
    text = str(ref).strip()
    if text.isascii() and text.isdigit():
        topic_id = int(text)
        return db.session.get(Topic, topic_id) if topic_id <= MAX_INT else None
    wanted = fold(text)
    return next((t for t in db.session.scalars(select(Topic)) if fold(t.name) == wanted), None)


def topic_counts(active_only: bool = True) -> dict[str, dict[str, int]]:
    """{topic: {difficulty: count}} — what round blueprints can draw from."""
    query = (
        select(Topic.name, Question.difficulty, func.count())
        .join(Question, Question.topic_id == Topic.id)
        .group_by(Topic.name, Question.difficulty)
    )
    if active_only:
        query = query.where(Question.active.is_(True))
    matrix: dict[str, dict[str, int]] = {}
    for topic, difficulty, count in db.session.execute(query):
        matrix.setdefault(topic, {d.value: 0 for d in Difficulty})[Difficulty(difficulty).value] = (
            count
        )
    return matrix


def topic_summaries() -> list[TopicSummary]:
    """Every topic, with its active questions per difficulty (zeros included), by name."""
    query = (
        select(Topic.id, Topic.name, Question.difficulty, func.count(Question.id))
        .outerjoin(Question, and_(Question.topic_id == Topic.id, Question.active.is_(True)))
        .group_by(Topic.id, Topic.name, Question.difficulty)
    )
    topics: dict[int, TopicSummary] = {}
    for topic_id, name, difficulty, count in db.session.execute(query):
        summary = topics.setdefault(
            topic_id, TopicSummary(topic_id, name, {d.value: 0 for d in Difficulty})
        )
        if difficulty is not None:
            summary.counts[Difficulty(difficulty).value] = count
    return sorted(topics.values(), key=lambda t: (fold(t.name), t.name))
