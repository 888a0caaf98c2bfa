"""Exporting the bank (or a filtered part) as Moodle XML, which Moodle and ThiLuat both import.

Topics become categories, explanations general feedback, points the default grade; single and
multiple choice are multichoice (a multiple-answer key scores right − wrong choices, as the
round's partial scoring does), true/false is truefalse and fill-in shortanswer. Difficulty and
the ignore-diacritics setting, which Moodle has no field for, travel as tags that the importer
reads back; the legal basis has no place in Moodle and is left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.core.extensions import db
from questions.exports.template import DIFFICULTY_NAMES
from questions.importer.answers import true_false_pair
from questions.models import Question, QuestionType, QuestionVersion, Topic
from questions.search import QuestionFilters, apply_filters

XML_MIMETYPE = "application/xml"
IGNORE_DIACRITICS_TAG = "Bỏ qua dấu"
DIFFICULTY_TAG = "Mức độ: {}"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAME_LENGTH = 80
_YIELD_PER = 500


def export_moodle(filters: QuestionFilters, target: BinaryIO) -> None:
    """Write the filtered bank to target as a Moodle XML quiz file, topic by topic."""
    query = (
        select(Question)
        .join(Topic, Topic.id == Question.topic_id)
        .options(selectinload(Question.current).selectinload(QuestionVersion.options))
        .order_by(Topic.name, Question.id)
        .execution_options(yield_per=_YIELD_PER)
    )
    questions = db.session.scalars(apply_filters(query, filters))
    for chunk in moodle_xml(questions):
        target.write(chunk.encode("utf-8"))


def export_filename(filters: QuestionFilters) -> str:
    return "ngan-hang-cau-hoi-loc.xml" if filters.query_args() else "ngan-hang-cau-hoi.xml"


def moodle_xml(questions: Iterable[Question]) -> Iterator[str]:
    """The quiz file's text, a question (and each change of topic) at a time."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    topic = None
    for question in questions:
        if question.topic.name != topic:
            topic = question.topic.name
            path = "$course$/top/" + topic.replace("/", "//")
            yield f'  <question type="category">\n    <category>{_text(path)}</category>\n'
            yield "  </question>\n"
        yield _question(question)
    yield "</quiz>\n"


def _question(question: Question) -> str:
    version = question.current
    kind, answers = _answers(version)
    name = " ".join(version.text.split())
    if len(name) > _NAME_LENGTH:
        name = name[: _NAME_LENGTH - 1] + "…"
    lines = [
        f'  <question type="{kind}">',
        f"    <name>{_text(name)}</name>",
        f'    <questiontext format="html">{_html(version.text)}</questiontext>',
        f'    <generalfeedback format="html">{_html(version.explanation or "")}</generalfeedback>',
        f"    <defaultgrade>{_number(version.points or 1.0)}</defaultgrade>",
        "    <penalty>0</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>thiluat-{question.id}</idnumber>",
    ]
    if kind == "multichoice":
        single = "true" if version.qtype != QuestionType.MULTIPLE else "false"
        lines += [f"    <single>{single}</single>", "    <shuffleanswers>true</shuffleanswers>"]
        lines.append("    <answernumbering>ABCD</answernumbering>")
    elif kind == "shortanswer":
        lines.append("    <usecase>0</usecase>")
    lines += answers
    lines.append(_tags(version))
    lines.append("  </question>\n")
    return "\n".join(lines)


def _answers(version: QuestionVersion) -> tuple[str, list[str]]:
    """The Moodle type and its answer elements, each with its fraction of the grade."""
    if version.qtype == QuestionType.FILL_IN:
        return "shortanswer", [
            f'    <answer fraction="100" format="moodle_auto_format">{_text(answer)}</answer>'
            for answer in version.accepted_answers or ()
        ]
    options = list(version.options)
    texts = [option.text for option in options]
    pair = true_false_pair(texts) if version.qtype == QuestionType.TRUE_FALSE else None
    if pair is not None:
        return "truefalse", [
            _answer(options[index], "true" if index == pair[0] else "false", plain=True)
            for index in pair
        ]
    right = sum(option.is_correct for option in options) or 1
    fractions = {True: 100 / right, False: -100 / right}
    if version.qtype != QuestionType.MULTIPLE:
        fractions = {True: 100, False: 0}
    return "multichoice", [
        _answer(option, option.text, fraction=fractions[option.is_correct]) for option in options
    ]


def _answer(option, text: str, *, fraction: float | None = None, plain: bool = False) -> str:
    if fraction is None:
        fraction = 100 if option.is_correct else 0
    body = _text(text) if plain else _html(text)
    feedback = f'<feedback format="html">{_html(option.feedback or "")}</feedback>'
    kind = "moodle_auto_format" if plain else "html"
    return f'    <answer fraction="{_number(fraction)}" format="{kind}">{body}{feedback}</answer>'


def _tags(version: QuestionVersion) -> str:
    tags = [DIFFICULTY_TAG.format(DIFFICULTY_NAMES[version.difficulty.value])]
    if version.qtype == QuestionType.FILL_IN and version.ignore_diacritics:
        tags.append(IGNORE_DIACRITICS_TAG)
    inner = "".join(f"<tag>{_text(tag)}</tag>" for tag in tags)
    return f"    <tags>{inner}</tags>"


def _text(value: str) -> str:
    """A <text> element holding value as XML character data."""
    clean = _NOT_XML.sub("", value).replace("&", "&amp;").replace("<", "&lt;")
    return "<text>" + clean.replace(">", "&gt;") + "</text>"


def _html(value: str) -> str:
    """A <text> element holding value as HTML (escaped, line breaks kept as <br>)."""
    return _text(html.escape(value, quote=False).replace("\r\n", "\n").replace("\n", "<br>"))


def _number(value: float) -> str:
    """Moodle's fractions and grades: 100, 33.33333, -50, 1.5."""
    return f"{value:.5f}".rstrip("0").rstrip(".")
