"""Item analysis: how each question of a round fared, to catch wrong or ambiguous keys.

It reads one counted attempt per candidate and judges each answer with the scoring module
against the key of the version that candidate was shown: facility index (share right),
discrimination (p_upper − p_lower between the top and bottom 27 % of candidates by the ranking
order) and how often each option was chosen, or for a fill-in question the most common wrong
answers typed (grouped as the importer compares answers); and the share right per topic and
locality.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from contest.accounts.models import Organization, User
from contest.attempts.closing import finalize_round
from contest.attempts.marking.scoring import ItemKey, ScoringRules, score_item
from contest.attempts.models import Answer, AttemptQuestion
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.ranking.order import counted_rows, round_ranking
from contest.rounds.models import Round
from questions.importer.fill_in import normalise
from questions.models import Question, QuestionOption, QuestionVersion, Topic

GROUP_SHARE = 0.27
BLANK = "—"
COMMON_WRONG = 5  # wrong answers listed per fill-in question


@dataclass
class ItemStats:
    """One question's figures over the counted attempts that showed it."""

    question_id: int
    topic: str
    difficulty: str
    text: str
    key: str = ""
    shown: int = 0
    correct: int = 0
    blank: int = 0
    upper_shown: int = 0
    upper_correct: int = 0
    lower_shown: int = 0
    lower_correct: int = 0
    option_counts: Counter = field(default_factory=Counter)
    qtype: str = "single"
    wrong_texts: Counter = field(default_factory=Counter)  # fill-in: normalised → count
    spellings: dict[str, str] = field(default_factory=dict)  # normalised → first as typed

    @property
    def common_wrong_answers(self) -> list[tuple[str, int]]:
        """A fill-in question's most common wrong answers, as first typed, most frequent first."""
        ranked = sorted(self.wrong_texts.items(), key=lambda pair: (-pair[1], pair[0]))
        return [(self.spellings[text], count) for text, count in ranked[:COMMON_WRONG]]

    @property
    def facility(self) -> float | None:
        return self.correct / self.shown if self.shown else None

    @property
    def p_upper(self) -> float | None:
        return self.upper_correct / self.upper_shown if self.upper_shown else None

    @property
    def p_lower(self) -> float | None:
        return self.lower_correct / self.lower_shown if self.lower_shown else None

    @property
    def discrimination(self) -> float | None:
        if self.p_upper is None or self.p_lower is None:
            return None
        return self.p_upper - self.p_lower

    @property
    def suspicious(self) -> bool:
        """Worth a look: hardly anyone right, or the weak do better than the strong."""
        low = self.facility is not None and self.facility < 0.2
        inverted = self.discrimination is not None and self.discrimination < 0
        return low or inverted


@dataclass(frozen=True)
class VersionKey:
    labels: dict[int, str]  # option id → "A", "B", …
    correct: frozenset[int]
    qtype: str
    difficulty: str
    accepted: tuple[str, ...] = ()  # fill-in
    ignore_diacritics: bool = False

    def item_key(self, question_id: int) -> ItemKey:
        """The scoring key; the round's points do not matter here, only right or wrong."""
        return ItemKey(
            question_id,
            self.qtype,
            self.difficulty,
            self.correct,
            accepted=self.accepted,
            ignore_diacritics=self.ignore_diacritics,
        )


def _groups(round: Round) -> tuple[frozenset[int], frozenset[int]]:
    """Attempt ids of the top and bottom 27 % of candidates (by the ranking order)."""
    ranking = round_ranking(round).subquery("ranking")
    ordered = list(db.session.scalars(select(ranking.c.attempt_id).order_by(ranking.c.position)))
    size = round_half_up(len(ordered) * GROUP_SHARE) if len(ordered) >= 2 else 0
    size = max(size, 1) if len(ordered) >= 2 else 0
    return frozenset(ordered[:size]), frozenset(ordered[len(ordered) - size :] if size else [])


def round_half_up(value: float) -> int:
    return int(value + 0.5)


def _version_keys(version_ids: set[int]) -> dict[int, VersionKey]:
    rows = db.session.execute(
        select(
            QuestionVersion.id,
            QuestionOption.id,
            QuestionOption.position,
            QuestionOption.is_correct,
            QuestionVersion.qtype,
            QuestionVersion.difficulty,
            QuestionVersion.accepted_answers,
            QuestionVersion.ignore_diacritics,
        )
        # A fill-in version has no options: its key is its accepted answers.
        .outerjoin(QuestionOption, QuestionOption.version_id == QuestionVersion.id)
        .where(QuestionVersion.id.in_(version_ids))
        .order_by(QuestionVersion.id, QuestionOption.position)
    )
    labels: dict[int, dict[int, str]] = defaultdict(dict)
    correct: dict[int, set[int]] = defaultdict(set)
    kinds: dict[int, tuple] = {}
    for version_id, option_id, position, is_correct, qtype, level, accepted, flag in rows:
        if option_id is not None:
            labels[version_id][option_id] = chr(ord("A") + position)
        if is_correct:
            correct[version_id].add(option_id)
        kinds[version_id] = (str(qtype.value), str(level.value), tuple(accepted or ()), flag)
    return {v: VersionKey(labels[v], frozenset(correct[v]), *kinds[v]) for v in kinds}


def _responses(round: Round) -> Iterator:
    """(attempt, question, version, chosen, typed, topic, locality) for every counted question."""
    counted = counted_rows(round).subquery("counted")
    locality = aliased(Organization)
    query = (
        select(
            AttemptQuestion.attempt_id,
            AttemptQuestion.question_id,
            AttemptQuestion.version_id,
            Answer.option_ids,
            Answer.text,
            Topic.name.label("topic"),
            locality.name.label("locality"),
        )
        .join(counted, counted.c.attempt_id == AttemptQuestion.attempt_id)
        .join(Question, Question.id == AttemptQuestion.question_id)
        .join(Topic, Topic.id == Question.topic_id)
        .join(User, User.id == counted.c.user_id)
        .outerjoin(locality, locality.id == User.locality_id)
        .outerjoin(
            Answer,
            and_(
                Answer.attempt_id == AttemptQuestion.attempt_id,
                Answer.question_id == AttemptQuestion.question_id,
            ),
        )
        .order_by(AttemptQuestion.attempt_id, AttemptQuestion.position)
    )
    return db.session.execute(query.execution_options(yield_per=5000, stream_results=True))


def _shown_versions(round: Round) -> set[int]:
    counted = counted_rows(round).subquery("counted")
    return set(
        db.session.scalars(
            select(AttemptQuestion.version_id)
            .distinct()
            .join(counted, counted.c.attempt_id == AttemptQuestion.attempt_id)
        )
    )


def _judged(round: Round) -> Iterator[tuple]:
    """Each counted response with whether it was right, by the scoring module's rule."""
    keys = _version_keys(_shown_versions(round))
    rules = ScoringRules()
    for row in _responses(round):
        key = keys[row.version_id]
        chosen = frozenset(row.option_ids or ())
        judged = score_item(key.item_key(row.question_id), chosen, rules, row.text)
        yield row, key, chosen, judged.is_correct


def item_analysis(round: Round) -> list[ItemStats]:
    """Facility, discrimination and option choices for every question the round showed."""
    finalize_round(round, utcnow())
    upper, lower = _groups(round)
    stats: dict[int, ItemStats] = {}
    for row, key, chosen, right in _judged(round):
        item = stats.get(row.question_id)
        if item is None:
            item = stats[row.question_id] = _new_item(row.question_id, row.topic)
        item.shown += 1
        item.correct += right
        if row.attempt_id in upper:
            item.upper_shown += 1
            item.upper_correct += right
        if row.attempt_id in lower:
            item.lower_shown += 1
            item.lower_correct += right
        if not chosen and not row.text:
            item.blank += 1
        for option_id in chosen:
            item.option_counts[key.labels.get(option_id, "?")] += 1
        if row.text and not right:
            typed = normalise(row.text, key.ignore_diacritics)
            item.wrong_texts[typed] += 1
            item.spellings.setdefault(typed, row.text)
    return sorted(stats.values(), key=lambda s: s.question_id)


def _new_item(question_id: int, topic: str) -> ItemStats:
    question = db.session.get(Question, question_id)
    current = question.current
    key = ",".join(chr(ord("A") + o.position) for o in current.options if o.is_correct)
    if current.qtype.value == "fill_in":
        key = "; ".join(current.accepted_answers or ())
    return ItemStats(
        question_id,
        topic,
        question.difficulty.value,
        current.text,
        key=key,
        qtype=current.qtype.value,
    )


def facility_by_topic_and_locality(round: Round) -> dict[str, dict[str, float]]:
    """{topic: {locality: share right}}: where a topic needs more legal dissemination."""
    right: Counter = Counter()
    shown: Counter = Counter()
    for row, _key, _chosen, is_right in _judged(round):
        cell = (row.topic, row.locality or BLANK)
        shown[cell] += 1
        right[cell] += is_right
    matrix: dict[str, dict[str, float]] = defaultdict(dict)
    for (topic, locality), count in sorted(shown.items()):
        matrix[topic][locality] = right[(topic, locality)] / count
    return dict(matrix)
