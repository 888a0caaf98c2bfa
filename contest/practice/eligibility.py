"""What practice may serve: questions the organizers marked, active, in no open or upcoming round.

A question belongs to a round when it is in the round's pool: the snapshot captured at the
round's first start or, before that, every active question its blueprint (or fixed list)
could draw. Such a question is never served for practice while the round is open or
upcoming, whatever its mark; the check runs at every draw, on the platform clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from contest.accounts.models import User
from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.practice.models import PracticeQuestion
from contest.rounds.models import Round, RoundState
from contest.rounds.pool import round_pool
from questions.models import Question, QuestionType, Topic
from questions.topics import find_topic

# The types practice can check today; a new type joins once attempts.marking.scoring checks it.
PRACTICE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)
MAX_MARK_IDS = 2000


def blocked_question_ids(now: datetime) -> set[int]:
    """Questions in the pool of a round that is open or upcoming now (a draft is upcoming)."""
    rounds = db.session.scalars(
        select(Round)
        .where(Round.closes_at > now, Round.results_published_at.is_(None))
        .options(selectinload(Round.blueprint), selectinload(Round.fixed_questions))
    ).all()
    blocked: set[int] = set()
    for round_ in rounds:
        if round_.state_at(now) not in (RoundState.OPEN, RoundState.UPCOMING, RoundState.DRAFT):
            continue
        if round_.pool_snapshot is not None:
            blocked.update(q for ids in round_.pool_snapshot.values() for q in ids)
        else:
            blocked.update(q for cell in round_pool(round_) for q in cell.pool)
    return blocked


def servable_ids(topic_ids: Iterable[int], now: datetime) -> list[int]:
    """Questions practice may serve now in these topics, ascending."""
    marked = db.session.scalars(
        select(Question.id)
        .join(PracticeQuestion, PracticeQuestion.question_id == Question.id)
        .where(
            Question.active,
            Question.qtype.in_(PRACTICE_TYPES),
            Question.topic_id.in_(set(topic_ids)),
        )
        .order_by(Question.id)
    ).all()
    blocked = blocked_question_ids(now)
    return [qid for qid in marked if qid not in blocked]


@dataclass(frozen=True)
class TopicSummary:
    """A topic as the organizers' practice page shows it."""

    id: int
    name: str
    active: int  # active questions of a practice type
    marked: int  # of which marked for practice
    servable: int  # of which practice may serve now (not in an open or upcoming round)


def topic_summaries(now: datetime) -> list[TopicSummary]:
    """Every topic with its active, marked and servable question counts."""
    rows = db.session.execute(
        select(Topic.id, Topic.name, Question.id, PracticeQuestion.question_id.is_not(None))
        .join(Question, Question.topic_id == Topic.id)
        .outerjoin(PracticeQuestion, PracticeQuestion.question_id == Question.id)
        .where(Question.active, Question.qtype.in_(PRACTICE_TYPES))
        .order_by(Topic.name)
    ).all()
    blocked = blocked_question_ids(now)
    counts: dict[tuple[int, str], list[int]] = {}
    for topic_id, name, question_id, marked in rows:
        tally = counts.setdefault((topic_id, name), [0, 0, 0])
        tally[0] += 1
        tally[1] += bool(marked)
        tally[2] += bool(marked) and question_id not in blocked
    return [TopicSummary(tid, name, *tally) for (tid, name), tally in counts.items()]


def candidate_topics(now: datetime) -> list[TopicSummary]:
    """The topics a candidate can practise now (at least one servable question)."""
    return [topic for topic in topic_summaries(now) if topic.servable]


def marked_ids(question_ids: Iterable[int]) -> set[int]:
    """Which of these questions are marked for practice."""
    ids = set(question_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            select(PracticeQuestion.question_id).where(PracticeQuestion.question_id.in_(ids))
        )
    )


def mark(
    *,
    question_ids: Iterable[int] = (),
    topic_ids: Iterable[int] = (),
    eligible: bool,
    actor: User | None = None,
) -> int:
    """Mark (or unmark) questions for practice, named one by one or by topic; returns the change."""
    ids = _questions_named(list(question_ids), list(topic_ids))
    already = marked_ids(ids)
    if eligible:
        changed = sorted(set(ids) - already)
        db.session.add_all(
            PracticeQuestion(question_id=q, marked_by_id=_id(actor)) for q in changed
        )
    else:
        changed = sorted(already)
        if changed:
            db.session.execute(
                delete(PracticeQuestion).where(PracticeQuestion.question_id.in_(changed))
            )
    db.session.flush()
    if changed:
        audit.record(
            "practice.mark" if eligible else "practice.unmark",
            "question",
            None,
            after={"question_ids": changed[:200], "count": len(changed)},
            actor=actor,
        )
    return len(changed)


def _questions_named(question_ids: list[int], topic_ids: list[int]) -> list[int]:
    """The existing questions named directly or by topic; unknown ids are an error."""
    if not question_ids and not topic_ids:
        raise InvalidInput.for_fields(
            {"question_ids": str(_l("Hãy chọn ít nhất một câu hỏi hoặc một chủ đề."))}
        )
    if len(question_ids) > MAX_MARK_IDS:
        raise InvalidInput.for_fields(
            {"question_ids": str(_l("Tối đa %(n)s câu hỏi mỗi lần.", n=MAX_MARK_IDS))}
        )
    found = set(db.session.scalars(select(Question.id).where(Question.id.in_(set(question_ids)))))
    missing = sorted(set(question_ids) - found)
    if missing:
        raise InvalidInput.for_fields(
            {
                "question_ids": str(
                    _l("Không có câu hỏi số %(ids)s.", ids=", ".join(map(str, missing[:20])))
                )
            }
        )
    known_topics = set(db.session.scalars(select(Topic.id).where(Topic.id.in_(set(topic_ids)))))
    if set(topic_ids) - known_topics:
        raise InvalidInput.for_fields({"topics": str(_l("Không có chủ đề này."))})
    by_topic = db.session.scalars(
        select(Question.id).where(
            Question.topic_id.in_(known_topics),
            Question.active,
            Question.qtype.in_(PRACTICE_TYPES),
        )
    ).all()
    return sorted(found | set(by_topic))


def _id(user: User | None) -> int | None:
    return user.id if user is not None else None


def marked_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PracticeQuestion)) or 0


def topic_ids_named(refs: Iterable[str | int]) -> list[int]:
    """Topic ids for topics named by id or name (as the API accepts them); unknown ones refused."""
    ids, unknown = [], []
    for ref in refs:
        topic = find_topic(ref)
        if topic is None:
            unknown.append(str(ref))
        else:
            ids.append(topic.id)
    if unknown:
        raise InvalidInput.for_fields(
            {"topics": str(_l("Không có chủ đề: %(t)s.", t=", ".join(unknown[:10])))}
        )
    return ids


@dataclass(frozen=True)
class QuestionMark:
    """A question of a topic as the organizers' practice page lists it."""

    id: int
    text: str
    difficulty: str
    qtype: str
    marked: bool
    blocked: bool  # in an open or upcoming round: not served while it is


def topic_questions(topic_id: int, now: datetime) -> tuple[Topic, list[QuestionMark]]:
    """A topic's active questions with their practice mark; NotFound for an unknown topic."""
    topic = db.session.get(Topic, topic_id)
    if topic is None:
        raise NotFound()
    questions = db.session.scalars(
        select(Question)
        .where(Question.topic_id == topic_id, Question.active)
        .order_by(Question.id)
        .options(selectinload(Question.current))
    ).all()
    marked = marked_ids(q.id for q in questions)
    blocked = blocked_question_ids(now)
    return topic, [
        QuestionMark(
            q.id, q.current.text, q.difficulty.value, q.qtype.value, q.id in marked, q.id in blocked
        )
        for q in questions
    ]
