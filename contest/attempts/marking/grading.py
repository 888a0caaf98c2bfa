"""Closing attempts: the deadline with its grace, finalization that happens once, scoring.

An attempt is final once submitted, or once its deadline plus the grace for network latency
has passed; then it is scored from the answers saved until that moment, whoever notices first
(the candidate's next request, or `flask attempts finalize-expired` on any node).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from contest.attempts.marking.regrade_keys import regrade_overrides
from contest.attempts.marking.scoring import ItemKey, ScoreResult, ScoringRules, score_attempt
from contest.attempts.models import (
    Answer,
    Attempt,
    AttemptEvent,
    AttemptEventKind,
    AttemptQuestion,
    AttemptStatus,
)
from contest.attempts.paper import papers, saved_answers
from contest.core.extensions import db
from contest.rounds.models import MultiChoiceScoring, Round
from contest.rounds.results_lock import ensure_results_open
from questions.models import QuestionOption, QuestionVersion

FINALIZE_BATCH = 500


def grace() -> timedelta:
    """How late a save may arrive and still count (network latency), from the configuration."""
    return timedelta(seconds=current_app.config["ANSWER_GRACE_SECONDS"])


def effective_deadline(attempt: Attempt) -> datetime:
    """The attempt's deadline, brought forward if the round was closed early."""
    return min(attempt.deadline, attempt.round.closes_at)


def is_overdue(attempt: Attempt, now: datetime) -> bool:
    """True once nothing more may be saved: past the deadline and its grace."""
    return is_past(attempt.deadline, attempt.round.closes_at, now)


def is_past(deadline: datetime, closes_at: datetime, now: datetime) -> bool:
    """`is_overdue` from the attempt's deadline and its round's closing time."""
    return now > min(deadline, closes_at) + grace()


def cooldown_left(round_: Round, attempts: Sequence[Attempt], now: datetime) -> int:
    """Whole seconds before the candidate may start the next attempt (0: now)."""
    finished = [a.submitted_at or effective_deadline(a) for a in attempts if a.is_final]
    if not round_.cooldown_seconds or not finished:
        return 0
    wait = max(finished) + timedelta(seconds=round_.cooldown_seconds) - now
    return max(0, math.ceil(wait.total_seconds()))


def scoring_rules(round_: Round) -> ScoringRules:
    return ScoringRules(
        points_per_question=round_.points_per_question,
        points_by_difficulty=round_.points_by_difficulty,
        partial_multiple=round_.multi_choice_scoring == MultiChoiceScoring.PARTIAL,
    )


def item_keys(version_ids: Iterable[int]) -> dict[int, ItemKey]:
    """The scoring key of each question version shown, by version id (one query)."""
    rows = db.session.execute(
        select(
            QuestionVersion.id,
            QuestionVersion.question_id,
            QuestionVersion.qtype,
            QuestionVersion.difficulty,
            QuestionVersion.accepted_answers,
            QuestionVersion.ignore_diacritics,
            QuestionVersion.points,
            QuestionOption.id,
            QuestionOption.is_correct,
        )
        # A fill-in version has no options: its key is its accepted answers.
        .outerjoin(QuestionOption, QuestionOption.version_id == QuestionVersion.id)
        .where(QuestionVersion.id.in_(set(version_ids)))
    ).all()
    correct: dict[int, set[int]] = defaultdict(set)
    meta: dict[int, tuple] = {}
    for version_id, question_id, qtype, difficulty, accepted, flag, points, option_id, ok in rows:
        meta[version_id] = (
            question_id,
            qtype.value,
            difficulty.value,
            tuple(accepted or ()),
            bool(flag),
            points,
        )
        if option_id is not None and ok:
            correct[version_id].add(option_id)
    return {
        version_id: ItemKey(
            question_id,
            qtype,
            difficulty,
            frozenset(correct[version_id]),
            accepted=accepted,
            ignore_diacritics=flag,
            points=points,
        )
        for version_id, (question_id, qtype, difficulty, accepted, flag, points) in meta.items()
    }


def saved_choices(attempt_ids: Iterable[int]) -> dict[int, dict[int, list[int]]]:
    """{attempt id: {question id: option ids}} of every saved answer (one query)."""
    choices: dict[int, dict[int, list[int]]] = defaultdict(dict)
    rows = db.session.execute(
        select(Answer.attempt_id, Answer.question_id, Answer.option_ids).where(
            Answer.attempt_id.in_(set(attempt_ids))
        )
    )
    for attempt_id, question_id, option_ids in rows:
        choices[attempt_id][question_id] = list(option_ids or [])
    return choices


def saved_texts(attempt_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """{attempt id: {question id: the fill-in answer typed}} of every saved text (one query)."""
    texts: dict[int, dict[int, str]] = defaultdict(dict)
    rows = db.session.execute(
        select(Answer.attempt_id, Answer.question_id, Answer.text).where(
            Answer.attempt_id.in_(set(attempt_ids)), Answer.text.is_not(None)
        )
    )
    for attempt_id, question_id, text in rows:
        texts[attempt_id][question_id] = text
    return texts


def shown_versions(attempt_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """{attempt id: [(question id, version id), …] in the order shown} (one query)."""
    shown: dict[int, list[tuple[int, int]]] = defaultdict(list)
    rows = db.session.execute(
        select(AttemptQuestion.attempt_id, AttemptQuestion.question_id, AttemptQuestion.version_id)
        .where(AttemptQuestion.attempt_id.in_(set(attempt_ids)))
        .order_by(AttemptQuestion.attempt_id, AttemptQuestion.position)
    )
    for attempt_id, question_id, version_id in rows:
        shown[attempt_id].append((question_id, version_id))
    return shown


def score(
    attempt: Attempt,
    keys: dict[int, ItemKey],
    shown: list[tuple[int, int]],
    choices: dict[int, list[int]],
    overrides: dict[tuple[int, int], ItemKey] | None = None,
    texts: dict[int, str] | None = None,
) -> ScoreResult:
    """Score one attempt on the versions it showed, with its round's rules and regrades."""
    overrides = overrides or {}
    return score_attempt(
        [
            overrides.get((attempt.round_id, version_id)) or keys[version_id]
            for _question_id, version_id in shown
        ],
        choices,
        scoring_rules(attempt.round),
        texts,
    )


def finalize(
    attempts: Sequence[Attempt],
    status: AttemptStatus,
    now: datetime,
    *,
    prediction: int | None = None,
) -> list[Attempt]:
    """Close the attempts still in progress and score them; returns those this call closed.

    The conditional UPDATE … WHERE status = 'in_progress' is the claim: of two requests or
    nodes closing the same attempt, exactly one gets the row back, so each attempt is
    finalized, scored and logged once.
    """
    for attempt in attempts:  # the statement below bypasses the flush guard: check first
        ensure_results_open(attempt.round)
    values: dict = {"status": status, "finalized_at": now}
    if status == AttemptStatus.SUBMITTED:
        values.update(submitted_at=now, prediction=prediction)
    claimed_ids = set(
        db.session.scalars(
            update(Attempt)
            .where(
                Attempt.id.in_([a.id for a in attempts]),
                Attempt.status == AttemptStatus.IN_PROGRESS,
            )
            .values(**values)
            .returning(Attempt.id)
            .execution_options(synchronize_session=False)
        )
    )
    claimed = [a for a in attempts if a.id in claimed_ids]
    for attempt in claimed:  # what our statement wrote, without reading the rows again
        for name, value in values.items():
            set_committed_value(attempt, name, value)
    others = [a.id for a in attempts if a.id not in claimed_ids]
    if others:  # closed meanwhile by another request or node: read them again
        db.session.scalars(
            select(Attempt).where(Attempt.id.in_(others)).execution_options(populate_existing=True)
        ).all()
    if claimed:
        _score_claimed(claimed, now)
    return claimed


def _score_claimed(claimed: Sequence[Attempt], now: datetime) -> None:
    drawn = papers(claimed)  # from memory for attempts this process has served
    shown = {i: [(item.question_id, item.version_id) for item in p] for i, p in drawn.items()}
    keys = {item.version_id: item.key for p in drawn.values() for item in p}
    overrides = regrade_overrides({a.round_id for a in claimed}, shown, keys)
    choices, texts = saved_answers(drawn)
    for attempt in claimed:
        result = score(
            attempt, keys, shown[attempt.id], choices[attempt.id], overrides, texts[attempt.id]
        )
        attempt.score = result.score
        attempt.max_score = result.max_score
        attempt.correct_count = result.correct_count
        ended = min(attempt.submitted_at or now, effective_deadline(attempt))
        attempt.duration_ms = max(0, int((ended - attempt.started_at) / timedelta(milliseconds=1)))
        kind = (
            AttemptEventKind.SUBMIT
            if attempt.status == AttemptStatus.SUBMITTED
            else AttemptEventKind.EXPIRE
        )
        db.session.add(AttemptEvent(attempt_id=attempt.id, kind=kind, at=now))
    db.session.flush()


def finalize_overdue(attempts: Iterable[Attempt], now: datetime) -> list[Attempt]:
    """Expire, lazily, the given attempts whose time is up; returns those this call closed."""
    overdue = [a for a in attempts if a.status == AttemptStatus.IN_PROGRESS and is_overdue(a, now)]
    return finalize(overdue, AttemptStatus.EXPIRED, now) if overdue else []


def finalize_expired(now: datetime) -> int:
    """Expire and score every overdue attempt of every round; returns how many this call closed.

    Safe on many nodes at once: rows another node is closing are skipped (SKIP LOCKED on
    PostgreSQL) and the conditional UPDATE in finalize() makes each closing happen once.
    """
    cutoff = now - grace()
    return finalize_where(or_(Attempt.deadline < cutoff, Round.closes_at < cutoff), now=now)


def finalize_where(*conditions, now: datetime) -> int:
    """Expire and score, in batches, the attempts in progress that match `conditions`."""
    total = 0
    while True:
        ids = db.session.scalars(
            select(Attempt.id)
            .join(Round, Round.id == Attempt.round_id)
            .where(
                Attempt.status == AttemptStatus.IN_PROGRESS,
                Round.results_locked_at.is_(None),
                *conditions,
            )
            .order_by(Attempt.id)
            .limit(FINALIZE_BATCH)
            .with_for_update(skip_locked=True, of=Attempt)
        ).all()
        if not ids:
            return total
        batch = db.session.scalars(select(Attempt).where(Attempt.id.in_(ids))).all()
        total += len(finalize(batch, AttemptStatus.EXPIRED, now))
