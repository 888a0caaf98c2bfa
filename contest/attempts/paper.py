"""An attempt's paper: the questions drawn for it, in the order shown, with options and keys.

The paper is drawn once, at the start, and never changes (the question versions shown are
immutable), so each process keeps the papers it has read: a save, a page of the quiz and a
submission read it from memory instead of three queries. Entries are keyed by the attempt's id
and its random seed, so a reused id (a restored or emptied database) never finds another's paper.

For the same reason a start does not read the versions it draws from as ORM objects: it asks
which version of each question is current (one small query) and takes the versions' contents,
their cards, from memory, keyed by the version's id and creation time.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Row, select
from sqlalchemy.orm import selectinload

from contest.attempts.marking.scoring import ItemKey
from contest.attempts.models import Answer, Attempt, AttemptQuestion
from contest.core.extensions import db
from questions.models import Question, QuestionVersion, is_current_version

if TYPE_CHECKING:
    from contest.attempts.own_attempts import AttemptClock

# Papers kept per process, the least recently used dropped first. An item holds only what
# differs between papers (its place and the order of its options); its text, options and key
# are its version's card, shared by every paper showing it: a paper of 20 questions takes about
# 1.6 KiB (`python -m bench paper`), so 20,000 take about 32 MiB. At a deadline's peak a node
# serves every attempt in progress (behind a proxy any worker gets any save), and a save whose
# paper is not kept reads it again: in a profile of the open model's peak, more than the rest
# of the save cost.
CACHE_SIZE = 20_000
# Version cards kept per process: a round's pool is rarely more than a few hundred questions.
CARDS_SIZE = 5_000
# Option orders shared between items (a question's options shown in one of few orders): up to
# this many options, every order is kept once per process (5! = 120 orders at most).
SHARED_ORDER_OPTIONS = 5


@dataclass(frozen=True, slots=True)
class VersionCard:
    """What a paper needs of one question version, read once per process."""

    id: int
    question_id: int
    text: str
    qtype: str
    options: tuple[tuple[int, str], ...]  # in the bank's order
    points: float | None
    key: ItemKey
    # {option id: its place in `options`}: how an item names its order without its own ints
    places: dict[int, int] = field(compare=False, repr=False, hash=False, default_factory=dict)

    @property
    def option_ids(self) -> list[int]:
        return [option_id for option_id, _text in self.options]


@dataclass(frozen=True, slots=True)
class PaperItem:
    """One question as drawn: its version's card, its position, and its options' order (as
    places in the card's options). Everything else is read through the card."""

    card: VersionCard
    position: int
    order: tuple[int, ...]

    @property
    def question_id(self) -> int:
        return self.card.question_id

    @property
    def version_id(self) -> int:
        return self.card.id

    @property
    def text(self) -> str:
        return self.card.text

    @property
    def qtype(self) -> str:
        return self.card.qtype

    @property
    def points(self) -> float | None:
        return self.card.points

    @property
    def key(self) -> ItemKey:
        return self.card.key

    @property
    def options(self) -> tuple[tuple[int, str], ...]:
        """(option id, text) in the order shown."""
        options = self.card.options
        return tuple(options[place] for place in self.order)

    @property
    def option_ids(self) -> tuple[int, ...]:
        options = self.card.options
        return tuple(options[place][0] for place in self.order)


Paper = tuple[PaperItem, ...]

_papers: OrderedDict[tuple[int, int], Paper] = OrderedDict()
_cards: OrderedDict[tuple[int, object], VersionCard] = OrderedDict()
_orders: dict[tuple[int, ...], tuple[int, ...]] = {}
_lock = threading.Lock()


def item_key(version: QuestionVersion) -> ItemKey:
    """What scoring needs to know about a version (as grading.item_keys reads it in bulk)."""
    return ItemKey(
        version.question_id,
        version.qtype.value,
        version.difficulty.value,
        frozenset(option.id for option in version.options if option.is_correct),
        accepted=tuple(version.accepted_answers or ()),
        ignore_diacritics=bool(version.ignore_diacritics),
        points=version.points,
    )


def version_card(version: QuestionVersion) -> VersionCard:
    options = tuple((option.id, sys.intern(option.text)) for option in version.options)
    return VersionCard(
        id=version.id,
        question_id=version.question_id,
        text=sys.intern(version.text),  # one copy for every paper showing it
        qtype=version.qtype.value,
        options=options,
        points=version.points,
        key=item_key(version),
        places={option_id: place for place, (option_id, _text) in enumerate(options)},
    )


def current_cards(question_ids: Sequence[int]) -> dict[int, VersionCard]:
    """{question id: the card of its current version}: one query, plus two for unknown cards."""
    current = db.session.execute(
        select(Question.id, QuestionVersion.id, QuestionVersion.created_at)
        .join(
            QuestionVersion,
            is_current_version(),
        )
        .where(Question.id.in_(question_ids))
    ).all()
    cards = _cards_of({version_id: created_at for _qid, version_id, created_at in current})
    return {question_id: cards[version_id] for question_id, version_id, _at in current}


def _cards_of(versions: dict[int, object]) -> dict[int, VersionCard]:
    """{version id: its card} for {version id: its creation time}: from memory, the unknown
    ones read together (the version and its options: two queries)."""
    cards: dict[int, VersionCard] = {}
    with _lock:
        for version_id, created_at in versions.items():
            card = _cards.get((version_id, created_at))
            if card is not None:
                _cards.move_to_end((version_id, created_at))
                cards[version_id] = card
    missing = [version_id for version_id in versions if version_id not in cards]
    if missing:
        read = db.session.scalars(
            select(QuestionVersion)
            .where(QuestionVersion.id.in_(missing))
            .options(selectinload(QuestionVersion.options))
        ).all()
        with _lock:
            for version in read:
                card = cards[version.id] = version_card(version)
                _cards[(version.id, versions[version.id])] = card
            while len(_cards) > CARDS_SIZE:
                _cards.popitem(last=False)
    return cards


def forget_cards() -> None:
    """Drop every card of this process (the tests, whose frozen clock gives each new database
    versions with the same ids and times)."""
    with _lock:
        _cards.clear()


def paper_item(item: AttemptQuestion | Row, card: VersionCard) -> PaperItem:
    """The item as drawn (an attempt's question, or a row of its question_id, position and
    option_order) shown with its version's card."""
    order = tuple(card.places[option_id] for option_id in item.option_order)
    if len(order) <= SHARED_ORDER_OPTIONS:
        order = _orders.setdefault(order, order)
    return PaperItem(card=card, position=item.position, order=order)


def remember(attempt: Attempt, drawn: Iterable, cards: dict[int, VersionCard]) -> Paper:
    """Keep the paper of an attempt just drawn, from its drawn questions (each with question_id,
    position and option_order) and the cards in hand (no query)."""
    kept = tuple(paper_item(item, cards[item.question_id]) for item in drawn)
    _keep((attempt.id, attempt.seed), kept)
    return kept


def paper(attempt: Attempt | AttemptClock) -> Paper:
    """The attempt's paper, from memory or read once (one query, two more for unknown cards)."""
    return papers([attempt])[attempt.id]


def papers(attempts: Sequence[Attempt | AttemptClock]) -> dict[int, Paper]:
    """{attempt id: paper}: those not in memory are read together (`_read`)."""
    found, missing = {}, {}
    with _lock:
        for attempt in attempts:
            cached = _papers.get((attempt.id, attempt.seed))
            if cached is None:
                missing[attempt.id] = attempt.seed
            else:
                _papers.move_to_end((attempt.id, attempt.seed))
                found[attempt.id] = cached
    if missing:
        for attempt_id, drawn in _read(list(missing)).items():
            _keep((attempt_id, missing[attempt_id]), drawn)
            found[attempt_id] = drawn
    return {attempt.id: found.get(attempt.id, ()) for attempt in attempts}


def forget(attempt: Attempt) -> None:
    """Drop the attempt's paper from this process's memory (it is read again when needed)."""
    with _lock:
        _papers.pop((attempt.id, attempt.seed), None)


def _read(attempt_ids: list[int]) -> dict[int, Paper]:
    """The papers of attempts not in memory: their drawn questions (one query), the versions'
    cards from memory (read once per process: a round's pool is shared by its attempts)."""
    rows = db.session.execute(
        select(
            AttemptQuestion.attempt_id,
            AttemptQuestion.question_id,
            AttemptQuestion.position,
            AttemptQuestion.option_order,
            QuestionVersion.id,
            QuestionVersion.created_at,
        )
        .join(QuestionVersion, QuestionVersion.id == AttemptQuestion.version_id)
        .where(AttemptQuestion.attempt_id.in_(attempt_ids))
        .order_by(AttemptQuestion.attempt_id, AttemptQuestion.position)
    ).all()
    cards = _cards_of({row[4]: row[5] for row in rows})
    read: dict[int, list[PaperItem]] = defaultdict(list)
    for row in rows:
        read[row.attempt_id].append(paper_item(row, cards[row[4]]))
    return {attempt_id: tuple(drawn) for attempt_id, drawn in read.items()}


def _keep(key: tuple[int, int], drawn: Paper) -> None:
    with _lock:
        _papers[key] = drawn
        _papers.move_to_end(key)
        while len(_papers) > CACHE_SIZE:
            _papers.popitem(last=False)


def saved_answers(
    attempt_ids: Iterable[int],
) -> tuple[dict[int, dict[int, list[int]]], dict[int, dict[int, str]]]:
    """({attempt: {question: option ids}}, {attempt: {question: text typed}}) in one query."""
    choices: dict[int, dict[int, list[int]]] = defaultdict(dict)
    texts: dict[int, dict[int, str]] = defaultdict(dict)
    rows = db.session.execute(
        select(Answer.attempt_id, Answer.question_id, Answer.option_ids, Answer.text).where(
            Answer.attempt_id.in_(set(attempt_ids))
        )
    )
    for attempt_id, question_id, option_ids, text in rows:
        choices[attempt_id][question_id] = list(option_ids or [])
        if text is not None:
            texts[attempt_id][question_id] = text
    return choices, texts
