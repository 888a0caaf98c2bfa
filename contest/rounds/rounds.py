"""Rounds: create, change (frozen once started), clone; every setting audited before → after."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core import audit
from contest.core.errors import Conflict, InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds.blueprints import (
    Cell,
    parse_blueprint,
    parse_question_ids,
    shortfall_message,
    shortfalls,
)
from contest.rounds.models import BlueprintItem, Contest, Round, RoundQuestion
from contest.rounds.settings import (
    FIELD_LABELS,
    PARSERS,
    REQUIRED_MESSAGES,
    FieldError,
    check_consistency,
    parse_settings,
)
from questions.models import Difficulty

# Once a candidate has started, only these may change (closes_at with a written reason).
EDITABLE_WHEN_FROZEN = ("name", "closes_at")
QUESTION_FIELDS = ("blueprint", "question_ids")
NO_QUESTIONS = _l(
    "Vui lòng chọn câu hỏi: nhập số câu theo ma trận đề hoặc danh sách câu hỏi cố định."
)


class RoundFrozen(Conflict):
    code = "round_frozen"
    default_message = _l("Tuần thi đã có thí sinh bắt đầu làm bài nên không thể thay đổi thể lệ.")


class BlueprintUnsatisfiable(InvalidInput):
    code = "blueprint_unsatisfiable"


@dataclass(frozen=True)
class QuestionChoice:
    """Which questions a round uses: blueprint cells, or a fixed list of ids."""

    cells: list[Cell] | None = None
    question_ids: list[int] | None = None

    def as_json(self) -> dict[str, Any]:
        if self.cells is not None:
            return {"blueprint": [c.as_json() for c in self.cells], "question_ids": None}
        return {"blueprint": None, "question_ids": list(self.question_ids or [])}


def get_round(round_id: int) -> Round:
    round = db.session.get(Round, round_id)
    if round is None:
        raise NotFound()
    return round


def is_frozen(round: Round) -> bool:
    """True once the first attempt has started: the start records the moment under a lock."""
    return round.settings_frozen_at is not None


def round_settings(round: Round) -> dict[str, Any]:
    """Every setting as JSON values: the audit log's before/after and the source of a clone."""
    values = {name: _json(getattr(round, name)) for name in PARSERS}
    values.update(_current_questions(round).as_json())
    return values


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return getattr(value, "value", value)


def _current_questions(round: Round) -> QuestionChoice:
    if round.fixed_questions:
        return QuestionChoice(question_ids=[item.question_id for item in round.fixed_questions])
    return QuestionChoice(
        cells=[
            Cell(
                item.topic_id,
                item.topic.name,
                item.difficulty.value if item.difficulty else None,
                item.count,
            )
            for item in round.blueprint
        ]
    )


def create_round(
    contest: Contest,
    data: dict[str, Any],
    *,
    action: str = "rounds.create",
    extra: dict[str, Any] | None = None,
) -> Round:
    """Validate every setting at once and add the round to the contest."""
    errors = {
        name: str(message)
        for name, message in REQUIRED_MESSAGES.items()
        if data.get(name) in (None, "")
    }
    settings = parse_settings({k: v for k, v in data.items() if k not in errors}, errors)
    check_consistency(settings, errors)
    choice = _read_questions(data, errors, required=True)
    _raise_if_invalid(errors, choice)
    round = Round(contest=contest, **settings)
    _apply_questions(round, choice)
    db.session.add(round)
    db.session.flush()
    # A draft until announced (the column's default, "announced on creation", serves rounds
    # built directly; the ORM reads None as "use the default", so it is cleared after insert).
    round.announced_at = None
    db.session.flush()
    audit.record(action, "round", round.id, after={**(extra or {}), **round_settings(round)})
    return round


def _read_questions(
    data: dict[str, Any], errors: dict[str, str], *, required: bool
) -> QuestionChoice | None:
    """The blueprint or the fixed list in the request; None when neither is given (or invalid)."""
    has_blueprint = data.get("blueprint") not in (None, [], "")
    has_ids = data.get("question_ids") not in (None, [], "")
    if has_blueprint and has_ids:
        errors["blueprint"] = str(
            _l("Chỉ chọn một cách lấy câu hỏi: theo ma trận đề hoặc theo danh sách cố định.")
        )
        return None
    if not has_blueprint and not has_ids:
        if required or any(name in data for name in QUESTION_FIELDS):
            errors["blueprint"] = str(NO_QUESTIONS)
        return None
    try:
        if has_blueprint:
            return QuestionChoice(cells=parse_blueprint(data["blueprint"]))
        return QuestionChoice(question_ids=parse_question_ids(data["question_ids"]))
    except FieldError as error:
        errors["blueprint" if has_blueprint else "question_ids"] = str(error)
        return None


def _raise_if_invalid(errors: dict[str, str], choice: QuestionChoice | None) -> None:
    missing = shortfalls(choice.cells) if choice is not None and choice.cells else []
    if missing:
        errors["blueprint"] = shortfall_message(missing)
        raise BlueprintUnsatisfiable(
            errors["blueprint"], details={"fields": errors, "cells": missing}
        )
    if errors:
        raise InvalidInput.for_fields(errors)


def _apply_questions(round: Round, choice: QuestionChoice) -> None:
    if choice.cells is not None:
        round.fixed_questions = []
        round.blueprint = [
            BlueprintItem(
                topic_id=c.topic_id,
                difficulty=Difficulty(c.difficulty) if c.difficulty else None,
                count=c.count,
            )
            for c in choice.cells
        ]
        return
    round.blueprint = []
    existing = {item.question_id: item for item in round.fixed_questions}
    items = []
    for position, question_id in enumerate(choice.question_ids or []):
        item = existing.get(question_id) or RoundQuestion(question_id=question_id)
        item.position = position
        items.append(item)
    round.fixed_questions = items


def update_round(round: Round, data: dict[str, Any], *, reason: str | None = None) -> Round:
    """Change the settings given in `data`; after the first start only the name and closes_at."""
    errors: dict[str, str] = {}
    settings = parse_settings(data, errors)
    choice = _read_questions(data, errors, required=False)
    before = round_settings(round)
    changed = {name for name, value in settings.items() if _json(value) != before[name]}
    if choice is not None and choice.as_json() != _current_questions(round).as_json():
        changed.add("blueprint" if choice.cells is not None else "question_ids")
    reason = (reason or "").strip() or None
    if is_frozen(round):
        _check_frozen(
            changed | {name for name in errors if name in data},
            "closes_at" in changed,
            reason,
            errors,
        )
    merged = {name: getattr(round, name) for name in PARSERS} | settings
    check_consistency(merged, errors)
    _raise_if_invalid(errors, choice if choice is not None and "blueprint" in changed else None)
    if not changed:
        return round
    for name, value in settings.items():
        setattr(round, name, value)
    if choice is not None:
        _apply_questions(round, choice)
    db.session.flush()
    after = round_settings(round)
    keys = sorted(k for k in after if after[k] != before[k])
    audit.record(
        "rounds.update",
        "round",
        round.id,
        before={k: before[k] for k in keys},
        after={k: after[k] for k in keys},
        reason=reason,
    )
    return round


def _check_frozen(
    touched: set[str], moves_close: bool, reason: str | None, errors: dict[str, str]
) -> None:
    frozen = sorted(name for name in touched if name not in EDITABLE_WHEN_FROZEN)
    if frozen:
        labels = ", ".join(str(FIELD_LABELS.get(name, name)) for name in frozen)
        raise RoundFrozen(
            _l(
                "Tuần thi đã có thí sinh bắt đầu làm bài nên không thể thay đổi: %(f)s. "
                "Chỉ được đổi tên và dời thời điểm đóng (kèm lý do).",
                f=labels,
            ),
            details={"fields": frozen},
        )
    if moves_close and not reason:
        errors["reason"] = str(_l("Tuần thi đã bắt đầu: vui lòng ghi lý do dời thời điểm đóng."))


def clone_shift(round: Round) -> timedelta:
    """How far a clone moves: the round's length rounded up to whole days (a week for a week)."""
    return timedelta(days=max(1, math.ceil((round.closes_at - round.opens_at) / timedelta(days=1))))


def clone_round(round: Round, data: dict[str, Any]) -> Round:
    """A copy of the round's settings and questions with new dates, not frozen, not published."""
    shift = clone_shift(round)
    source = round_settings(round)
    if source["blueprint"] is not None:
        source["blueprint"] = [{**cell, "topic": cell["topic_id"]} for cell in source["blueprint"]]
    source.update(
        name=str(_l("%(name)s (bản sao)", name=round.name)),
        opens_at=(round.opens_at + shift).isoformat(),
        closes_at=(round.closes_at + shift).isoformat(),
    )
    overrides = {
        k: v
        for k, v in data.items()
        if k in ("name", "opens_at", "closes_at") and v not in (None, "")
    }
    return create_round(
        round.contest,
        {**source, **overrides},
        action="rounds.clone",
        extra={"cloned_from": round.id},
    )
