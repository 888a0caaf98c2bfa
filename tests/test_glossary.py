"""One Vietnamese glossary (docs/glossary.md), used everywhere.

The glossary's table is read here; a forbidden synonym is flagged in the templates, in the
strings of the code (docstrings aside: they explain the domain and may name other words) and in
the message catalog; and where a message uses a term, its English translation must use the
term's English word, and never one of the English words the glossary rules out.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOG = ROOT / "contest" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
CORE_TERMS = {
    "thí sinh",
    "ban tổ chức",
    "ban giám khảo",
    "tuần thi",
    "đáp án",
    "câu trả lời",
    "căn cứ pháp lý",
    "câu hỏi dự đoán",
    "bảng xếp hạng",
    "giải thưởng",
}


@dataclass(frozen=True)
class Term:
    vietnamese: str
    english: tuple[str, ...]
    forbidden: tuple[str, ...]
    forbidden_english: tuple[str, ...]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cells(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _nfc(value).split(";") if part.strip())


def read_glossary(markdown: str) -> list[Term]:
    """The rows of the glossary's table: term | English | forbidden | English not to use | …"""
    terms = []
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 4 or set(cells[0]) <= {"-", " "}:
            continue
        if cells[0] == "Thuật ngữ":
            continue
        terms.append(Term(_nfc(cells[0]), *(_cells(cell) for cell in cells[1:4])))
    return terms


@cache
def glossary() -> tuple[Term, ...]:
    return tuple(read_glossary(GLOSSARY.read_text(encoding="utf-8")))


def whole_word(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)


def forbidden_uses(text: str, terms: tuple[Term, ...] | list[Term]) -> list[str]:
    """The forbidden synonyms written in the text."""
    text = _nfc(text)
    return [
        phrase for term in terms for phrase in term.forbidden if whole_word(phrase).search(text)
    ]


def terms_in(message: str, terms: tuple[Term, ...] | list[Term]) -> list[Term]:
    """The glossary's terms a message uses; a term inside a longer one counts as the longer."""
    text = _nfc(message)
    found = []
    for term in sorted(terms, key=lambda t: len(t.vietnamese), reverse=True):
        pattern = whole_word(term.vietnamese)
        if pattern.search(text):
            found.append(term)
            text = pattern.sub(" ¶ ", text)
    return found


def untranslated_terms(message: str, english: str, terms) -> list[str]:
    """The terms of a message whose English word the translation does not use."""
    return [
        term.vietnamese
        for term in terms_in(message, terms)
        if term.english and not any(word.lower() in english.lower() for word in term.english)
    ]


def python_strings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every string constant of a module, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def source_files() -> Iterator[Path]:
    for package in ("contest", "questions"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "translations" not in path.parts:
                yield path


def templates() -> Iterator[Path]:
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.suffix in TEMPLATE_SUFFIXES:
            yield path


@cache
def catalog():
    with CATALOG.open("rb") as po_file:
        return [m for m in read_po(po_file) if m.id and isinstance(m.id, str)]


# --- the glossary and its reader --------------------------------------------------------------


def test_the_glossary_defines_the_core_terms_with_their_english():
    defined = {term.vietnamese: term for term in glossary()}

    assert set(defined) >= CORE_TERMS
    assert all(defined[name].english for name in CORE_TERMS)


def test_a_synonym_is_found_as_a_whole_word_whatever_its_case():
    terms = glossary()

    assert forbidden_uses("Tổng số người dự thi", terms) == ["người dự thi"]
    assert forbidden_uses("Đợt thi thứ hai", terms) == ["đợt thi"]
    assert forbidden_uses("Liên hệ BTC", terms) == ["BTC"]
    assert forbidden_uses("mã BTCX", terms) == []
    assert forbidden_uses("Thí sinh dự thi tuần thi thứ hai", terms) == []


def test_a_term_inside_a_longer_term_is_checked_as_the_longer_one():
    terms = glossary()

    assert untranslated_terms("Câu hỏi nhiều đáp án", "Multiple-choice question", terms) == []
    assert untranslated_terms("Chưa chọn đáp án đúng.", "No option selected.", terms) == ["đáp án"]


# --- the code, the pages and the catalog use it -------------------------------------------------


def test_templates_use_no_forbidden_synonym():
    flagged = [
        f"{path.relative_to(ROOT)}:{number}: {phrase}"
        for path in templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for phrase in forbidden_uses(line, glossary())
    ]
    assert flagged == []


def test_strings_in_the_code_use_no_forbidden_synonym():
    flagged = [
        f"{path.relative_to(ROOT)}:{number}: {phrase}"
        for path in source_files()
        for number, text in python_strings(path)
        for phrase in forbidden_uses(text, glossary())
    ]
    assert flagged == []


def test_messages_use_no_forbidden_synonym():
    flagged = [(m.id, phrase) for m in catalog() for phrase in forbidden_uses(m.id, glossary())]
    assert flagged == []


def test_english_translations_use_each_terms_english_word():
    flagged = [
        (m.id, m.string, missing)
        for m in catalog()
        if isinstance(m.string, str) and m.string
        if (missing := untranslated_terms(m.id, m.string, glossary()))
    ]
    assert flagged == []


def test_english_translations_use_no_word_the_glossary_rules_out():
    flagged = [
        (m.id, m.string, word)
        for m in catalog()
        if isinstance(m.string, str)
        for term in glossary()
        for word in term.forbidden_english
        if whole_word(word).search(m.string)
    ]
    assert flagged == []
