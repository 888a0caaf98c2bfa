"""Factories for contests, rounds and questions: plain functions that add and flush (tests commit).

Stable on purpose (other test modules import them):
    make_question(topic="Hiến pháp", difficulty="easy", qtype="single", options=4, correct=(0,))
    make_contest(**fields) -> Contest                      published, with rules
    make_round(contest=None, questions=12, **settings)     open now, a one-cell blueprint
    enter(contest, user, group=None) -> Participation      rules accepted
"""

from __future__ import annotations

import itertools
from datetime import timedelta

from contest.accounts.models import User
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.rounds.models import (
    BlueprintItem,
    Contest,
    ContestStatus,
    ParticipantGroup,
    Participation,
    Round,
)
from questions.models import Difficulty, Question, QuestionType
from questions.services import OptionInput, QuestionInput, create_question

_numbers = itertools.count(1)


def make_question(
    topic: str = "Hiến pháp",
    difficulty: str = "easy",
    qtype: str = "single",
    options: int = 4,
    correct: tuple[int, ...] = (0,),
) -> Question:
    """A question whose correct options are the given positions (0 = A)."""
    n = next(_numbers)
    texts = (
        ["Đúng", "Sai"]
        if qtype == "true_false"
        else [f"Phương án {chr(65 + i)} của câu {n}" for i in range(options)]
    )
    question = create_question(
        QuestionInput(
            text=f"Câu hỏi số {n} về {topic}?",
            qtype=QuestionType(qtype),
            options=[OptionInput(text, i in correct) for i, text in enumerate(texts)],
            topic=topic,
            difficulty=Difficulty(difficulty),
            legal_basis=f"Điều {n} Hiến pháp năm 2013",
            explanation=f"Giải thích cho câu {n}.",
        )
    )
    db.session.flush()
    return question


def make_contest(**fields) -> Contest:
    n = next(_numbers)
    values = {
        "slug": f"cuoc-thi-{n}",
        "title": f"Cuộc thi tìm hiểu pháp luật số {n}",
        "description": "Cuộc thi trực tuyến dành cho mọi công dân.",
        "rules": "## Thể lệ\n\n1. Mỗi lượt thi có thời gian giới hạn.\n2. **Không** dùng tài liệu.",
        "organizing_unit": "Sở Tư pháp tỉnh",
        "status": ContestStatus.PUBLISHED,
    }
    contest = Contest(**{**values, **fields})
    db.session.add(contest)
    db.session.flush()
    return contest


def make_round(
    contest: Contest | None = None,
    questions: int = 12,
    *,
    pool: int | None = None,
    topic: str | None = None,
    **settings,
) -> Round:
    """A round open now, drawing `questions` easy questions of its own topic from `pool` of them.

    Any Round column can be given (opens_at, time_limit_seconds, max_attempts, …).
    """
    contest = contest or make_contest()
    topic = topic or f"Chủ đề {next(_numbers)}"
    bank = [make_question(topic) for _ in range(pool or questions)]
    now = utcnow()
    values = {
        "name": f"Tuần thi {next(_numbers)}",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
        "time_limit_seconds": 600,
    }
    round_ = Round(contest=contest, **{**values, **settings})
    if questions:
        round_.blueprint = [BlueprintItem(topic_id=bank[0].topic_id, count=questions)]
    db.session.add(round_)
    db.session.flush()
    return round_


def make_group(
    contest: Contest, name: str = "Cán bộ, công chức", eligible: bool = True
) -> ParticipantGroup:
    group = ParticipantGroup(
        contest=contest, name=name, eligible=eligible, position=len(contest.groups)
    )
    db.session.add(group)
    db.session.flush()
    return group


def enter(contest: Contest, user: User, group: ParticipantGroup | None = None) -> Participation:
    """The candidate has accepted the contest's rules (and chosen a group)."""
    entry = Participation(
        contest_id=contest.id,
        user_id=user.id,
        group_id=group.id if group else None,
        rules_accepted_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry
