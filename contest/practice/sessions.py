"""Practice sessions: draw questions from the chosen topics, take one answer per question, explain.

The answer is checked by the same scoring rules as a round (contest.attempts.marking.scoring), so a
question type the rounds learn to score is checked the same way here. Sessions, answers and
cards live in the practice tables only: no ranking, board, statistic or prize reads them.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from contest.accounts.models import User
from contest.attempts.marking.grading import item_keys
from contest.attempts.marking.scoring import ScoringRules, score_item
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.practice import schedule
from contest.practice.eligibility import candidate_topics, servable_ids
from contest.practice.models import PracticeCard, PracticeItem, PracticeSession
from questions.draw import new_seed, option_order
from questions.models import Question, QuestionType, QuestionVersion

MIN_COUNT, MAX_COUNT = 1, 50
RULES = ScoringRules()  # one point, all or nothing: practice only needs right or wrong


class NoPracticeQuestions(Conflict):
    code = "no_practice_questions"
    default_message = _l("Chưa có câu hỏi luyện tập nào cho các chủ đề đã chọn.")


class AlreadyAnswered(Conflict):
    code = "already_answered"
    default_message = _l("Câu hỏi này đã được trả lời trong lượt luyện tập.")


class InvalidChoice(InvalidInput):
    code = "invalid_option"
    default_message = _l("Phương án đã chọn không thuộc câu hỏi này.")


@dataclass(frozen=True)
class FeedbackOption:
    id: int
    text: str
    chosen: bool
    correct: bool


@dataclass(frozen=True)
class Feedback:
    """What the candidate learns right after answering: right or wrong, the key, why."""

    question_id: int
    position: int
    is_correct: bool
    chosen: list[int]
    correct: list[int]
    options: list[FeedbackOption]
    explanation: str | None
    legal_basis: str | None
    due_at: datetime | None  # when the question comes back for review


def start_session(user: User, topic_ids: Iterable[int], count: int, now: datetime):
    """Draw up to `count` questions of the chosen topics: due reviews, new ones, then the rest."""
    topics = _checked_topics(list(topic_ids), now)
    if isinstance(count, bool) or not isinstance(count, int) or not MIN_COUNT <= count <= MAX_COUNT:
        raise InvalidInput.for_fields(
            {"count": str(_l("Số câu từ %(a)s đến %(b)s.", a=MIN_COUNT, b=MAX_COUNT))}
        )
    pool = servable_ids(topics, now)
    if not pool:
        raise NoPracticeQuestions()
    picked = pick(user, pool, count, now)
    session = PracticeSession(user_id=user.id, topic_ids=sorted(topics), started_at=now)
    seed = new_seed()
    versions = _current_versions(picked)
    for position, question_id in enumerate(picked, start=1):
        version = versions[question_id]
        options = [option.id for option in version.options]
        session.items.append(
            PracticeItem(
                position=position,
                question_id=question_id,
                version_id=version.id,
                option_order=option_order(seed, question_id, options, shuffle=True),
            )
        )
    db.session.add(session)
    db.session.flush()
    return session


def _checked_topics(topic_ids: list[int], now: datetime) -> set[int]:
    offered = {topic.id for topic in candidate_topics(now)}
    chosen = set(topic_ids)
    if not chosen:
        raise InvalidInput.for_fields({"topics": str(_l("Hãy chọn ít nhất một chủ đề."))})
    if chosen - offered:
        raise InvalidInput.for_fields(
            {"topics": str(_l("Chủ đề đã chọn hiện không có câu hỏi luyện tập."))}
        )
    return chosen


def pick(user: User, pool: list[int], count: int, now: datetime) -> list[int]:
    """Cards due first (earliest first), then unseen questions at random, then cards not due."""
    cards = {
        card.question_id: card
        for card in db.session.scalars(
            select(PracticeCard).where(
                PracticeCard.user_id == user.id, PracticeCard.question_id.in_(pool)
            )
        )
    }
    by_due = sorted(cards.values(), key=lambda c: (c.due_at, c.box, c.question_id))
    due = [c.question_id for c in by_due if c.due_at <= now]
    later = [c.question_id for c in by_due if c.due_at > now]
    unseen = [q for q in pool if q not in cards]
    random.SystemRandom().shuffle(unseen)
    return (due + unseen + later)[:count]


def _current_versions(question_ids: list[int]) -> dict[int, QuestionVersion]:
    questions = db.session.scalars(
        select(Question)
        .where(Question.id.in_(question_ids))
        .options(selectinload(Question.current).selectinload(QuestionVersion.options))
    ).all()
    return {question.id: question.current for question in questions}


def get_own_session(session_id: int, user: User) -> PracticeSession:
    """The user's own session; anyone else's is "not found"."""
    session = db.session.scalar(
        select(PracticeSession)
        .where(PracticeSession.id == session_id, PracticeSession.user_id == user.id)
        .options(
            selectinload(PracticeSession.items)
            .selectinload(PracticeItem.version)
            .selectinload(QuestionVersion.options)
        )
    )
    if session is None:
        raise NotFound()
    return session


def get_item(session: PracticeSession, question_id: int) -> PracticeItem:
    item = next((i for i in session.items if i.question_id == question_id), None)
    if item is None:
        raise NotFound(_l("Câu hỏi này không thuộc lượt luyện tập của bạn."))
    return item


def shown_options(item: PracticeItem) -> list[tuple[int, str]]:
    """The item's options in the order shown, without any hint of the key."""
    texts = {option.id: option.text for option in item.version.options}
    return [(option_id, texts[option_id]) for option_id in item.option_order]


def next_item(session: PracticeSession) -> PracticeItem | None:
    """The first question not answered yet (None when the session is done)."""
    return next((item for item in session.items if item.answered_at is None), None)


def answer(
    session_id: int, user: User, question_id: int, option_ids: list[int], now: datetime
) -> Feedback:
    """Check the one answer to a question of the session, move its review card, explain.

    The conditional UPDATE is the claim: of two submissions of the same answer (a double tap,
    two tabs) exactly one is recorded and moves the card.
    """
    session = get_own_session(session_id, user)
    item = get_item(session, question_id)
    if item.answered_at is not None:
        raise AlreadyAnswered()
    chosen = _valid_choice(item, option_ids)
    key = item_keys([item.version_id])[item.version_id]
    is_correct = score_item(key, chosen, RULES).is_correct
    claimed = db.session.execute(
        update(PracticeItem)
        .where(
            PracticeItem.session_id == session.id,
            PracticeItem.question_id == question_id,
            PracticeItem.answered_at.is_(None),
        )
        .values(chosen=chosen, is_correct=is_correct, answered_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        raise AlreadyAnswered()
    db.session.refresh(item)
    card = _review_card(user, question_id, is_correct, now)
    if next_item(session) is None:
        session.finished_at = now
    db.session.flush()
    return feedback(item, card.due_at)


def _review_card(user: User, question_id: int, correct: bool, now: datetime) -> PracticeCard:
    """Move the user's card for the question; a card created meanwhile elsewhere is used."""
    card = db.session.get(PracticeCard, (user.id, question_id), with_for_update=True)
    if card is None:
        try:
            with db.session.begin_nested():
                card = schedule.review(None, user.id, question_id, correct, now)
                db.session.add(card)
            return card
        except IntegrityError:
            card = db.session.get(
                PracticeCard, (user.id, question_id), with_for_update=True, populate_existing=True
            )
    return schedule.review(card, user.id, question_id, correct, now)


def _valid_choice(item: PracticeItem, option_ids: list[int]) -> list[int]:
    chosen = sorted(set(option_ids))
    if not chosen:
        raise InvalidInput.for_fields({"option_ids": str(_l("Hãy chọn một phương án."))})
    if any(option_id not in item.option_order for option_id in chosen):
        raise InvalidChoice()
    if item.version.qtype != QuestionType.MULTIPLE and len(chosen) > 1:
        raise InvalidChoice(_l("Câu hỏi này chỉ được chọn một phương án."))
    return chosen


def item_feedback(session: PracticeSession, item: PracticeItem) -> Feedback:
    """The explanation of an item answered earlier, with when its card is due now."""
    card = db.session.get(PracticeCard, (session.user_id, item.question_id))
    return feedback(item, card.due_at if card else None)


def feedback(item: PracticeItem, due_at: datetime | None) -> Feedback:
    """The explanation of an answered item, options in the order shown."""
    texts = {option.id: option for option in item.version.options}
    correct = sorted(o.id for o in item.version.options if o.is_correct)
    chosen = list(item.chosen or [])
    return Feedback(
        question_id=item.question_id,
        position=item.position,
        is_correct=bool(item.is_correct),
        chosen=chosen,
        correct=correct,
        options=[
            FeedbackOption(oid, texts[oid].text, oid in chosen, texts[oid].is_correct)
            for oid in item.option_order
        ],
        explanation=item.version.explanation,
        legal_basis=item.version.legal_basis,
        due_at=due_at,
    )


def recent_sessions(user: User, limit: int = 10) -> list[PracticeSession]:
    """The user's latest sessions, newest first."""
    return list(
        db.session.scalars(
            select(PracticeSession)
            .where(PracticeSession.user_id == user.id)
            .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
            .limit(limit)
            .options(selectinload(PracticeSession.items))
        )
    )
