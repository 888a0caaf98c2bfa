"""Every request's input bounded before a view reads it.

Text must be valid Unicode wherever it arrives: a lone surrogate (JSON's "\\ud800") cannot be
stored; bytes that are not UTF-8 in a query string or a url-encoded form are kept by Werkzeug as
their literal "%ED%A0%80", so the raw bytes are checked; U+FFFD is what other decoders leave of
them. Each answers 400 naming the field (the API's `details.fields`, a page's error). Numbers
read from a query string or a form stay within the database's integers (`arg_int`), and a
number too large for the database anywhere else is refused as input, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError
from werkzeug.datastructures import MultiDict

from contest.core.errors import (
    ContestError,
    InvalidInput,
    handle_contest_error,
    handle_unexpected,
)

MAX_ID = 2**31 - 1
REPLACEMENT = "\ufffd"
INVALID_TEXT = _l("Văn bản chứa ký tự không hợp lệ.")
TOO_LARGE = _l("Giá trị số quá lớn.")
TOO_LONG = _l("Văn bản quá dài.")


def is_valid_text(text: str) -> bool:
    """Whether the text can be stored as UTF-8 and came in as UTF-8."""
    if REPLACEMENT in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, string) of every key and string in a JSON document, without recursion."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where or "_schema", item
        elif isinstance(item, dict):
            for key, child in item.items():
                name = f"{where}.{key}" if where else str(key)
                yield name, key
                stack.append((name, child))
        elif isinstance(item, list):
            stack.extend((f"{where}.{i}" if where else str(i), c) for i, c in enumerate(item))


def _form_strings(data: MultiDict) -> Iterator[tuple[str, str]]:
    for key, values in data.lists():
        yield key, key
        for value in values:
            yield key, value


def _undecodable(raw: bytes) -> Iterator[tuple[str, str]]:
    """(field, "") for every name or value of a url-encoded text whose bytes are not UTF-8."""
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        for part in (name, value):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                yield unquote_to_bytes(name).decode("utf-8", "replace"), REPLACEMENT


def _json_body() -> Any:
    if not request.is_json or not request.content_length:
        return None
    try:
        return request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: not a document we accept
        raise InvalidInput(_l("Nội dung yêu cầu phải là một đối tượng JSON.")) from None


def refuse_invalid_text() -> None:
    """Answer 400 when any query, form or JSON string is not valid Unicode."""
    sources = [_undecodable(request.query_string), _form_strings(request.args)]
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        if request.mimetype == "application/x-www-form-urlencoded":
            sources.append(_undecodable(request.get_data(cache=True)))
        sources += [_form_strings(request.form), _json_strings(_json_body())]
    for source in sources:
        for field, text in source:
            if not is_valid_text(field) or not is_valid_text(text):
                name = field if is_valid_text(field) and field else "_schema"
                raise InvalidInput.for_fields({name: str(INVALID_TEXT)})


def parse_int(raw: str | None) -> int | None:
    """A whole number 0 … 2³¹−1 written in digits, or None."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 10 and int(raw) <= MAX_ID:
        return int(raw)
    return None


def arg_int(source: MultiDict, name: str, default: int | None = None) -> int | None:
    """A whole number 0 … 2³¹−1 from a query string or a form; anything else is the default."""
    value = parse_int(source.get(name))
    return default if value is None else value


def _too_large(error: Exception):
    """A number beyond the database's integers, or a text longer than its column, reached the
    database: the input was out of range (PostgreSQL checks lengths; SQLite does not)."""
    if isinstance(error, OverflowError) or "out of range" in str(error.orig):
        return handle_contest_error(ContestError(TOO_LARGE))
    if "too long" in str(error.orig):
        return handle_contest_error(ContestError(TOO_LONG))
    return handle_unexpected(error)


def init_app(app: Flask) -> None:
    # First of all: the raw body is read (and kept) before anything parses the form from it.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_invalid_text)
    app.register_error_handler(OverflowError, _too_large)
    app.register_error_handler(DataError, _too_large)
