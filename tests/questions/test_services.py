"""Question services: editing makes versions, validation, retire and restore, search text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from contest.core.audit import AuditEntry
from contest.core.errors import Conflict, InvalidInput
from contest.core.extensions import db
from questions import services
from questions.models import Difficulty, QuestionOption, QuestionType, QuestionVersion
from questions.services import OptionInput, QuestionInput
from tests.factories.questions import LAW_DAY, gen_question_from
from tests.questions.importer.builders import SAMPLES


def test_edit_creates_a_new_version_and_keeps_the_old_one_intact(app):
    question = gen_question_from()
    old_version = question.current
    old_options = [(o.id, o.text, o.is_correct) for o in old_version.options]
    edited = replace(
        LAW_DAY,
        text="Ngày Pháp luật nước CHXHCN Việt Nam là ngày nào?",
        options=[
            OptionInput("Ngày 9/11", True),
            OptionInput("Ngày 2/9", False),
            OptionInput("Ngày 1/1", False),
        ],
        topic="Hiến pháp",
        difficulty=Difficulty.MEDIUM,
    )
    assert services.edit_question(question, edited, note="Rõ tên nước", editor_id=None)
    db.session.commit()
    assert question.version == 2
    assert question.current.number == 2
    assert question.current.text == edited.text
    assert question.current.change_note == "Rõ tên nước"
    assert (question.topic.name, question.difficulty) == ("Hiến pháp", Difficulty.MEDIUM)
    old = db.session.get(QuestionVersion, old_version.id)
    assert old.text == LAW_DAY.text
    assert old.topic.name == "Phổ biến pháp luật"
    assert [(o.id, o.text, o.is_correct) for o in old.options] == old_options
    new_ids = {o.id for o in question.current.options}
    assert new_ids.isdisjoint(o[0] for o in old_options)
    assert db.session.scalars(select(AuditEntry.action)).all() == ["question.edit"]


def test_edit_keeps_fingerprint_and_search_text_current(app):
    question = gen_question_from()
    old_fingerprint = question.fingerprint
    services.edit_question(question, replace(LAW_DAY, text="Luật Đất đai quy định gì?"))
    assert question.fingerprint != old_fingerprint
    assert question.fingerprint == services.question_fingerprint(
        replace(LAW_DAY, text="Luật Đất đai quy định gì?")
    )
    assert "luat dat dai" in question.search_text
    assert "phap luat viet nam" not in question.search_text


def test_an_edit_that_changes_nothing_creates_no_version(app):
    question = gen_question_from()
    assert not services.edit_question(question, replace(LAW_DAY, text=f"  {LAW_DAY.text} "))
    assert question.version == 1
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_an_edit_based_on_a_stale_version_is_refused(app):
    question = gen_question_from()
    services.edit_question(question, replace(LAW_DAY, text="Phiên bản hai?"))
    with pytest.raises(Conflict) as refused:
        services.edit_question(question, replace(LAW_DAY, text="Phiên bản ba?"), expected_version=1)
    assert refused.value.code == "version_conflict"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "  "}, "text"),
        ({"options": [OptionInput("Một", True)]}, "options"),
        ({"options": [OptionInput("Một", False), OptionInput("Hai", False)]}, "options"),
        ({"options": [OptionInput("Một", True), OptionInput("Hai", True)]}, "options"),
        (
            {
                "qtype": QuestionType.TRUE_FALSE,
                "options": [OptionInput("Đúng", True)]
                + [OptionInput(str(n), False) for n in range(2)],
            },
            "options",
        ),
        ({"topic": ""}, "topic"),
        ({"topic": "Chủ đề " * 40}, "topic"),
    ],
)
def test_an_invalid_edit_changes_nothing(app, changes, field):
    question = gen_question_from()
    with pytest.raises(InvalidInput) as refused:
        services.edit_question(question, replace(LAW_DAY, **changes))
    assert field in refused.value.details["fields"]
    db.session.rollback()
    assert question.version == 1
    assert db.session.scalar(select(QuestionVersion.id).where(QuestionVersion.number == 2)) is None


def test_multiple_choice_question_may_have_several_correct_options(app):
    question = gen_question_from()
    options = [OptionInput("Một", True), OptionInput("Hai", True), OptionInput("Ba", False)]
    services.edit_question(question, replace(LAW_DAY, qtype=QuestionType.MULTIPLE, options=options))
    assert question.qtype == QuestionType.MULTIPLE
    assert [o.is_correct for o in question.current.options] == [True, True, False]


def test_retire_and_restore_toggle_active_and_are_audited(app):
    question = gen_question_from()
    assert services.set_active(question, False)
    assert not question.active
    assert not services.set_active(question, False)  # already retired: nothing to do
    assert services.set_active(question, True)
    assert question.active
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["question.retire", "question.restore"]


def test_new_options_are_stored_in_order_with_letters(app):
    question = gen_question_from()
    rows = db.session.scalars(
        select(QuestionOption)
        .where(QuestionOption.version_id == question.current.id)
        .order_by(QuestionOption.position)
    ).all()
    assert [(o.position, o.label) for o in rows] == [(0, "A"), (1, "B")]


def test_search_fold_is_fold(app):

    from questions.importer import parse_workbook
    from questions.importer.text import fold

    texts = [
        "Điều 8 – “Luật” ĐẤT ĐAI",
        "ascii only",
        "Ωμέγα và tiếng Việt",
        "Æ ß ﬁ",
        "  Nhiều   khoảng  ",
    ]
    sample = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
    if sample.exists():
        for q in parse_workbook(sample, sample.name).questions:
            texts += [
                q.text,
                *(o.text for o in q.options),
                q.legal_basis or "",
                q.explanation or "",
            ]
    for text in texts:
        assert services.search_fold(text) == fold(text), text


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("text", {"text": "x" * 2001}),
        ("legal_basis", {"legal_basis": "x" * 4001}),
        ("explanation", {"explanation": "x" * 4001}),
        ("options", {"options": [OptionInput("x" * 1001, True), OptionInput("Sai", False)]}),
    ],
)
def test_editor_applies_the_importers_length_limits(app, field, changes):
    data = replace(
        QuestionInput(
            text="Câu hỏi?",
            qtype=QuestionType.SINGLE,
            options=[OptionInput("Đúng", True), OptionInput("Sai", False)],
            topic="Hiến pháp",
            difficulty=Difficulty.EASY,
        ),
        **changes,
    )
    with pytest.raises(InvalidInput) as error:
        services.validate_question(data)
    assert field in error.value.details["fields"]


FILL_IN = QuestionInput(
    text="Thủ đô của Việt Nam là ___?",
    qtype=QuestionType.FILL_IN,
    options=[],
    topic="Địa lý hành chính",
    difficulty=Difficulty.EASY,
    answers=["Hà Nội", "Thành phố Hà Nội"],
    ignore_diacritics=True,
    points=2.0,
)


def test_a_fill_in_question_stores_its_answers_flag_and_points_in_the_version(app):
    question = gen_question_from(FILL_IN)
    version = question.current
    assert (version.qtype, version.options) == (QuestionType.FILL_IN, [])
    assert (version.accepted_answers, version.ignore_diacritics, version.points) == (
        ["Hà Nội", "Thành phố Hà Nội"],
        True,
        2.0,
    )
    assert "thanh pho ha noi" in question.search_text


def test_editing_fill_in_answers_makes_a_version_and_keeps_the_old_answers(app):
    question = gen_question_from(FILL_IN)
    first = question.current.id
    assert services.edit_question(question, replace(FILL_IN, answers=["Hà Nội"], points=None))
    db.session.commit()
    assert (question.version, question.current.accepted_answers) == (2, ["Hà Nội"])
    assert question.current.points is None
    assert db.session.get(QuestionVersion, first).accepted_answers == ["Hà Nội", "Thành phố Hà Nội"]
    assert not services.edit_question(
        question, replace(FILL_IN, answers=["  Hà Nội "], points=None)
    )


def test_the_ignore_diacritics_flag_is_only_kept_for_fill_in_questions(app):
    question = gen_question_from(LAW_DAY, ignore_diacritics=True, points=3.0)
    assert (question.current.ignore_diacritics, question.current.points) == (False, 3.0)
    assert question.current.accepted_answers is None


def test_a_question_added_in_the_editor_is_audited(app):
    question = services.add_question(FILL_IN, created_by_id=None)
    db.session.commit()
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "question.create")
    ).one()
    assert (entry.object_type, entry.object_id) == ("question", str(question.id))
    assert entry.after == {"version": 1, "type": "fill_in", "topic": "Địa lý hành chính"}
