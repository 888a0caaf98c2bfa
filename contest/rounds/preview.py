"""Preview a round as a candidate would see it: a fresh draw, nothing recorded, no answer key."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from contest.core.extensions import db
from contest.rounds.models import Round
from contest.rounds.pool import round_pool
from questions.draw import draw_questions, new_seed, option_order
from questions.models import Question, QuestionVersion, is_current_version
from questions.services import LABELS


@dataclass(frozen=True)
class PreviewQuestion:
    """A drawn question as shown: options in display order, without which one is correct."""

    question_id: int
    position: int
    text: str
    qtype: str
    topic: str
    difficulty: str
    options: tuple[tuple[str, str], ...]


def preview_round(round: Round, seed: int | None = None) -> list[PreviewQuestion]:
    """Draw one attempt's questions with a fresh seed; reads only, writes nothing."""
    seed = seed or new_seed()
    ids = draw_questions(seed, round_pool(round), shuffle=round.shuffle_questions)
    versions = db.session.scalars(
        select(QuestionVersion)
        .join(
            Question,
            is_current_version(),
        )
        .where(Question.id.in_(ids))
        .options(selectinload(QuestionVersion.options), joinedload(QuestionVersion.topic))
    ).all()
    by_question = {v.question_id: v for v in versions}
    shown = []
    for position, question_id in enumerate(ids, start=1):
        version = by_question[question_id]
        options = {o.id: o.text for o in version.options}
        order = option_order(seed, question_id, list(options), shuffle=round.shuffle_options)
        shown.append(
            PreviewQuestion(
                question_id,
                position,
                version.text,
                version.qtype.value,
                version.topic.name,
                version.difficulty.value,
                tuple((LABELS[i], options[option_id]) for i, option_id in enumerate(order)),
            )
        )
    return shown
