"""Factories for results tests: contests, rounds, candidates and final attempts built directly."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from contest.accounts.models import Organization, OrganizationKind, User
from contest.attempts.models import Attempt, AttemptQuestion, AttemptStatus, RoundPrediction
from contest.core.access import Role
from contest.core.extensions import db
from contest.rounds.models import Contest, ContestStatus, ParticipantGroup, Participation, Round

OPENS = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
CLOSES = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # before the `now` fixture's default noon
_numbers = itertools.count(1)


def gen_contest(**fields) -> Contest:
    n = next(_numbers)
    values = {
        "slug": f"cuoc-thi-{n}",
        "title": f"Cuộc thi tìm hiểu pháp luật {n}",
        "status": ContestStatus.PUBLISHED,
    }
    contest = Contest(**{**values, **fields})
    db.session.add(contest)
    db.session.flush()
    return contest


def gen_round(contest: Contest | None = None, **fields) -> Round:
    values = {
        "name": f"Tuần {next(_numbers)}",
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "time_limit_seconds": 1200,
    }
    round_ = Round(contest=contest or gen_contest(), **{**values, **fields})
    db.session.add(round_)
    db.session.flush()
    return round_


def gen_org(name: str, kind: str = "unit", headcount: int | None = None) -> Organization:
    org = Organization(kind=OrganizationKind(kind), name=name, headcount=headcount)
    db.session.add(org)
    db.session.flush()
    return org


def gen_candidate(full_name: str | None = None, **fields) -> User:
    n = next(_numbers)
    values = {
        "role": Role.CANDIDATE,
        "full_name": full_name or f"Thí sinh {n}",
        "phone": f"03{n:08d}",
        "id_number": f"079092{n:06d}",
        "birth_date": date(1990, 1, 1),
        "password_hash": "x",
    }
    user = User(**{**values, **fields})
    db.session.add(user)
    db.session.flush()
    return user


def gen_attempt(
    round_: Round,
    user: User,
    *,
    score: float | None = 10,
    duration_ms: int | None = 60_000,
    submitted_at: datetime | None = None,
    status: str = "submitted",
    max_score: float = 10,
    correct_count: int | None = None,
    number: int | None = None,
    prediction: int | None = None,
    **fields,
) -> Attempt:
    if number is None:
        number = 1 + db.session.scalar(
            select(func.count()).where(Attempt.round_id == round_.id, Attempt.user_id == user.id)
        )
    started_at = fields.pop("started_at", None)
    if submitted_at is None:
        submitted_at = (
            started_at + timedelta(milliseconds=duration_ms or 0)
            if started_at
            else round_.opens_at + timedelta(hours=1)
        )
    started_at = started_at or submitted_at - timedelta(milliseconds=duration_ms or 0)
    seed = fields.pop("seed", number)
    attempt = Attempt(
        round_id=round_.id,
        user_id=user.id,
        number=number,
        status=AttemptStatus(status),
        seed=seed,
        started_at=started_at,
        deadline=started_at + timedelta(seconds=round_.time_limit_seconds),
        submitted_at=submitted_at if status == "submitted" else None,
        finalized_at=submitted_at if status != "in_progress" else None,
        score=score,
        max_score=max_score,
        duration_ms=duration_ms,
        prediction=prediction,
        correct_count=correct_count,
        **fields,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def gen_prediction(round_: Round, user: User, value: int) -> RoundPrediction:
    prediction = RoundPrediction(
        round_id=round_.id, user_id=user.id, value=value, locked_at=round_.opens_at
    )
    db.session.add(prediction)
    db.session.flush()
    return prediction


def gen_group(contest: Contest, name: str) -> ParticipantGroup:
    group = ParticipantGroup(contest_id=contest.id, name=name)
    db.session.add(group)
    db.session.flush()
    return group


def join(contest: Contest, user: User, group: ParticipantGroup | None = None) -> Participation:
    entry = Participation(
        contest_id=contest.id, user_id=user.id, group_id=group.id if group else None
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def show(attempt: Attempt, question, position: int, option_order: list[int] | None = None):
    """Record that an attempt showed a question (its current version) in a position."""
    version = question.current
    row = AttemptQuestion(
        attempt_id=attempt.id,
        question_id=question.id,
        version_id=version.id,
        position=position,
        option_order=option_order or [o.id for o in version.options],
    )
    db.session.add(row)
    db.session.flush()
    return row


def gen_question(
    topic: str = "Hiến pháp",
    correct: int | tuple[int, ...] = 0,
    options: int = 4,
    qtype: str = "single",
    difficulty: str = "easy",
):
    """A bank question with options A, B, C… of which the given positions are right."""
    from questions.models import Difficulty, QuestionType
    from questions.services import OptionInput, QuestionInput, create_question

    right = {correct} if isinstance(correct, int) else set(correct)
    n = next(_numbers)
    return create_question(
        QuestionInput(
            text=f"Câu hỏi {n} về {topic}?",
            qtype=QuestionType(qtype),
            options=[
                OptionInput(f"Phương án {chr(65 + i)} ({n})", i in right) for i in range(options)
            ],
            topic=topic,
            difficulty=Difficulty(difficulty),
        )
    )


def new_version(question, correct: int | tuple[int, ...]):
    """The organizer's correction: a new current version with the same options, another key."""
    from questions.models import QuestionOption, QuestionVersion

    right = {correct} if isinstance(correct, int) else set(correct)
    old = question.current
    version = QuestionVersion(
        number=question.version + 1,
        text=old.text,
        qtype=old.qtype,
        topic_id=old.topic_id,
        difficulty=old.difficulty,
        change_note="Sửa đáp án",
        options=[
            QuestionOption(
                position=o.position, label=o.label, text=o.text, is_correct=o.position in right
            )
            for o in old.options
        ],
    )
    question.versions.append(version)
    question.version = version.number
    db.session.flush()
    db.session.expire(question, ["current"])
    return version


def answer(
    attempt: Attempt,
    question,
    positions: tuple[int, ...] | int | None,
    *,
    saved_at: datetime | None = None,
    version=None,
):
    """Save the options at these positions (of the version shown) as the attempt's answer."""
    from contest.attempts.models import Answer

    version = version or question.current
    chosen = (
        () if positions is None else ((positions,) if isinstance(positions, int) else positions)
    )
    row = Answer(
        attempt_id=attempt.id,
        question_id=question.id,
        option_ids=[version.options[p].id for p in chosen],
        saved_at=saved_at or attempt.started_at + timedelta(seconds=5),
    )
    db.session.add(row)
    db.session.flush()
    return row
