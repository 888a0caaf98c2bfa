"""Regrade: after a key is corrected (a new question version), rescore the round's attempts.

Each attempt is rescored with attempts.marking.scoring. For the regraded question the corrected
key is mapped onto the version the candidate was shown, option by option position (a fill-in
question takes the corrected accepted answers); every other
question keeps its key (or an earlier regrade's, kept in regrade_key). A dry run shows which
attempts change and how; applying it is audit-logged and refused when a locked prize list
rests on the round.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from contest.accounts.models import User
from contest.attempts.marking.grading import item_keys, scoring_rules
from contest.attempts.marking.regrade_keys import corrected_key
from contest.attempts.marking.scoring import ItemKey, score_attempt
from contest.attempts.models import Answer, Attempt, AttemptQuestion, RegradeKey
from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.prizes.decisions import locked_results_covering
from contest.prizes.proposal import ResultLocked
from contest.ranking.order import FINAL_STATUSES
from contest.ranking.snapshots.state import mark_stale
from contest.rounds.models import Round
from questions.models import Question, QuestionOption, QuestionVersion

PROGRESS_EVERY = 50  # attempts rescored between two progress reports


@dataclass(frozen=True)
class AttemptChange:
    attempt_id: int
    user_id: int
    full_name: str
    old_score: float | None
    new_score: float
    old_correct: int | None
    new_correct: int


@dataclass(frozen=True)
class RegradeReport:
    question_id: int
    key_version: int
    examined: int
    changes: list[AttemptChange]
    applied: bool


def regrade(
    round: Round,
    question_id: int,
    *,
    apply: bool,
    actor: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RegradeReport:
    """Rescore every final attempt of the round that showed the question (dry run unless apply).

    progress(done, total) is told every PROGRESS_EVERY attempts rescored, and at the end.
    """
    if apply and locked_results_covering(round):
        raise ResultLocked(
            _l("Đã có danh sách giải bị khóa dựa trên tuần thi này; không thể chấm lại.")
        )
    question = db.session.get(Question, question_id)
    if question is None:
        raise NotFound()
    key_version = question.current
    overrides = _overrides(round)
    overrides[question_id] = key_version.id
    attempt_ids = list(
        db.session.scalars(
            select(AttemptQuestion.attempt_id)
            .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
            .where(
                Attempt.round_id == round.id,
                Attempt.status.in_(FINAL_STATUSES),
                AttemptQuestion.question_id == question_id,
            )
            .order_by(AttemptQuestion.attempt_id)
        )
    )
    changes = []
    for done, attempt_id in enumerate(attempt_ids, 1):
        if (change := _rescore(round, attempt_id, overrides)) is not None:
            changes.append(change)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == len(attempt_ids)):
            progress(done, len(attempt_ids))
    if apply:
        _apply(round, question, key_version, changes, actor)
    return RegradeReport(question_id, key_version.number, len(attempt_ids), changes, apply)


def _overrides(round: Round) -> dict[int, int]:
    rows = db.session.scalars(select(RegradeKey).where(RegradeKey.round_id == round.id))
    return {row.question_id: row.version_id for row in rows}


def _options(version_ids: set[int]) -> dict[int, list[QuestionOption]]:
    by_version: dict[int, list[QuestionOption]] = defaultdict(list)
    for option in db.session.scalars(
        select(QuestionOption)
        .where(QuestionOption.version_id.in_(version_ids))
        .order_by(QuestionOption.version_id, QuestionOption.position)
    ):
        by_version[option.version_id].append(option)
    return by_version


def _rescore(round: Round, attempt_id: int, overrides: dict[int, int]) -> AttemptChange | None:
    attempt = db.session.get(Attempt, attempt_id)
    shown = list(
        db.session.scalars(
            select(AttemptQuestion)
            .where(AttemptQuestion.attempt_id == attempt_id)
            .order_by(AttemptQuestion.position)
        )
    )
    options = _options({s.version_id for s in shown} | set(overrides.values()))
    own = item_keys({s.version_id for s in shown})
    keys = [_key(s, options, overrides, own[s.version_id]) for s in shown]
    saved = list(db.session.scalars(select(Answer).where(Answer.attempt_id == attempt_id)))
    answers = {a.question_id: a.option_ids for a in saved}
    texts = {a.question_id: a.text for a in saved if a.text is not None}
    result = score_attempt(keys, answers, scoring_rules(round), texts)
    if result.score == attempt.score and result.correct_count == attempt.correct_count:
        return None
    user = db.session.get(User, attempt.user_id)
    return AttemptChange(
        attempt.id,
        user.id,
        user.full_name,
        attempt.score,
        result.score,
        attempt.correct_count,
        result.correct_count,
    )


def _key(shown: AttemptQuestion, options: dict, overrides: dict[int, int], own: ItemKey) -> ItemKey:
    """The key of a shown question: its own, or the corrected one mapped by option position
    (a fill-in question: the corrected accepted answers); points stay the shown version's."""
    source_id = overrides.get(shown.question_id, shown.version_id)
    mine = options[shown.version_id]
    source = options[source_id]
    if len(source) != len(mine):
        raise InvalidInput(
            _l(
                "Phiên bản mới có số phương án khác phiên bản đã dùng; không thể đối chiếu "
                "đáp án theo vị trí."
            ),
            code="options_mismatch",
        )
    return corrected_key(mine, source, own, db.session.get(QuestionVersion, source_id))


def _apply(
    round: Round,
    question: Question,
    version: QuestionVersion,
    changes: list[AttemptChange],
    actor: User | None,
) -> None:
    for change in changes:
        attempt = db.session.get(Attempt, change.attempt_id)
        attempt.score, attempt.correct_count = change.new_score, change.new_correct
    regrade_key = db.session.get(RegradeKey, (round.id, question.id)) or RegradeKey(
        round_id=round.id, question_id=question.id
    )
    regrade_key.version_id = version.id
    regrade_key.applied_by_id = actor.id if actor else None
    db.session.add(regrade_key)
    audit.record(
        "round.regrade",
        "round",
        round.id,
        actor=actor,
        before={
            "question_id": question.id,
            "attempts": {c.attempt_id: [c.old_score, c.old_correct] for c in changes},
        },
        after={
            "question_id": question.id,
            "key_version": version.number,
            "attempts": {c.attempt_id: [c.new_score, c.new_correct] for c in changes},
        },
    )
    mark_stale(round)
    db.session.flush()
