"""Moodle XML question banks: multichoice (single and multiple), truefalse and shortanswer.

Categories become topics, general feedback the explanation, answer fractions the keys, a
default grade other than 1 the points; HTML is reduced to plain text by the standard library's
tokenizer (nothing is fetched or run). Defends against entity expansion and external entities
(defusedxml refuses any DTD), oversized files and absurd question counts.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Container, Mapping
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from questions.importer.answers import STORED_TYPES
from questions.importer.errors import INVALID_WORKBOOK, UNSAFE_WORKBOOK, workbook_error
from questions.importer.formats.drafts import Draft, parse_drafts
from questions.importer.reader import load_upload
from questions.importer.report import ParseReport
from questions.importer.safety.limits import Refusal
from questions.importer.text import fold

MAX_QUESTIONS = 50_000
_TYPES = {"truefalse": "Đúng/Sai", "shortanswer": "Điền từ", "numerical": "Điền từ"}
_SKIPPED = {"category", "description"}
_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4"}
_DIFFICULTY_TAGS = {"muc do", "do kho", "difficulty"}
_DIACRITICS_TAGS = {"bo qua dau", "khong dau", "ignore diacritics"}


def parse_moodle(
    data: bytes | str | os.PathLike[str],
    filename: str,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    known_fingerprints: Container[str] = frozenset(),
    accept_types: Collection[str] = STORED_TYPES,
    codes: Mapping[str, Mapping[str, str]] | None = None,
) -> ParseReport:
    """Read a Moodle XML export; raise WorkbookError when the file itself is unusable."""
    root = _root(data, filename, max_bytes)
    drafts, topic = [], ""
    questions = root.findall("question")
    if len(questions) > MAX_QUESTIONS:
        reason = f"tệp có hơn {MAX_QUESTIONS:,} câu hỏi".replace(",", ".")
        raise workbook_error(UNSAFE_WORKBOOK, filename=filename, reason=reason)
    for element in questions:
        kind = element.get("type", "")
        if kind == "category":
            topic = _category(_text(element, "category"))
        elif kind not in _SKIPPED:
            drafts.append(_draft(element, kind, len(drafts) + 1, topic))
    if not drafts:
        reason = "không có câu hỏi Moodle nào"
        raise workbook_error(INVALID_WORKBOOK, filename=filename, reason=reason)
    return parse_drafts(
        drafts,
        filename,
        kind="moodle",
        where="Câu hỏi thứ",
        known_fingerprints=known_fingerprints,
        accept_types=accept_types,
        codes=codes,
    )


def _root(data: bytes | str | os.PathLike[str], filename: str, max_bytes: int) -> Element:
    try:
        raw = load_upload(data, max_bytes)
    except Refusal as refusal:
        raise workbook_error(refusal.code, filename=filename, reason=refusal.reason) from None
    try:
        root = fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        reason = "tệp XML chứa khai báo DTD/ENTITY"
        raise workbook_error(UNSAFE_WORKBOOK, filename=filename, reason=reason) from None
    except (ParseError, ValueError):
        reason = "tệp XML bị hỏng"
        raise workbook_error(INVALID_WORKBOOK, filename=filename, reason=reason) from None
    if root.tag != "quiz":
        reason = "tệp XML không phải ngân hàng câu hỏi Moodle (thiếu thẻ <quiz>)"
        raise workbook_error(INVALID_WORKBOOK, filename=filename, reason=reason)
    return root


def _draft(element: Element, kind: str, number: int, topic: str) -> Draft:
    text = _text(element, "questiontext")
    name = _text(element, "name")
    draft = Draft(text, number, name or text, topic=topic, number=number)
    draft.explanation = _text(element, "generalfeedback")
    grade = (element.findtext("defaultgrade") or "").strip()
    if grade and _number(grade) not in (None, 1.0):
        draft.points = grade
    _read_tags(element, draft)
    answers = [(_text(answer), _fraction(answer)) for answer in element.findall("answer")]
    if kind in ("shortanswer", "numerical"):
        draft.qtype = _TYPES[kind]
        draft.fill_answers = "|".join(text for text, fraction in answers if fraction > 0)
        return draft
    if kind == "truefalse":
        answers = [("Đúng" if text.lower() == "true" else "Sai", f) for text, f in answers]
        draft.qtype = _TYPES[kind]
    elif kind == "multichoice":
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        draft.qtype = "Một đáp án" if single else "Nhiều đáp án"
    else:
        draft.qtype = kind  # reported as a type the bank does not know
    draft.options = [text for text, _ in answers]
    draft.feedback = [_text(answer, "feedback") for answer in element.findall("answer")]
    draft.key = ", ".join(chr(ord("A") + i) for i, (_, f) in enumerate(answers) if f > 0)
    return draft


def _read_tags(element: Element, draft: Draft) -> None:
    """Tags a ThiLuat export writes for what Moodle has no field for: difficulty, diacritics."""
    for tag in element.findall("tags/tag"):
        words = _text(tag)
        name, _colon, value = words.partition(":")
        if fold(name).strip() in _DIFFICULTY_TAGS and value.strip():
            draft.difficulty = value.strip()
        elif fold(words).strip() in _DIACRITICS_TAGS:
            draft.ignore_diacritics = "Có"


def _text(element: Element, child: str | None = None) -> str:
    node = element.find(child) if child else element
    if node is None:
        return ""
    inner = node.find("text")
    raw = (inner.text if inner is not None else node.text) or ""
    return _plain(raw) if node.get("format", "html") in ("html", "moodle_auto_format") else raw


def _plain(markup: str) -> str:
    if "<" not in markup and "&" not in markup:
        return " ".join(markup.split())
    stripper = _Stripper()
    stripper.feed(markup)
    stripper.close()
    return " ".join("".join(stripper.parts).split())


class _Stripper(HTMLParser):
    """Text content of HTML, with a space where a block or line break was."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(self.hidden - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def _category(path: str) -> str:
    # "//" is a slash inside a category name; a single "/" separates the levels.
    path = path.replace("//", "\x00")
    parts = [part.replace("\x00", "/") for part in path.split("/")]
    parts = [part for part in parts if part and not part.startswith("$")]
    parts = [part for part in parts if part.lower() not in ("top", "default", "mặc định")]
    return parts[-1].strip() if parts else ""


def _fraction(answer: Element) -> float:
    return _number(answer.get("fraction", "0")) or 0.0


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
