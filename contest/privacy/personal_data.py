"""Everything the platform holds about one person, to download ("Dữ liệu của tôi").

The profile and consent, participations, attempts with the questions shown, the answers saved
and the scores, prize-list lines, sign-in sessions and access tokens (never their values), and
erasure requests. As JSON, and as a workbook with one sheet per part. Never the answer key:
an attempt's questions are exported as the candidate saw them.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import xlsxwriter
from sqlalchemy import select

from contest.accounts.models import ApiToken, ConsentNotice, User, UserSession
from contest.attempts.models import Answer, Attempt
from contest.core.export_writer import neutralize
from contest.core.extensions import db
from contest.privacy.models import DeletionRequest
from contest.prizes.models import PrizeAward, PrizeResult
from contest.rounds.models import Contest, ParticipantGroup, Participation, Round


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return getattr(value, "value", value)


def _row(obj: Any, *names: str) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in names}


def personal_data(user: User) -> dict[str, Any]:
    """The whole record, as plain JSON-ready values."""
    return {
        "profile": _profile(user),
        "consent": _consent(user),
        "participations": _participations(user),
        "attempts": _attempts(user),
        "prizes": _prizes(user),
        "sessions": [
            _row(s, "created_at", "last_seen_at", "ip", "user_agent", "ended_at", "end_reason")
            for s in db.session.scalars(
                select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
            )
        ],
        "tokens": [
            _row(t, "name", "prefix", "created_at", "last_used_at", "revoked_at")
            for t in db.session.scalars(
                select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
            )
        ],
        "deletion_requests": [
            _row(r, "status", "requested_at", "done_at")
            for r in db.session.scalars(
                select(DeletionRequest).where(DeletionRequest.user_id == user.id)
            )
        ],
    }


def _profile(user: User) -> dict[str, Any]:
    profile = _row(
        user,
        "id",
        "role",
        "full_name",
        "birth_date",
        "gender",
        "id_number",
        "phone",
        "email",
        "created_at",
        "last_login_at",
        "anonymised_at",
    )
    profile["unit"] = user.unit.name if user.unit else None
    profile["locality"] = user.locality.name if user.locality else None
    return profile


def _consent(user: User) -> dict[str, Any] | None:
    if user.consent_version is None:
        return None
    notice = db.session.get(ConsentNotice, user.consent_version)
    return {
        "version": user.consent_version,
        "at": _value(user.consent_at),
        "text": notice.text if notice else None,
    }


def _participations(user: User) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(Contest.title, ParticipantGroup.name, Participation.rules_accepted_at)
        .join(Contest, Contest.id == Participation.contest_id)
        .outerjoin(ParticipantGroup, ParticipantGroup.id == Participation.group_id)
        .where(Participation.user_id == user.id)
        .order_by(Participation.id)
    )
    return [
        {"contest": title, "group": group, "rules_accepted_at": _value(accepted)}
        for title, group, accepted in rows
    ]


def _attempts(user: User) -> list[dict[str, Any]]:
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.started_at)
    )
    return [_attempt(attempt) for attempt in attempts]


def _attempt(attempt: Attempt) -> dict[str, Any]:
    row = _row(
        attempt,
        "id",
        "number",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "score",
        "max_score",
        "correct_count",
        "duration_ms",
        "prediction",
        "ip",
        "user_agent",
    )
    row["round"] = attempt.round.name
    row["contest"] = attempt.round.contest.title
    saved = {answer.question_id: answer for answer in attempt.answers}
    row["answers"] = [
        {
            "position": shown.position,
            "question": shown.version.text,
            "chosen": [_option_text(shown, option_id) for option_id in _chosen(saved, shown)],
            "saved_at": _value(saved[shown.question_id].saved_at)
            if shown.question_id in saved
            else None,
        }
        for shown in attempt.questions
    ]
    return row


def _chosen(saved: dict[int, Answer], shown) -> list[int]:
    answer = saved.get(shown.question_id)
    return list(answer.option_ids) if answer is not None else []


def _option_text(shown, option_id: int) -> str:
    option = next((o for o in shown.version.options if o.id == option_id), None)
    return option.text if option is not None else str(option_id)


def _prizes(user: User) -> list[dict[str, Any]]:
    awards = db.session.scalars(
        select(PrizeAward)
        .join(PrizeResult, PrizeResult.id == PrizeAward.result_id)
        .where(PrizeAward.user_id == user.id, PrizeAward.tier_id.is_not(None))
        .order_by(PrizeAward.id)
    )
    return [_prize(award) for award in awards]


def _prize(award: PrizeAward) -> dict[str, Any]:
    result = db.session.get(PrizeResult, award.result_id)
    scope = db.session.get(Round, result.round_id).name if result.round_id else None
    row = _row(award, "rank", "score", "duration_ms", "full_name", "id_number", "unit", "locality")
    row.update(
        tier=award.tier.name,
        contest=db.session.get(Contest, result.contest_id).title,
        round=scope,
        locked_at=_value(result.locked_at),
    )
    return row


# --- the workbook ---------------------------------------------------------------------------

SHEETS = {
    "profile": "Hồ sơ",
    "consent": "Đồng ý",
    "participations": "Tham gia",
    "attempts": "Lượt thi",
    "answers": "Câu trả lời",
    "prizes": "Giải thưởng",
    "sessions": "Phiên đăng nhập",
    "tokens": "Mã truy cập",
    "deletion_requests": "Yêu cầu xóa",
}


def workbook(data: dict[str, Any]) -> bytes:
    """The same record as an .xlsx, one sheet per part (formula-safe)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    answers = [
        {"attempt": attempt["id"], **answer}
        for attempt in data["attempts"]
        for answer in attempt["answers"]
    ]
    attempts = [{k: v for k, v in a.items() if k != "answers"} for a in data["attempts"]]
    parts = {**data, "attempts": attempts, "answers": answers}
    for key, title in SHEETS.items():
        rows = parts[key]
        rows = [rows] if isinstance(rows, dict) else (rows or [])
        sheet = book.add_worksheet(title)
        headers = list(rows[0]) if rows else []
        for column, name in enumerate(headers):
            sheet.write_string(0, column, name, bold)
        for number, row in enumerate(rows, 1):
            for column, name in enumerate(headers):
                _write(sheet, number, column, row[name])
    book.close()
    return out.getvalue()


def _write(sheet, row: int, column: int, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_number(row, column, int(value))
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value)
    else:
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        sheet.write_string(row, column, neutralize(text))
