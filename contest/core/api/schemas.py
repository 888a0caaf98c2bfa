"""Schemas the API declares its requests and answers with (marshmallow), and its field types.

The field types live in contest.core.api.fields and are re-exported here: every API module
imports what it declares from this one place.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, RAISE, Schema, ValidationError

from contest.core.api.fields import (
    MAX_BIGINT,
    MAX_INT,
    MAX_ITEMS,
    MAX_PER_PAGE,
    MAX_TEXT,
    MESSAGES,
    OPTION_IDS,
    Bool,
    Computed,
    Count,
    Day,
    Dict,
    Enum,
    Float,
    Id,
    Int,
    List,
    Moment,
    Nested,
    OneOf,
    OptionIds,
    QueryInt,
    Text,
)


class ApiSchema(Schema):
    """Base of every API schema: unknown request fields are refused, answers keep declared ones."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": MESSAGES["unknown"], "type": MESSAGES["type"]}


class LenientSchema(ApiSchema):
    """A request schema that ignores fields it does not know (bodies written for other versions)."""

    class Meta:
        unknown = EXCLUDE


class PageArgs(ApiSchema):
    """?page=1&per_page=50 (per_page at most 200)."""

    class Meta:
        unknown = EXCLUDE  # other query parameters are the route's own filters

    page = QueryInt(minimum=1, maximum=MAX_INT, load_default=1)
    per_page = QueryInt(minimum=1, maximum=MAX_PER_PAGE, load_default=50)


class PageSchema(ApiSchema):
    total = Count(required=True)
    page = Int(minimum=1, maximum=MAX_INT, required=True)
    per_page = Int(minimum=1, maximum=MAX_PER_PAGE, required=True)


_pages: dict[type, type] = {}


def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The paged answer `{items: [...], total, page, per_page}` of one item schema."""
    if item_schema not in _pages:
        name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
        _pages[item_schema] = type(
            name, (PageSchema,), {"items": Nested(item_schema, many=True, required=True)}
        )
    return _pages[item_schema]


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, str]:
    """webargs/marshmallow error messages as the contract's `details.fields` (field → message)."""
    if isinstance(messages, dict):
        out: dict[str, str] = {}
        for key, value in messages.items():
            if key in ("json", "query", "form", "files", "view_args") and not prefix:
                out.update(flatten_messages(value, ""))
                continue
            name = "_schema" if key == "_schema" else str(key)
            out.update(flatten_messages(value, f"{prefix}.{name}" if prefix else name))
        return out
    if isinstance(messages, list | tuple):
        if messages and all(isinstance(m, str) or hasattr(m, "__html__") for m in messages):
            return {prefix or "_schema": str(messages[0])}
        out = {}
        for value in messages:
            out.update(flatten_messages(value, prefix))
        return out
    return {prefix or "_schema": str(messages)}


__all__ = [
    "MAX_BIGINT",
    "MAX_INT",
    "MAX_ITEMS",
    "MAX_TEXT",
    "MESSAGES",
    "MAX_PER_PAGE",
    "ApiSchema",
    "Bool",
    "Computed",
    "Count",
    "Day",
    "Dict",
    "Enum",
    "Float",
    "Id",
    "Int",
    "LenientSchema",
    "List",
    "Moment",
    "Nested",
    "OPTION_IDS",
    "OneOf",
    "OptionIds",
    "PageArgs",
    "PageSchema",
    "QueryInt",
    "Text",
    "ValidationError",
    "flatten_messages",
    "page_of",
]
