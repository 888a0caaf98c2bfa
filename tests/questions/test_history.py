"""The history of a question: what changed between two versions, field by field."""

from __future__ import annotations

from dataclasses import replace

from contest.core.extensions import db
from questions import services
from questions.history import version_changes, word_diff
from questions.models import QuestionType
from questions.services import OptionInput
from tests.factories.questions import LAW_DAY, gen_question_from


def test_history_diff_names_each_changed_field(app):
    question = gen_question_from()
    services.edit_question(
        question,
        replace(
            LAW_DAY,
            text="Ngày Pháp luật nước Việt Nam là ngày nào trong năm?",
            options=[OptionInput("Ngày 9 tháng 11", False), OptionInput("Ngày 2 tháng 9", True)],
            explanation=None,
        ),
    )
    first, second = question.versions
    changes = {change.label: change for change in version_changes(first, second)}
    assert set(changes) == {"Nội dung câu hỏi", "Phương án A", "Phương án B", "Giải thích"}
    text = changes["Nội dung câu hỏi"].segments
    inserted = "".join(s.text for s in text if s.kind == "insert")
    assert "nước" in inserted
    assert "trong năm" in inserted
    assert "".join(s.text for s in text if s.kind != "delete") == second.text
    assert "".join(s.text for s in text if s.kind != "insert") == first.text
    assert changes["Phương án A"].before.endswith("✓")
    assert not changes["Phương án A"].after.endswith("✓")
    assert changes["Giải thích"].after == ""


def test_word_diff_marks_removed_and_added_words():
    segments = word_diff("Luật năm 2012", "Luật sửa đổi năm 2025")
    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "Luật"),
        ("insert", " sửa đổi"),
        ("equal", " năm "),
        ("delete", "2012"),
        ("insert", "2025"),
    ]


def test_history_names_changed_fill_in_answers_points_and_option_feedback(app):
    fill_in = replace(
        LAW_DAY, qtype=QuestionType.FILL_IN, options=[], answers=["9/11"], points=None
    )
    question = gen_question_from(fill_in)
    services.edit_question(
        question,
        replace(fill_in, answers=["9/11", "ngày 9 tháng 11"], ignore_diacritics=True, points=2.0),
    )
    db.session.commit()
    before, after = question.versions
    changes = {
        change.label: (change.before, change.after) for change in version_changes(before, after)
    }
    assert changes == {
        "Đáp án được chấp nhận": ("9/11", "9/11; ngày 9 tháng 11 (chấp nhận cả khi gõ không dấu)"),
        "Điểm": ("", "2"),
    }
    choice = gen_question_from(text="Câu khác?")
    options = [
        OptionInput("Ngày 9 tháng 11", True, "Đúng, Điều 8."),
        OptionInput("Ngày 2 tháng 9", False),
    ]
    services.edit_question(choice, replace(LAW_DAY, text="Câu khác?", options=options))
    db.session.commit()
    labels = [change.label for change in version_changes(*choice.versions)]
    assert labels == ["Phương án A"]
