"""The API's field types: marshmallow's, made strict where the contract is.

An integer is never a boolean or a string, ids and counts stay within the database's integers,
text is valid Unicode (a lone surrogate in JSON is refused, not stored) and bounded, lists and
objects are bounded, and every message is Vietnamese.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, missing, validate

MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1
MAX_PER_PAGE = 200
# What one request may carry at most, whatever a field declares: items of a list or an object,
# characters of a text. The body itself is bounded by MAX_CONTENT_LENGTH (config.py).
MAX_ITEMS = 10_000
MAX_TEXT = 100_000

MESSAGES = {
    "required": _l("Trường này là bắt buộc."),
    "null": _l("Trường này không được để trống."),
    "unknown": _l("Trường này không được hỗ trợ."),
    "type": _l("Nội dung phải là một đối tượng JSON."),
    "integer": _l("Giá trị phải là số nguyên."),
    "number": _l("Giá trị phải là một số."),
    "string": _l("Giá trị phải là chuỗi ký tự."),
    "boolean": _l("Giá trị phải là true hoặc false."),
    "list": _l("Giá trị phải là một danh sách."),
    "object": _l("Giá trị phải là một đối tượng."),
    "datetime": _l("Thời điểm không hợp lệ (ISO 8601, ví dụ 2026-11-27T19:30:00+07:00)."),
    "date": _l("Ngày không hợp lệ (YYYY-MM-DD)."),
    "unicode": _l("Văn bản chứa ký tự không hợp lệ."),
    "range": _l("Giá trị nằm ngoài khoảng cho phép ({min} đến {max})."),
    "length": _l("Độ dài vượt quá giới hạn cho phép ({max} ký tự)."),
    "items": _l("Danh sách có quá nhiều phần tử (tối đa {max})."),
    "choice": _l("Giá trị không hợp lệ; chọn một trong: {choices}."),
}


class Int(fields.Integer):
    """A whole number within the database's integers; booleans are refused, and so are strings
    unless `strict=False` (a query string, where every value arrives as text)."""

    default_error_messages = {
        "invalid": MESSAGES["integer"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(
        self,
        *,
        minimum: int = -MAX_BIGINT,
        maximum: int = MAX_BIGINT,
        strict: bool = True,
        **kwargs,
    ):
        error = str(MESSAGES["range"]).format(min=minimum, max=maximum)
        validators = [validate.Range(min=minimum, max=maximum, error=error)]
        super().__init__(strict=strict, validate=validators, **kwargs)
        self.metadata.setdefault("minimum", minimum)
        self.metadata.setdefault("maximum", maximum)

    def _validated(self, value: Any):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


class QueryInt(Int):
    """A whole number in the query string, where every value is text: "2" reads as 2.

    An empty value (`?page=`) reads as absent: the field's default.
    """

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            text = value.strip()
            if not text and self.load_default is not missing:
                return self.load_default
            if text.isascii() and text.removeprefix("-").isdigit():
                value = int(text)
        return super()._deserialize(value, attr, data, **kwargs)


def Id(**kwargs) -> Int:  # noqa: N802 - reads as a field type
    """A row id: 1 … 2³¹−1."""
    return Int(minimum=1, maximum=MAX_INT, **kwargs)


def Count(**kwargs) -> Int:  # noqa: N802 - reads as a field type
    """A non-negative count within the database's integers."""
    return Int(minimum=0, maximum=MAX_INT, **kwargs)


class Float(fields.Float):
    default_error_messages = {
        "invalid": MESSAGES["number"],
        "special": MESSAGES["number"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(self, **kwargs):
        super().__init__(allow_nan=False, **kwargs)

    def _validated(self, value: Any):
        if isinstance(value, bool | str):
            raise self.make_error("invalid")
        return super()._validated(value)


class Text(fields.String):
    """A string of valid Unicode, at most `max_length` characters when given."""

    default_error_messages = {
        "invalid": MESSAGES["string"],
        "invalid_utf8": MESSAGES["unicode"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(self, *, max_length: int | None = None, **kwargs):
        validators = list(kwargs.pop("validate", None) or [])
        if max_length is not None:
            error = str(MESSAGES["length"]).format(max=max_length)
            validators.append(validate.Length(max=max_length, error=error))
        super().__init__(validate=validators, **kwargs)
        self.max_length = max_length or MAX_TEXT

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and len(value) > self.max_length:
            raise ValidationError(str(MESSAGES["length"]).format(max=self.max_length))
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise self.make_error("invalid_utf8") from error
        return text


def OneOf(choices, **kwargs) -> Text:  # noqa: N802 - reads as a field type
    """A string from a fixed list (the enumerations of the contract)."""
    values = [getattr(choice, "value", choice) for choice in choices]
    error = str(MESSAGES["choice"]).format(choices=", ".join(values))
    return Text(validate=[validate.OneOf(values, error=error)], **kwargs)


class Bool(fields.Boolean):
    """true or false; also the query-string forms 1/0, yes/no."""

    default_error_messages = {
        "invalid": MESSAGES["boolean"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }


def _too_many(value, max_items: int) -> None:
    """Refuse a list or object longer than allowed before reading a single item of it."""
    if isinstance(value, list | dict) and len(value) > max_items:
        raise ValidationError(str(MESSAGES["items"]).format(max=max_items))


class List(fields.List):
    """A list of at most `max_length` items (its documented maxItems, or MAX_ITEMS)."""

    default_error_messages = {
        "invalid": MESSAGES["list"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def __init__(self, cls_or_instance, *, max_length: int | None = None, **kwargs):
        super().__init__(cls_or_instance, **kwargs)
        if max_length is not None:
            self.metadata["maxItems"] = max_length
        self.max_length = self.metadata.get("maxItems", MAX_ITEMS)

    def _deserialize(self, value, attr, data, **kwargs):
        _too_many(value, self.max_length)
        return super()._deserialize(value, attr, data, **kwargs)


# The one message for any malformed list of option ids (a quiz's and a practice's answers).
OPTION_IDS = _l("Danh sách phương án phải là một mảng số nguyên.")


class OptionIds(List):
    """A list of option ids; any bad item is reported for the list as a whole."""

    def __init__(self, **kwargs):
        messages = {"invalid": OPTION_IDS, "required": OPTION_IDS, "null": OPTION_IDS}
        super().__init__(Int(), error_messages=messages, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as error:
            raise self.make_error("invalid") from error


class Dict(fields.Dict):
    default_error_messages = {
        "invalid": MESSAGES["object"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def _deserialize(self, value, attr, data, **kwargs):
        _too_many(value, MAX_ITEMS)
        return super()._deserialize(value, attr, data, **kwargs)


class Nested(fields.Nested):
    default_error_messages = {
        "type": MESSAGES["object"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }


class Moment(fields.DateTime):
    """An instant as ISO 8601 with an offset, milliseconds precise; a naive input is UTC."""

    default_error_messages = {
        "invalid": MESSAGES["datetime"],
        "invalid_awareness": MESSAGES["datetime"],
        "format": MESSAGES["datetime"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def _serialize(self, value: datetime | None, attr, obj, **kwargs) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat(timespec="milliseconds")


class Day(fields.Date):
    default_error_messages = {
        "invalid": MESSAGES["date"],
        "format": MESSAGES["date"],
        "required": MESSAGES["required"],
        "null": MESSAGES["null"],
    }

    def _serialize(self, value: date | None, attr, obj, **kwargs) -> str | None:
        return value.isoformat() if value else None


class Enum(fields.Field):
    """An enumeration answered as its lowercase English value (`easy`, `in_progress` …)."""

    def __init__(self, enum, **kwargs):
        super().__init__(**kwargs)
        self.metadata.setdefault("enum", [member.value for member in enum])
        self.metadata.setdefault("type", "string")

    def _serialize(self, value, attr, obj, **kwargs):
        return getattr(value, "value", value)


def Computed(function, type_: str, **kwargs) -> fields.Function:  # noqa: N802 - a field type
    """An answer field computed from the object (`type_`: its JSON type, for the document)."""
    metadata = {"type": type_, **kwargs.pop("metadata", {})}
    if kwargs.get("allow_none"):
        metadata["nullable"] = True
    return fields.Function(function, metadata=metadata, **kwargs)
