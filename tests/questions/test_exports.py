"""Exporting the bank: an export imports back exactly as it was."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from questions.imports import services, undo
from questions.models import Difficulty, Question, QuestionType
from questions.services import OptionInput, QuestionInput, create_question
from tests.questions.importer.builders import SAMPLES

SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"


def sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample bank {path.name} is not in ../shared/samples")
    return path


def snapshot() -> list[tuple]:
    """Everything a question's current version says, in bank order."""
    rows = []
    for question in db.session.scalars(select(Question).order_by(Question.id)):
        version = question.current
        options = tuple((o.label, o.text, o.is_correct) for o in version.options)
        rows.append(
            (
                version.text,
                question.qtype,
                options,
                question.topic.name,
                question.difficulty,
                version.legal_basis,
                version.explanation,
                version.accepted_answers or [],
                version.ignore_diacritics,
                version.points,
                question.fingerprint,
            )
        )
    return rows


def test_export_then_import_is_lossless(app):
    from questions.exports import export_bank
    from questions.search import QuestionFilters

    first = services.commit_import(sample(SMALL), SMALL.name)
    db.session.commit()
    original = snapshot()
    exported = io.BytesIO()
    export_bank(QuestionFilters(), exported)
    again = services.commit_import(exported.getvalue(), "export.xlsx")
    assert (again.imported, again.report.duplicates) == (0, 26)
    undo.undo_import(first.record.id)
    db.session.commit()
    restored = services.commit_import(exported.getvalue(), "export.xlsx")
    db.session.commit()
    assert restored.imported == 26
    assert snapshot() == original


def every_type() -> None:
    """One question of each type, with and without their own points, typed in the editor."""
    bank = [
        QuestionInput(
            "Hiến pháp hiện hành năm nào?",
            QuestionType.SINGLE,
            [OptionInput("1992", False), OptionInput("2013", True)],
            "Hiến pháp",
            Difficulty.EASY,
            legal_basis="Hiến pháp năm 2013",
            points=2.5,
        ),
        QuestionInput(
            "Cơ quan nào do Quốc hội bầu?",
            QuestionType.MULTIPLE,
            [OptionInput("Chính phủ", True), OptionInput("UBND", False), OptionInput("HĐBC", True)],
            "Hiến pháp",
            Difficulty.HARD,
            explanation="Điều 70.",
        ),
        QuestionInput(
            "Luật là bắt buộc chung.",
            QuestionType.TRUE_FALSE,
            [OptionInput("Đúng", True), OptionInput("Sai", False)],
            "Pháp luật đại cương",
            Difficulty.MEDIUM,
        ),
        QuestionInput(
            "Cơ quan quyền lực nhà nước cao nhất là ___?",
            QuestionType.FILL_IN,
            [],
            "Hiến pháp",
            Difficulty.MEDIUM,
            answers=["Quốc hội", "Quốc Hội Việt Nam"],
            ignore_diacritics=True,
            points=0.5,
        ),
        QuestionInput(
            "Tuổi thành niên là bao nhiêu?",
            QuestionType.FILL_IN,
            [],
            "Dân sự",
            Difficulty.EASY,
            answers=["18", "18 tuổi"],
        ),
    ]
    for data in bank:
        create_question(data)
    db.session.commit()


def test_export_then_import_is_lossless_for_every_type_and_points(app):
    from questions.exports import export_bank
    from questions.search import QuestionFilters

    every_type()
    original = snapshot()
    exported = io.BytesIO()
    export_bank(QuestionFilters(), exported)
    again = services.commit_import(exported.getvalue(), "export.xlsx")
    assert (again.imported, again.report.duplicates, again.report.errors) == (0, 5, [])
    for question in db.session.scalars(select(Question)):
        db.session.delete(question)
    db.session.commit()
    restored = services.commit_import(exported.getvalue(), "export.xlsx")
    db.session.commit()
    assert restored.imported == 5
    assert snapshot() == original
