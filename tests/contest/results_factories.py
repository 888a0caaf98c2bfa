"""Factories for results tests: contests, rounds, candidates and final attempts built directly;
the scenes several test modules share, and readers of pages and exported CSV."""

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


def gen_candidates(*names: str) -> list[User]:
    return [gen_candidate(name) for name in names]


def ranking_lines(round_: Round, as_of: datetime | None = None) -> list[tuple[str, int, bool]]:
    """[(full name, rank, tied)] of the round's full ranking computed now, in order."""
    from contest.ranking.order import round_ranking

    rows = db.session.execute(round_ranking(round_, as_of)).mappings().all()
    names = {r["user_id"]: db.session.get(User, r["user_id"]).full_name for r in rows}
    return [
        (names[r["user_id"]], r["rank"], bool(r["tied"]))
        for r in sorted(rows, key=lambda r: r["position"])
    ]


# --- scenes several test modules share -----------------------------------------------------

SUBMITTED = OPENS + timedelta(hours=2)


def gen_scored_board(make_user) -> tuple[Round, User, User, User]:
    """A closed round with a prediction question and three finishers of Xã Bình An and beyond.

    An (8 points, 70 s; may sign in), Bình (9 points, 90 s), Cường (8 points, 70 s).
    """
    round_ = gen_round(prediction_question="Bao nhiêu bài?", prediction_target="attempts")
    place = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=place.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=place.id)
    cuong = gen_candidate("Lê Cường")
    gen_attempt(round_, an, score=8, duration_ms=70_000, submitted_at=SUBMITTED)
    gen_attempt(round_, binh, score=9, duration_ms=90_000, submitted_at=SUBMITTED)
    gen_attempt(round_, cuong, score=8, duration_ms=70_000, submitted_at=SUBMITTED)
    db.session.commit()
    return round_, an, binh, cuong


def gen_first_week_board(make_user) -> tuple[Round, User, User, User]:
    """The closed round "Tuần thi thứ nhất": An (9; may sign in), Bình (8), Cường (8)."""
    round_ = gen_round(name="Tuần thi thứ nhất")
    ward = gen_org("Xã Bình An", "locality")
    an = make_user("candidate", full_name="Nguyễn Văn An", locality_id=ward.id)
    binh = gen_candidate("Trần Thị Bình", locality_id=ward.id)
    cuong = gen_candidate("Lê Văn Cường")
    gen_attempt(round_, an, score=9, submitted_at=SUBMITTED)
    gen_attempt(round_, binh, score=8, submitted_at=SUBMITTED)
    gen_attempt(round_, cuong, score=8, submitted_at=SUBMITTED)
    db.session.commit()
    return round_, an, binh, cuong


def gen_field(scores, round_: Round | None = None) -> tuple[Round, list[User]]:
    """Candidates named by their place ("Thí sinh 1" …), distinct durations, these scores."""
    round_ = round_ or gen_round()
    users = []
    for i, score in enumerate(scores):
        user = gen_candidate(f"Thí sinh {i + 1}")
        gen_attempt(round_, user, score=score, duration_ms=60_000 + i, submitted_at=SUBMITTED)
        users.append(user)
    return round_, users


def prize_lines(result) -> list[tuple[str, str | None, int, bool]]:
    """[(full name, tier, rank, boundary tie)] of a prize list, in list order."""
    return [
        (a.full_name, a.tier.name if a.tier else None, a.rank, a.boundary_tie)
        for a in sorted(result.awards, key=lambda a: a.position)
    ]


def gen_locked_list(make_user):
    """A round of three (10, 9, 8) whose one-prize list two judges have locked."""
    from contest.prizes.decisions import approve
    from contest.prizes.proposal import TierInput, define_prizes

    round_, users = gen_field([10, 9, 8])
    result = define_prizes(round_.contest, round_, [TierInput("Giải nhất", 1)])
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    return round_, users, result


def gen_locked_export_round(make_user):
    """A locked list of three (first and second prizes) with formula-like names, for exports."""
    from contest.prizes.decisions import approve
    from contest.prizes.proposal import TierInput, define_prizes

    round_ = gen_round()
    ward = gen_org("=Xã Bình An", "locality")
    for i, name in enumerate(("Nguyễn Văn An", "@Trần Bình", "Lê Cường")):
        gen_attempt(
            round_,
            gen_candidate(name, locality_id=ward.id),
            score=10 - i,
            submitted_at=OPENS + timedelta(hours=1, milliseconds=i),
        )
    result = define_prizes(
        round_.contest, round_, [TierInput("Giải nhất", 1), TierInput("Giải nhì", 2)]
    )
    for judge in (make_user("judge"), make_user("judge")):
        approve(result, judge)
    db.session.commit()
    return round_, result


def export_csv_parts(data: bytes) -> tuple[list[list[str]], bytes]:
    """(title rows, table bytes) of an exported CSV: the table follows the first empty line."""
    import csv
    import io

    from contest.core.export_writer import CSV_BOM

    assert data.startswith(CSV_BOM)
    title, _, body = data[len(CSV_BOM) :].partition(b"\r\n\r\n")
    return list(csv.reader(io.StringIO(title.decode()))), body


def html_of(client, url: str, status: int = 200) -> str:
    """The page at `url`, which must answer `status`."""
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)
