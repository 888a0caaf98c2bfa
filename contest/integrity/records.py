"""The full record of one attempt for the judges: what was shown, chosen, saved, from where.

The questions and option orders are drawn again from the attempt's seed and the round's pool
snapshot, and compared with what the candidate was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from contest.accounts.models import User
from contest.attempts.models import Attempt, AttemptEvent, AttemptQuestion
from contest.core.errors import NotFound
from contest.core.extensions import db
from contest.rounds.models import Round
from questions.draw import DrawCell, cell_key, draw_questions, option_order
from questions.models import QuestionVersion


@dataclass
class ShownQuestion:
    position: int
    question_id: int
    version: QuestionVersion
    options: list  # QuestionOption, in the order shown
    chosen: set[int]
    saved_at: datetime | None
    save_count: int
    derived_options: list[int] | None
    typed: str | None = None  # a fill-in question's answer as typed

    @property
    def options_match(self) -> bool | None:
        if self.derived_options is None:
            return None
        return self.derived_options == [o.id for o in self.options]


@dataclass
class AttemptRecord:
    attempt: Attempt
    user: User
    round: Round
    questions: list[ShownQuestion]
    derived_questions: list[int] | None
    events: list[AttemptEvent]

    @property
    def questions_match(self) -> bool | None:
        if self.derived_questions is None:
            return None
        return self.derived_questions == [q.question_id for q in self.questions]


def snapshot_cells(round: Round) -> list[DrawCell] | None:
    """The round's draw cells from its pool snapshot, as the quiz engine builds them.

    Snapshot keys in their stored order; a cell draws the blueprint's count for its key (the
    whole pool for a fixed list). None when the round has no snapshot (nobody started it).
    """
    snapshot = round.pool_snapshot
    if not snapshot:
        return None
    counts: dict[str, int] = {}
    for item in round.blueprint:
        key = cell_key(item.topic_id, item.difficulty.value if item.difficulty else None)
        counts[key] = counts.get(key, 0) + item.count
    return [DrawCell(key, tuple(ids), counts.get(key, len(ids))) for key, ids in snapshot.items()]


def derive_questions(attempt: Attempt, round: Round) -> list[int] | None:
    """Re-draw the attempt from its seed, the pool snapshot and the questions seen before."""
    cells = snapshot_cells(round)
    if cells is None:
        return None
    seen = set(
        db.session.scalars(
            select(AttemptQuestion.question_id)
            .join(Attempt, Attempt.id == AttemptQuestion.attempt_id)
            .where(
                Attempt.round_id == round.id,
                Attempt.user_id == attempt.user_id,
                Attempt.number < attempt.number,
            )
        )
    )
    return draw_questions(attempt.seed, cells, seen=seen, shuffle=round.shuffle_questions)


def attempt_record(attempt_id: int) -> AttemptRecord:
    """Everything the judges need about one attempt: what was shown, chosen, saved, from where."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        raise NotFound()
    round = db.session.get(Round, attempt.round_id)
    answers = {a.question_id: a for a in attempt.answers}
    questions = []
    for shown in attempt.questions:
        version = db.session.get(QuestionVersion, shown.version_id)
        by_id = {o.id: o for o in version.options}
        answer = answers.get(shown.question_id)
        questions.append(
            ShownQuestion(
                shown.position,
                shown.question_id,
                version,
                [by_id[i] for i in shown.option_order if i in by_id],
                set(answer.option_ids) if answer else set(),
                answer.saved_at if answer else None,
                answer.save_count if answer else 0,
                option_order(
                    attempt.seed,
                    shown.question_id,
                    [o.id for o in version.options],
                    shuffle=round.shuffle_options,
                ),
                answer.text if answer else None,
            )
        )
    events = list(
        db.session.scalars(
            select(AttemptEvent)
            .where(AttemptEvent.attempt_id == attempt.id)
            .order_by(AttemptEvent.id)
        )
    )
    return AttemptRecord(
        attempt,
        db.session.get(User, attempt.user_id),
        round,
        questions,
        derive_questions(attempt, round),
        events,
    )
