"""The reading list ("Cần đọc lại"): the legal provisions behind every missed question, by law.

Misses come from practice answers and from the final attempts of closed rounds whose review
policy shows candidates the key (`after_close`); a round attempt is scored exactly as its
result is (contest.attempts.marking.grading: the version shown, regrades in force), and a question
left unanswered counts as missed. A round that hides its key never reveals it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest.accounts.models import User
from contest.attempts.marking import grading
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.extensions import db
from contest.practice.models import PracticeCard, PracticeItem, PracticeSession
from contest.practice.provisions import Citation, law_key, parse_legal_basis, provision_order
from contest.rounds.models import ReviewPolicy, Round, RoundState
from questions.models import QuestionVersion

FINAL = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
NO_BASIS = Citation(None, "")  # a question whose legal basis is not recorded
CLOSED = (RoundState.CLOSED, RoundState.PUBLISHED)


@dataclass(frozen=True)
class RoundMiss:
    round_id: int
    round_name: str
    contest_title: str
    attempt_id: int


@dataclass
class MissedQuestion:
    """One missed question, however often and wherever it was missed."""

    question_id: int
    text: str
    legal_basis: str | None
    last_missed_at: datetime
    times: int = 0
    in_practice: bool = False
    rounds: list[RoundMiss] = field(default_factory=list)
    reviewed_right: bool = False  # answered right in practice since the last miss


@dataclass
class ProvisionEntry:
    provision: str  # "" when the basis names the whole document
    questions: list[MissedQuestion]


@dataclass
class LawEntry:
    law: str | None  # None: bases that name no document
    provisions: list[ProvisionEntry]

    @property
    def question_count(self) -> int:
        return len({q.question_id for p in self.provisions for q in p.questions})


def reading_list(user: User, now: datetime) -> list[LawEntry]:
    """The user's missed questions by law and provision; most-missed laws first."""
    missed: dict[int, MissedQuestion] = {}
    for version, at in _practice_misses(user):
        _note(missed, version, at).in_practice = True
    for version, at, miss in _round_misses(user, now):
        _note(missed, version, at).rounds.append(miss)
    _mark_reviewed(user, missed)
    return _group(missed.values())


def _note(missed: dict[int, MissedQuestion], version: QuestionVersion, at: datetime):
    entry = missed.get(version.question_id)
    if entry is None:
        entry = missed[version.question_id] = MissedQuestion(
            version.question_id, version.text, version.legal_basis, at
        )
    elif at >= entry.last_missed_at:
        entry.text, entry.legal_basis, entry.last_missed_at = (
            version.text,
            version.legal_basis,
            at,
        )
    entry.times += 1
    return entry


def _practice_misses(user: User):
    rows = db.session.execute(
        select(QuestionVersion, PracticeItem.answered_at)
        .join(PracticeItem, PracticeItem.version_id == QuestionVersion.id)
        .join(PracticeSession, PracticeSession.id == PracticeItem.session_id)
        .where(PracticeSession.user_id == user.id, PracticeItem.is_correct.is_(False))
    ).all()
    return [(version, at) for version, at in rows]


def _round_misses(user: User, now: datetime):
    attempts = [
        attempt
        for attempt in db.session.scalars(
            select(Attempt)
            .join(Round, Round.id == Attempt.round_id)
            .where(
                Attempt.user_id == user.id,
                Attempt.status.in_(FINAL),
                Round.review_policy == ReviewPolicy.AFTER_CLOSE,
            )
            .options(joinedload(Attempt.round).joinedload(Round.contest))
        ).unique()
        if attempt.round.state_at(now) in CLOSED
    ]
    if not attempts:
        return []
    ids = [attempt.id for attempt in attempts]
    shown = grading.shown_versions(ids)
    keys = grading.item_keys(v for items in shown.values() for _q, v in items)
    overrides = grading.regrade_overrides({a.round_id for a in attempts}, shown, keys)
    choices = grading.saved_choices(ids)
    wrong: list[tuple[int, Attempt]] = []
    for attempt in attempts:
        scored = grading.score(attempt, keys, shown[attempt.id], choices[attempt.id], overrides)
        versions = dict(shown[attempt.id])
        wrong += [(versions[i.question_id], attempt) for i in scored.items if not i.is_correct]
    texts = {
        v.id: v
        for v in db.session.scalars(
            select(QuestionVersion).where(QuestionVersion.id.in_({v for v, _a in wrong}))
        )
    }
    return [
        (
            texts[version_id],
            attempt.submitted_at or grading.effective_deadline(attempt),
            RoundMiss(
                attempt.round_id, attempt.round.name, attempt.round.contest.title, attempt.id
            ),
        )
        for version_id, attempt in wrong
    ]


def _mark_reviewed(user: User, missed: dict[int, MissedQuestion]) -> None:
    if not missed:
        return
    cards = db.session.scalars(
        select(PracticeCard).where(
            PracticeCard.user_id == user.id, PracticeCard.question_id.in_(missed)
        )
    )
    for card in cards:
        entry = missed[card.question_id]
        entry.reviewed_right = card.last_correct and card.last_answered_at > entry.last_missed_at


def _group(missed) -> list[LawEntry]:
    laws: dict[str, tuple[str | None, dict[str, list[MissedQuestion]]]] = {}
    for question in sorted(missed, key=lambda q: q.last_missed_at, reverse=True):
        for citation in parse_legal_basis(question.legal_basis) or [NO_BASIS]:
            _law, provisions = laws.setdefault(law_key(citation.law), (citation.law, {}))
            provisions.setdefault(citation.provision, []).append(question)
    entries = [
        LawEntry(
            law,
            [
                ProvisionEntry(text, questions)
                for text, questions in sorted(
                    provisions.items(), key=lambda p: provision_order(p[0])
                )
            ],
        )
        for law, provisions in laws.values()
    ]
    return sorted(entries, key=lambda e: (e.law is None, -e.question_count, law_key(e.law)))
