"""The audit log in plain Vietnamese: actions, objects and fields named, values as people write
them (dd/mm/yyyy HH:MM local time, có/không, words for codes, m:ss for durations).

One table and one formatter, used by the admin's audit page, a round's change history and the
.xlsx export of the log. Unknown codes fall back to themselves, so a new action is never lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from contest.core.audit import AuditEntry
from contest.core.audit.labels import ACTIONS, FIELDS, GROUPS, OBJECTS, WORDS
from contest.core.i18n import format_datetime, formatting

DURATIONS = {"time_limit_seconds", "cooldown_seconds"}


@dataclass(frozen=True)
class Change:
    """One field of an entry: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ReadableEntry:
    """An audit entry as people read it."""

    entry: AuditEntry
    at: str
    actor: str
    action: str
    object: str
    changes: list[Change]
    reason: str


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


def group_label(prefix: str) -> str:
    """ "rounds." → "Tuần thi (mọi thao tác)"."""
    name = prefix.rstrip(".")
    return str(_l("%(group)s (mọi thao tác)", group=GROUPS.get(name, name)))


def object_label(code: str) -> str:
    return str(OBJECTS.get(code, code))


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))


def value_text(name: str, value: Any) -> str:
    """A stored JSON value as people write it; "—" for nothing."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_l("có")) if value else str(_l("không"))
    if name in DURATIONS and isinstance(value, int | float):
        return formatting.clock(value)
    if name in WORDS and isinstance(value, str):
        return str(WORDS[name].get(value, value))
    if name == "tie_break" and isinstance(value, list):
        return formatting.ranking_order(value)
    if name == "blueprint" and isinstance(value, list):
        return "; ".join(_cell_text(cell) for cell in value if isinstance(cell, dict))
    if isinstance(value, float | int):
        return formatting.number(value, 4)
    if isinstance(value, str):
        return _moment_text(value)
    if isinstance(value, list):
        return ", ".join(value_text(name, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(k)}: {value_text(k, v)}" for k, v in value.items())
    return str(value)


def _cell_text(cell: dict) -> str:
    topic = cell.get("topic") or cell.get("topic_id")
    level = formatting.difficulty_word(cell.get("difficulty")) or str(_l("mọi mức độ"))
    return str(
        _l("%(topic)s: %(n)s câu (%(level)s)", topic=topic, n=cell.get("count"), level=level)
    )


def _moment_text(text: str) -> str:
    """An ISO time ("2026-12-07T16:59:00+00:00") in local dd/mm/yyyy HH:MM; other text as is."""
    if len(text) >= 19 and text[4:5] == "-" and text[10:11] == "T":
        try:
            return format_datetime(datetime.fromisoformat(text))
        except ValueError:
            return text
    return text


def changes(entry: AuditEntry) -> list[Change]:
    """Every field named before or after, in the order they were written."""
    before, after = entry.before or {}, entry.after or {}
    names = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            field_label(name),
            value_text(name, before[name]) if name in before else "",
            value_text(name, after[name]) if name in after else "",
        )
        for name in names
    ]


def readable(entry: AuditEntry) -> ReadableEntry:
    actor = entry.actor
    who = (actor.full_name or actor.email) if actor is not None else (entry.origin or "—")
    target = object_label(entry.object_type)
    return ReadableEntry(
        entry=entry,
        at=format_datetime(entry.at),
        actor=who,
        action=action_label(entry.action),
        object=f"{target} {entry.object_id}" if entry.object_id else target,
        changes=changes(entry),
        reason=entry.reason or "",
    )
