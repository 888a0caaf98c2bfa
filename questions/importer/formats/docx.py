"""Word question lists (.docx), the way departments publish them, read with python-docx.

Numbered questions ("Câu 1.", "Câu 1:", "1."), options "A." to "F." (or "a)") on their own
lines or several on one line; the key on an "Đáp án: B" line, marked by bold, underline, colour
or highlight on the right option, or in an answer table (or "ĐÁP ÁN" section) at the end;
headings become topics. Defends against hostile documents like workbooks: the zip container is
scanned (sizes, ratios, DTDs, paragraph count) before python-docx opens it.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Collection, Container, Mapping

import docx
from docx.table import Table

from questions.importer.answers import STORED_TYPES
from questions.importer.errors import INVALID_WORKBOOK, workbook_error
from questions.importer.formats.docx_keys import (
    answer_section_heading,
    keys_from_paragraph,
    keys_from_table,
    marked_letters,
)
from questions.importer.formats.drafts import Draft, parse_drafts
from questions.importer.reader import load_upload
from questions.importer.report import ParseReport
from questions.importer.safety.limits import Refusal
from questions.importer.safety.zipscan import ZIP_MAGIC, check_docx
from questions.importer.text import fold

_QUESTION = re.compile(r"(?:c[aâ]u|question|b[aà]i)\s*(\d{1,5})\s*[.:)\-]\s*(.*)", re.I | re.S)
_NUMBERED = re.compile(r"(\d{1,5})\s*[.)]\s+(.*)", re.S)
_OPTION = re.compile(r"\(?([A-Fa-f])\s*[.)]\s*(.*)", re.S)
_KEY = re.compile(r"(?:đáp án(?: đúng)?|đa|answer|key)\s*[:.\-]\s*(.*)", re.I | re.S)
_META = {
    "difficulty": ("muc do", "do kho"),
    "legal_basis": ("can cu phap ly", "can cu", "co so phap ly"),
    "explanation": ("giai thich", "loi giai"),
    "qtype": ("loai cau hoi", "loai"),
    "points": ("diem",),
    "topic": ("chu de", "linh vuc"),
}
_META_LINE = re.compile(r"([^:]{2,20}):\s*(.*)", re.S)
_HEADING_STYLES = ("heading", "title", "tieu de", "chuong", "muc")


def parse_docx(
    data: bytes | str | os.PathLike[str],
    filename: str,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    known_fingerprints: Container[str] = frozenset(),
    accept_types: Collection[str] = STORED_TYPES,
    codes: Mapping[str, Mapping[str, str]] | None = None,
) -> ParseReport:
    """Read a Word question list; raise WorkbookError when the file itself is unusable."""
    document = _open(data, filename, max_bytes)
    reader = _Reader(_style_names(document))
    reader.read(document)
    if not reader.drafts:
        raise workbook_error(
            INVALID_WORKBOOK,
            filename=filename,
            reason='không thấy câu hỏi nào đánh số "Câu 1." hoặc "1." trong văn bản',
        )
    reader.settle_keys()
    return parse_drafts(
        reader.drafts,
        filename,
        kind="docx",
        where="Đoạn",
        known_fingerprints=known_fingerprints,
        accept_types=accept_types,
        codes=codes,
    )


def _open(data: bytes | str | os.PathLike[str], filename: str, max_bytes: int) -> object:
    try:
        raw = load_upload(data, max_bytes)
        if not raw.startswith(ZIP_MAGIC):
            raise Refusal(INVALID_WORKBOOK, "nội dung không phải văn bản Word (.docx)")
        check_docx(raw)
    except Refusal as refusal:
        raise workbook_error(refusal.code, filename=filename, reason=refusal.reason) from None
    try:
        return docx.Document(io.BytesIO(raw))
    except Exception:  # noqa: BLE001 - python-docx raises many types; any means unreadable
        reason = "không đọc được văn bản Word"
        raise workbook_error(INVALID_WORKBOOK, filename=filename, reason=reason) from None


def _style_names(document: object) -> dict[str, str]:
    return {style.style_id: fold(style.name or "") for style in document.styles}  # type: ignore[attr-defined]


class _Reader:
    """Walks the paragraphs and tables in order, building one Draft per numbered question."""

    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.drafts: list[Draft] = []
        self.marks: dict[int, list[object]] = {}  # draft index → its option paragraphs
        self.table_keys: dict[int, str] = {}
        self.topic = ""
        self.number = 0  # paragraphs seen, as Word counts them
        self.in_answers = False

    def read(self, document: object) -> None:
        """Read every block of the body in document order."""
        for block in document.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(block, Table):
                self.table_keys.update(keys_from_table(block))
            else:
                self.number += 1
                self.paragraph(block)

    def paragraph(self, paragraph: object) -> None:
        """Classify one paragraph: heading, question, option, key, note or continuation."""
        text = paragraph.text.strip()  # type: ignore[attr-defined]
        if not text:
            return
        if answer_section_heading(text):
            self.in_answers = True
            return
        if self.in_answers:
            self.table_keys.update(keys_from_paragraph(text))
            return
        if self._heading(paragraph, text):
            self.topic = _topic_name(text)
            return
        question = _QUESTION.fullmatch(text) or _NUMBERED.fullmatch(text)
        if question is not None:
            number, body = question.groups()
            draft = Draft(body.strip(), self.number, text, topic=self.topic, number=int(number))
            self.drafts.append(draft)
            return
        if self.drafts:
            self.part(self.drafts[-1], paragraph, text)

    def part(self, draft: Draft, paragraph: object, text: str) -> None:
        """Add an option, key, note or continuation line to the current question."""
        option = _OPTION.fullmatch(text)
        if option is not None and _letter_index(option.group(1)) == len(draft.options):
            for _letter, body in _split_options(text, len(draft.options)):
                draft.options.append(body)
                draft.option_places.append(self.number)
            draft.quotes[self.number] = text
            self.marks.setdefault(len(self.drafts) - 1, []).append(paragraph)
            return
        key = _KEY.fullmatch(text)
        if key is not None:
            draft.key, draft.key_place = key.group(1).strip(), self.number
            draft.quotes[self.number] = text
            return
        meta = _META_LINE.fullmatch(text)
        name = _meta_name(meta.group(1)) if meta else None
        if meta is not None and name is not None:
            setattr(draft, name, meta.group(2).strip())
        elif draft.options:
            draft.options[-1] += " " + text
        else:
            draft.text = f"{draft.text} {text}".strip()

    def settle_keys(self) -> None:
        """Keys from an answer table or section, else from the marked options."""
        for index, draft in enumerate(self.drafts):
            if not draft.key and draft.number in self.table_keys:
                draft.key = self.table_keys[draft.number]
            if not draft.key and index in self.marks:
                draft.key = marked_letters(self.marks[index], len(draft.options))
            if not draft.options and draft.key and not draft.qtype:
                draft.qtype, draft.fill_answers, draft.key = "Điền từ", draft.key, ""

    def _heading(self, paragraph: object, text: str) -> bool:
        # The style id straight from the XML: paragraph.style looks the style up every time.
        style = self.styles.get(paragraph._p.style or "", "")  # type: ignore[attr-defined]
        if style.startswith(_HEADING_STYLES):
            return True
        if len(text) > 120 or not text.isupper():  # isupper: some letters, all capitals
            return False
        if _QUESTION.fullmatch(text) or _OPTION.fullmatch(text) or _KEY.fullmatch(text):
            return False
        runs = paragraph.runs  # type: ignore[attr-defined]
        return bool(runs) and all(run.bold for run in runs if run.text.strip())


def _topic_name(text: str) -> str:
    name = re.sub(r"^(?:phần|chương|chủ đề|mục)?\s*[IVXLC\d]+\s*[.:\-]\s*", "", text, flags=re.I)
    name = (name or text).strip(" :.")
    return name[:1] + name[1:].lower() if name.isupper() else name


def _meta_name(label: str) -> str | None:
    folded = fold(label).strip()
    return next((name for name, words in _META.items() if folded in words), None)


def _letter_index(letter: str) -> int:
    return ord(letter.upper()) - ord("A")


def _split_options(text: str, start: int) -> list[tuple[int, str]]:
    """Options on one line ("A. x   B. y"): cut at each next letter in turn."""
    parts: list[tuple[int, str]] = []
    rest, letter = text, start
    while True:
        match = _OPTION.match(rest)
        body = match.group(2) if match else rest
        nxt = chr(ord("A") + letter + 1)
        cut = re.search(rf"(?:^|\s)\(?[{nxt}{nxt.lower()}]\s*[.)]\s", body)
        if cut is None:
            parts.append((letter, body.strip()))
            return parts
        parts.append((letter, body[: cut.start()].strip()))
        rest, letter = body[cut.start() :].strip(), letter + 1
