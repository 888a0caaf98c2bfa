"""Moodle XML exports: banks move between Moodle and ThiLuat in both directions."""

from __future__ import annotations

import io

from defusedxml import ElementTree
from sqlalchemy import select

from contest.core.extensions import db
from questions.exports.moodle import export_moodle
from questions.importer import ALL_TYPES, parse_bank
from questions.imports import services
from questions.models import Difficulty, Question, QuestionType
from questions.search import QuestionFilters
from questions.services import OptionInput, QuestionInput, create_question
from tests.questions.imports import banks


def exported(filters: QuestionFilters | None = None) -> bytes:
    target = io.BytesIO()
    export_moodle(filters or QuestionFilters(), target)
    return target.getvalue()


def moodle_view(data: bytes) -> list[tuple]:
    """What a Moodle XML file says, question by question, as the importer reads it."""
    report = parse_bank(data, "quiz.xml", accept_types=ALL_TYPES)
    assert report.errors == []
    return [
        (
            q.text,
            q.qtype,
            tuple((o.text, o.is_correct, o.feedback) for o in q.options),
            q.topic,
            q.explanation,
            q.answers,
            q.points,
            q.difficulty,
            q.ignore_diacritics,
        )
        for q in report.questions
    ]


def structure(data: bytes) -> list[tuple[str, str]]:
    """(Moodle type, the category in force) of every question of the file."""
    category, seen = "", []
    for element in ElementTree.fromstring(data).findall("question"):
        if element.get("type") == "category":
            category = element.findtext("category/text")
        else:
            seen.append((element.get("type"), category))
    return seen


def test_moodle_to_thiluat_to_moodle_keeps_questions_types_keys_categories_feedback(app):
    services.commit_import(banks.MOODLE_QUIZ, "moodle.xml")
    db.session.commit()
    again = exported()
    assert sorted(moodle_view(again)) == sorted(moodle_view(banks.MOODLE_QUIZ))
    assert sorted(structure(again)) == sorted(structure(banks.MOODLE_QUIZ))


def test_thiluat_to_moodle_to_thiluat_keeps_difficulty_and_the_diacritics_setting(app):
    create_question(
        QuestionInput(
            "Thủ đô của Việt Nam là ___?",
            QuestionType.FILL_IN,
            [],
            "Địa lý",
            Difficulty.HARD,
            answers=["Hà Nội"],
            ignore_diacritics=True,
            points=2.0,
        )
    )
    create_question(
        QuestionInput(
            "Những quyền nào là quyền dân sự?",
            QuestionType.MULTIPLE,
            [
                OptionInput("Quyền sống", True),
                OptionInput("Bầu cử", False),
                OptionInput("Đi lại", True),
            ],
            "Dân sự",
            Difficulty.EASY,
        )
    )
    db.session.commit()
    data = exported()
    fill_in, multiple = sorted(moodle_view(data), key=lambda q: q[1])
    assert fill_in[1:] == ("fill_in", (), "Địa lý", None, ("Hà Nội",), 2.0, "hard", True)
    assert (multiple[1], multiple[7]) == ("multiple", "easy")
    root = ElementTree.fromstring(data)
    fractions = [a.get("fraction") for a in root.iter("answer") if a.findtext("text") != "Hà Nội"]
    assert fractions == ["50", "-50", "50"]  # right − wrong, as partial scoring counts


def test_markup_line_breaks_and_slashes_survive(app):
    create_question(
        QuestionInput(
            "a < b & c > d?\nDòng hai",
            QuestionType.SINGLE,
            [OptionInput("<b>đậm</b>", True), OptionInput("x\x0by", False)],
            "Hình sự/Tố tụng",
            Difficulty.MEDIUM,
            explanation="Điều 5 & 6",
        )
    )
    db.session.commit()
    data = exported()
    assert b"\x0b" not in data
    (text, _kind, options, topic, explanation, *_rest) = moodle_view(data)[0]
    assert (text, topic, explanation) == (
        "a < b & c > d? Dòng hai",
        "Hình sự/Tố tụng",
        "Điều 5 & 6",
    )
    assert [o[0] for o in options] == ["<b>đậm</b>", "xy"]


def test_the_export_applies_the_filters(app):
    services.commit_import(banks.MOODLE_QUIZ, "moodle.xml")
    db.session.commit()
    data = exported(QuestionFilters(topic="Dân sự"))
    assert structure(data) == [
        ("truefalse", "$course$/top/Dân sự"),
        ("shortanswer", "$course$/top/Dân sự"),
    ]
    assert db.session.scalar(select(Question.id).limit(1)) is not None
