"""Contests, their rounds and groups, and candidates' entries to them.

Three rounds to start from: `gen_round`, last week's (closed before the `now` fixture's noon),
for results; `gen_open_round`, open now and drawing from a bank of its own, for taking part;
`gen_upcoming_round`, next week's, whose settings can still change.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
from tests.factories import next_number
from tests.factories.questions import gen_question

OPENS = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
CLOSES = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)  # before the `now` fixture's default noon
UPCOMING = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # after it


def gen_contest(**fields) -> Contest:
    """A published contest with a description and rules; any Contest column can be given."""
    n = next_number()
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


def gen_round(contest: Contest | None = None, **fields) -> Round:
    """Last week's round (OPENS to CLOSES, twenty minutes) with no questions of its own.

    Any Round column can be given (opens_at, time_limit_seconds, max_attempts, …).
    """
    values = {
        "name": f"Tuần {next_number()}",
        "opens_at": OPENS,
        "closes_at": CLOSES,
        "time_limit_seconds": 1200,
    }
    round_ = Round(contest=contest or gen_contest(), **{**values, **fields})
    db.session.add(round_)
    db.session.flush()
    return round_


def gen_upcoming_round(contest: Contest | None = None, **fields) -> Round:
    """A round opening at UPCOMING for a week, with no questions of its own."""
    values = {"opens_at": UPCOMING, "closes_at": UPCOMING + timedelta(days=7)}
    return gen_round(contest, **{**values, **fields})


def gen_open_round(
    contest: Contest | None = None,
    questions: int = 12,
    *,
    pool: int | None = None,
    topic: str | None = None,
    **fields,
) -> Round:
    """A round open now for a week, drawing `questions` easy questions of its own topic from
    `pool` of them (ten minutes each attempt)."""
    topic = topic or f"Chủ đề {next_number()}"
    bank = [gen_question(topic) for _ in range(pool or questions)]
    now = utcnow()
    values = {
        "name": f"Tuần thi {next_number()}",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=7),
        "time_limit_seconds": 600,
    }
    if questions:
        values["blueprint"] = [BlueprintItem(topic_id=bank[0].topic_id, count=questions)]
    return gen_round(contest, **{**values, **fields})


def gen_group(
    contest: Contest, name: str = "Cán bộ, công chức", eligible: bool = True
) -> ParticipantGroup:
    group = ParticipantGroup(
        contest=contest, name=name, eligible=eligible, position=len(contest.groups)
    )
    db.session.add(group)
    db.session.flush()
    return group


def gen_participation(
    contest: Contest,
    user: User,
    group: ParticipantGroup | None = None,
    *,
    rules_accepted: bool = True,
) -> Participation:
    """The candidate has entered the contest (in a group) and, unless told, accepted its rules."""
    entry = Participation(
        contest_id=contest.id,
        user_id=user.id,
        group_id=group.id if group else None,
        rules_accepted_at=utcnow() if rules_accepted else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry
