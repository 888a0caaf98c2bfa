"""Reading a legal basis ("căn cứ pháp lý") as a law and a provision, to group what to re-read.

"Khoản 1 Điều 8 Luật Phổ biến, giáo dục pháp luật năm 2012" → law "Luật Phổ biến, giáo dục
pháp luật năm 2012", provision "Khoản 1 Điều 8". The law's name starts at the first document
type (Hiến pháp, Bộ luật, Luật, Nghị định, …) and ends with its year ("năm 2012") or its
number ("số 72/2001/QĐ-TTg"), or with its description ("… của Thủ tướng Chính phủ về …");
what comes before it, and what follows it outside brackets, is the provision. Several bases
separated by ";" are read one by one. Text naming no document type is kept whole, under no
law. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DOCUMENT_TYPE = re.compile(
    r"(?<!\w)(Hiến pháp|Bộ luật|Luật|Pháp lệnh|Nghị quyết|Nghị định|Quyết định"
    r"|Thông tư liên tịch|Thông tư|Chỉ thị)(?!\w)"
)
LAW_END = re.compile(r"\bnăm \d{4}\b|\bsố \S+[\w/]")
BRACKETS = re.compile(r"\([^()]*\)")
ARTICLE = re.compile(r"Điều (\d+)", re.IGNORECASE)
CLAUSE = re.compile(r"khoản (\d+)", re.IGNORECASE)
LINKING_WORDS = ("của", "theo", "tại", "thuộc")
# After the year or number, these words still describe the document, not a provision.
DESCRIBING_WORDS = ("của", "về", "ngày", "do", "ban")


@dataclass(frozen=True)
class Citation:
    """One legal basis read as its law (None when it names none) and provision ("" for all)."""

    law: str | None
    provision: str


def parse_legal_basis(text: str | None) -> list[Citation]:
    """Each citation in a legal-basis text (empty text: none)."""
    text = _clean(text or "")
    return [_citation(part) for part in (_clean(p) for p in text.split(";")) if part]


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).strip(" .,;")


def _citation(text: str) -> Citation:
    start = DOCUMENT_TYPE.search(text)
    if start is None:
        return Citation(None, _capitalize(text))
    rest = text[start.start() :]
    end = LAW_END.search(rest)
    cut = end.end() if end else _bracket_or_end(rest)
    law = rest[:cut].strip(" ,")
    before = _strip_linking(text[: start.start()].strip(" ,"))
    after = BRACKETS.sub("", rest[cut:]).strip(" ,")
    if after.split(" ", 1)[0].casefold() in DESCRIBING_WORDS:
        law, after = f"{law} {after}", ""
    provision = ", ".join(part for part in (before, after) if part)
    return Citation(law, _capitalize(" ".join(provision.split())))


def _bracket_or_end(text: str) -> int:
    bracket = text.find("(")
    return bracket if bracket > 0 else len(text)


def _strip_linking(text: str) -> str:
    words = text.split()
    while words and words[-1].casefold() in LINKING_WORDS:
        words.pop()
    return " ".join(words)


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def law_key(law: str | None) -> str:
    """Laws written with other capitals or spacing are the same law."""
    return " ".join((law or "").split()).casefold()


def provision_order(provision: str) -> tuple:
    """Article, then clause, in number order; provisions without an article come last."""
    article = ARTICLE.search(provision)
    clause = CLAUSE.search(provision)
    return (
        0 if article else 1,
        int(article.group(1)) if article else 0,
        int(clause.group(1)) if clause else 0,
        provision.casefold(),
    )
