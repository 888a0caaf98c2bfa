"""Undoing an import: its questions go, unless one is used in a round; once only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict
from contest.core.extensions import db
from questions.imports import services, undo
from questions.models import Question, QuestionImport, QuestionOption, QuestionVersion
from tests.questions.imports.test_services import SMALL, count, sample, valid_row, write_bank


def test_undo_deletes_the_imports_questions_versions_and_options(app, now):
    outcome = services.commit_import(sample(SMALL), SMALL.name)
    db.session.commit()
    undo.undo_import(outcome.record.id)
    db.session.commit()
    assert (count(Question), count(QuestionVersion), count(QuestionOption)) == (0, 0, 0)
    record = db.session.get(QuestionImport, outcome.record.id)
    assert record.undone_at == now()
    assert "question_import.undo" in db.session.scalars(select(AuditEntry.action)).all()


def test_undo_is_refused_once_a_question_was_used_in_a_round(app, now):
    outcome = services.commit_import(sample(SMALL), SMALL.name)
    db.session.commit()
    question = db.session.scalars(select(Question)).first()
    question.used_at = now()
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        undo.undo_import(outcome.record.id)
    db.session.rollback()
    assert refused.value.code == "import_in_use"
    assert refused.value.status == 409
    assert "tuần thi" in refused.value.message
    assert count(Question) == 26
    assert db.session.get(QuestionImport, outcome.record.id).undone_at is None
    assert undo.undoable_imports([outcome.record.id]) == set()


def test_an_import_cannot_be_undone_twice(app):
    outcome = services.commit_import(sample(SMALL), SMALL.name)
    db.session.commit()
    undo.undo_import(outcome.record.id)
    db.session.commit()
    with pytest.raises(Conflict) as refused:
        undo.undo_import(outcome.record.id)
    assert refused.value.code == "import_already_undone"


def test_undo_leaves_other_imports_alone(app, tmp_path):
    first = services.commit_import(write_bank(tmp_path, [valid_row(1)], "a.xlsx"), "a.xlsx")
    second = services.commit_import(write_bank(tmp_path, [valid_row(2)], "b.xlsx"), "b.xlsx")
    db.session.commit()
    undo.undo_import(first.record.id)
    db.session.commit()
    assert db.session.scalars(select(Question.import_id)).all() == [second.record.id]
