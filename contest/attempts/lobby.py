"""Entering a contest: eligibility, accepting the rules once, each round as a candidate sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest.accounts.models import User
from contest.attempts.marking.grading import cooldown_left, finalize_overdue
from contest.attempts.models import Attempt, AttemptStatus
from contest.core.errors import Conflict, ContestError, Forbidden, InvalidInput
from contest.core.extensions import db
from contest.core.i18n import display_zone
from contest.rounds.contests import REGISTRATION_FIELD_LABELS
from contest.rounds.models import (
    Contest,
    ContestStatus,
    ParticipantGroup,
    Participation,
    Round,
    RoundState,
)

# What a contest may require of a candidate's profile: its configurable registration fields,
# and the birth date when it sets a minimum age.
PROFILE_FIELD_LABELS = {**REGISTRATION_FIELD_LABELS, "birth_date": _l("Ngày sinh")}


class NotEligible(Forbidden):
    code = "not_eligible"


class ProfileIncomplete(Conflict):
    code = "profile_incomplete"


class RulesNotAccepted(Conflict):
    code = "rules_not_accepted"
    default_message = _l("Bạn cần đọc và đồng ý với thể lệ cuộc thi trước khi vào thi.")


def participation(contest: Contest, user: User) -> Participation | None:
    return db.session.scalar(
        select(Participation).where(
            Participation.contest_id == contest.id, Participation.user_id == user.id
        )
    )


def age_on(birth_date: date, today: date) -> int:
    """Full years of age on a given day."""
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def profile_problem(contest: Contest, user: User, now: datetime) -> ContestError | None:
    """Why this candidate may not take part (missing fields, too young), or None."""
    required = [name for name in contest.required_fields or [] if name in PROFILE_FIELD_LABELS]
    if contest.min_age and "birth_date" not in required:
        required.append("birth_date")
    missing = {
        name: str(PROFILE_FIELD_LABELS[name]) for name in required if not getattr(user, name, None)
    }
    if missing:
        return ProfileIncomplete(
            _l(
                "Vui lòng bổ sung thông tin đăng ký còn thiếu: %(fields)s.",
                fields=", ".join(missing.values()),
            ),
            details={"fields": {name: str(_l("Bắt buộc với cuộc thi này.")) for name in missing}},
        )
    today = now.astimezone(display_zone()).date()
    if contest.min_age and age_on(user.birth_date, today) < contest.min_age:
        return NotEligible(
            _l("Cuộc thi dành cho người từ đủ %(n)s tuổi trở lên.", n=contest.min_age)
        )
    return None


def group_problem(contest: Contest, entry: Participation | None) -> ContestError | None:
    """Why the candidate's participant group does not allow them in, or None."""
    if not contest.groups or entry is None:
        return None
    group = db.session.get(ParticipantGroup, entry.group_id) if entry.group_id else None
    if group is None:
        return RulesNotAccepted(_l("Vui lòng chọn nhóm đối tượng dự thi."))
    if not group.eligible:
        return NotEligible(
            _l(
                "Nhóm đối tượng «%(name)s» không thuộc diện dự thi của cuộc thi này.",
                name=group.name,
            )
        )
    return None


def entry_problem(contest: Contest, user: User, now: datetime) -> ContestError | None:
    """The first reason the candidate cannot start a round of this contest, or None."""
    entry = participation(contest, user)
    problem = profile_problem(contest, user, now) or group_problem(contest, entry)
    if problem is None and (entry is None or entry.rules_accepted_at is None):
        problem = RulesNotAccepted()
    return problem


def require_entry(contest: Contest, user: User, now: datetime) -> None:
    problem = entry_problem(contest, user, now)
    if problem is not None:
        raise problem


def accept_rules(
    contest: Contest, user: User, group_id: int | None, now: datetime
) -> Participation:
    """Record that the candidate accepted the rules (and their group); once per contest."""
    if contest.status != ContestStatus.PUBLISHED:
        raise Conflict(_l("Cuộc thi không còn nhận thí sinh."), code="contest_closed")
    problem = profile_problem(contest, user, now)
    if problem is not None:
        raise problem
    entry = participation(contest, user)
    if entry is not None and entry.rules_accepted_at is not None:
        return entry  # accepting again changes nothing, not even the group
    group = _chosen_group(contest, group_id)
    if entry is None:
        entry = Participation(contest_id=contest.id, user_id=user.id, created_at=now)
    entry.group_id = group.id if group else None
    entry.rules_accepted_at = now
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        # A double click accepted at the same moment: ours is undone, the first one stands.
        return participation(contest, user)
    return entry


def _chosen_group(contest: Contest, group_id: int | None) -> ParticipantGroup | None:
    if not contest.groups:
        return None
    group = next((g for g in contest.groups if g.id == group_id), None)
    if group is None:
        raise InvalidInput.for_fields({"group_id": str(_l("Vui lòng chọn nhóm đối tượng dự thi."))})
    if not group.eligible:
        raise NotEligible(
            _l(
                "Nhóm đối tượng «%(name)s» không thuộc diện dự thi của cuộc thi này.",
                name=group.name,
            )
        )
    return group


@dataclass(frozen=True)
class RoundEntry:
    """One round as the lobby shows it to a candidate."""

    round: Round
    state: RoundState
    attempts_used: int
    in_progress: Attempt | None
    latest_final: Attempt | None
    cooldown_seconds: int

    @property
    def attempts_left(self) -> int:
        return max(0, self.round.max_attempts - self.attempts_used)

    @property
    def can_start(self) -> bool:
        return (
            self.in_progress is None
            and self.state == RoundState.OPEN
            and self.attempts_left > 0
            and not self.cooldown_seconds
        )


def round_entries(contest: Contest, user: User | None, now: datetime) -> list[RoundEntry]:
    """Each announced round of the contest with the candidate's attempts in it (two queries)."""
    rounds = contest.announced_rounds
    mine: dict[int, list[Attempt]] = {r.id: [] for r in rounds}
    if user is not None:
        attempts = db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user.id, Attempt.round_id.in_(list(mine)))
            .order_by(Attempt.number)
        ).all()
        finalize_overdue(attempts, now)
        for attempt in attempts:
            mine[attempt.round_id].append(attempt)
    entries = []
    for round_ in rounds:
        attempts = mine[round_.id]
        final = [a for a in attempts if a.is_final]
        entries.append(
            RoundEntry(
                round=round_,
                state=round_.state_at(now),
                attempts_used=len(attempts),
                in_progress=next(
                    (a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None
                ),
                latest_final=final[-1] if final else None,
                cooldown_seconds=cooldown_left(round_, attempts, now),
            )
        )
    return entries
