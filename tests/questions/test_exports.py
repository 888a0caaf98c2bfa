"""Exporting the bank: an export imports back exactly as it was."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from questions.imports import services, undo
from questions.models import Question
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
