"""Integrity report for the judges: flags that point at the attempts to check.

Flags (thresholds are settings, read when the report is built):
shared identity (normalized CCCD, phone, or name + birth date), one IP behind many accounts or
attempts in a short window, impossibly fast attempts, identical answers saved at nearly the same
moments, and late saves the server refused. Each flag names the attempts to open.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from contest.accounts.identity import IdentityError, normalize_phone
from contest.accounts.models import User
from contest.attempts.models import Attempt, AttemptEvent, AttemptEventKind, AttemptQuestion
from contest.core.extensions import db
from contest.integrity.answer_matching import answer_clusters, answer_sheets
from contest.ranking.order import FINAL_STATUSES
from contest.rounds.models import Round
from questions.importer.text import fold

DEFAULTS = {
    "INTEGRITY_IP_WINDOW_MINUTES": 10,
    "INTEGRITY_IP_ACCOUNTS": 4,
    "INTEGRITY_IP_ATTEMPTS": 10,
    "INTEGRITY_MIN_SECONDS_PER_QUESTION": 2,
    "INTEGRITY_SAME_ANSWERS_SECONDS": 5,
    "INTEGRITY_SAME_ANSWERS_MIN_QUESTIONS": 5,
}
FLAG_TITLES = {
    "shared_identity": _l("Nhiều tài khoản trùng thông tin định danh"),
    "shared_ip": _l("Nhiều tài khoản hoặc lượt thi từ một địa chỉ IP"),
    "too_fast": _l("Làm bài nhanh bất thường"),
    "same_answers": _l("Bài làm giống hệt nhau, lưu cùng thời điểm"),
    "late_saves": _l("Lưu câu trả lời sau khi hết giờ (bị từ chối)"),
}


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


@dataclass
class Flag:
    kind: str
    detail: str
    attempt_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(FLAG_TITLES[self.kind])


def integrity_report(round: Round) -> list[Flag]:
    """Every flag of the round, kind by kind."""
    return [
        *shared_identity(round),
        *shared_ip(round),
        *too_fast(round),
        *same_answers(round),
        *late_saves(round),
    ]


def _final_attempts_by_user(round: Round) -> dict[int, list[int]]:
    rows = db.session.execute(
        select(Attempt.user_id, Attempt.id)
        .where(Attempt.round_id == round.id, Attempt.status.in_(FINAL_STATUSES))
        .order_by(Attempt.id)
    )
    by_user: dict[int, list[int]] = defaultdict(list)
    for user_id, attempt_id in rows:
        by_user[user_id].append(attempt_id)
    return by_user


def normalized_cccd(value: str | None) -> str | None:
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    return digits.zfill(12) if digits else None  # a spreadsheet may have dropped leading zeros


def normalized_phone(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return normalize_phone(value)
    except IdentityError:
        digits = "".join(ch for ch in value if ch.isdigit())
        return digits or None


def shared_identity(round: Round) -> list[Flag]:
    """Participants whose accounts share a normalized CCCD, phone, or name and birth date."""
    attempts = _final_attempts_by_user(round)
    users = db.session.scalars(select(User).where(User.id.in_(list(attempts)))) if attempts else []
    groups: dict[tuple, set[int]] = defaultdict(set)
    for user in users:
        for key in (
            (_l("CCCD"), normalized_cccd(user.id_number)),
            (_l("điện thoại"), normalized_phone(user.phone)),
            (
                _l("họ tên + ngày sinh"),
                (fold(user.full_name), user.birth_date) if user.birth_date else None,
            ),
        ):
            if key[1]:
                groups[key].add(user.id)
    flags = []
    for (label, value), user_ids in groups.items():
        if len(user_ids) > 1:
            shown = value if isinstance(value, str) else f"{value[0]} {value[1]:%d/%m/%Y}"
            ids = sorted(user_ids)
            flags.append(
                Flag(
                    "shared_identity",
                    str(
                        _l(
                            "%(key)s: %(value)s (%(n)s tài khoản)",
                            key=label,
                            value=shown,
                            n=len(ids),
                        )
                    ),
                    sorted(a for u in ids for a in attempts[u]),
                    ids,
                )
            )
    return flags


def shared_ip(round: Round) -> list[Flag]:
    """One IP starting many attempts, or attempts of many accounts, within a short window."""
    window = timedelta(minutes=setting("INTEGRITY_IP_WINDOW_MINUTES"))
    rows = db.session.execute(
        select(Attempt.ip, Attempt.started_at, Attempt.id, Attempt.user_id)
        .where(Attempt.round_id == round.id, Attempt.ip.is_not(None))
        .order_by(Attempt.ip, Attempt.started_at, Attempt.id)
    ).all()
    by_ip: dict[str, list] = defaultdict(list)
    for row in rows:
        by_ip[row.ip].append(row)
    flags = []
    for ip, starts in by_ip.items():
        worst = _busiest_window(starts, window)
        accounts = {row.user_id for row in worst}
        if len(accounts) >= setting("INTEGRITY_IP_ACCOUNTS") or len(worst) >= setting(
            "INTEGRITY_IP_ATTEMPTS"
        ):
            minutes = window.total_seconds() / 60
            flags.append(
                Flag(
                    "shared_ip",
                    str(
                        _l(
                            "IP %(ip)s: %(n)s lượt thi của %(k)s tài khoản trong %(m)s phút",
                            ip=ip,
                            n=len(worst),
                            k=len(accounts),
                            m=f"{minutes:g}",
                        )
                    ),
                    [row.id for row in worst],
                    sorted(accounts),
                )
            )
    return flags


def _busiest_window(starts: list, window: timedelta) -> list:
    """The window [t, t + window) holding the most distinct accounts (then attempts)."""
    best: list = []
    first = 0
    for last, row in enumerate(starts):
        while row.started_at - starts[first].started_at >= window:
            first += 1
        current = starts[first : last + 1]
        if (len({r.user_id for r in current}), len(current)) > (
            len({r.user_id for r in best}),
            len(best),
        ):
            best = current
    return best


def too_fast(round: Round) -> list[Flag]:
    """Final attempts shorter than the minimum seconds per question allows."""
    per_question_ms = setting("INTEGRITY_MIN_SECONDS_PER_QUESTION") * 1000
    shown = (
        select(AttemptQuestion.attempt_id, func.count().label("questions"))
        .group_by(AttemptQuestion.attempt_id)
        .subquery()
    )
    questions = func.coalesce(shown.c.questions, round.question_count)
    rows = db.session.execute(
        select(Attempt.id, Attempt.user_id, Attempt.duration_ms, questions.label("questions"))
        .outerjoin(shown, shown.c.attempt_id == Attempt.id)
        .where(
            Attempt.round_id == round.id,
            Attempt.status.in_(FINAL_STATUSES),
            Attempt.duration_ms < questions * per_question_ms,
        )
        .order_by(Attempt.duration_ms)
    )
    return [
        Flag(
            "too_fast",
            str(
                _l(
                    "%(s)s giây cho %(n)s câu (tối thiểu %(m)s giây)",
                    s=f"{row.duration_ms / 1000:g}",
                    n=row.questions,
                    m=f"{per_question_ms * row.questions / 1000:g}",
                )
            ),
            [row.id],
            [row.user_id],
        )
        for row in rows
    ]


def same_answers(round: Round) -> list[Flag]:
    """Attempts with the same answers to the same questions, saved within seconds of each other."""
    tolerance = timedelta(seconds=setting("INTEGRITY_SAME_ANSWERS_SECONDS"))
    minimum = setting("INTEGRITY_SAME_ANSWERS_MIN_QUESTIONS")
    sheets = answer_sheets(round)
    by_answers: dict[tuple, list[int]] = defaultdict(list)
    for attempt_id, (answers, _times, _user) in sheets.items():
        if len(answers) >= minimum:
            by_answers[answers].append(attempt_id)
    flags = []
    for attempt_ids in by_answers.values():
        for cluster in answer_clusters(attempt_ids, sheets, tolerance):
            users = sorted({sheets[a][2] for a in cluster})
            if len(users) > 1:
                flags.append(
                    Flag(
                        "same_answers",
                        str(
                            _l(
                                "%(n)s bài giống hệt nhau (%(k)s câu trả lời)",
                                n=len(cluster),
                                k=len(sheets[cluster[0]][0]),
                            )
                        ),
                        cluster,
                        users,
                    )
                )
    return flags


def late_saves(round: Round) -> list[Flag]:
    """Attempts with saves refused after their deadline."""
    rows = db.session.execute(
        select(Attempt.id, Attempt.user_id, func.count(), func.max(AttemptEvent.at))
        .join(AttemptEvent, AttemptEvent.attempt_id == Attempt.id)
        .where(Attempt.round_id == round.id, AttemptEvent.kind == AttemptEventKind.LATE_SAVE)
        .group_by(Attempt.id, Attempt.user_id)
        .order_by(Attempt.id)
    )
    return [
        Flag(
            "late_saves",
            str(_l("%(n)s lần lưu bị từ chối sau khi hết giờ", n=count)),
            [attempt_id],
            [user_id],
        )
        for attempt_id, user_id, count, _last in rows
    ]
