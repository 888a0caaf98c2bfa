"""Fields the contests and rounds schemas share: documented choices, Vietnam times, topics."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from marshmallow import fields

from contest.core.api.schemas import MESSAGES, Moment
from contest.core.i18n import display_zone


def choices(enum) -> dict[str, list[str]]:
    """Document an enumeration the service checks (with its own message) in the schema."""
    return {"enum": [member.value for member in enum]}


class VietnamTime(Moment):
    """An instant in Vietnam time with its offset (2026-12-01T08:00:00+07:00): the contests API
    has always answered the times an organizer typed as they were typed, not in UTC."""

    def _serialize(self, value: datetime | None, attr, obj, **kwargs) -> str | None:
        return value.astimezone(display_zone()).isoformat() if value else None


class TopicRef(fields.Field):
    """A topic by its name (as imported, e.g. "Hiến pháp") or by its id."""

    default_error_messages = {
        "invalid": _l("Chủ đề là tên chủ đề (chuỗi ký tự) hoặc mã số của nó (số nguyên)."),
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(self, **kwargs):
        metadata = {
            "oneOf": [{"type": "string"}, {"type": "integer"}],
            **kwargs.pop("metadata", {}),
        }
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.make_error("invalid")
        return value
