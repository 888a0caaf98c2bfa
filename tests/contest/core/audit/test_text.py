"""The audit log in words: actions, objects, fields and values as people write them."""

from __future__ import annotations

from contest.core.audit import AuditEntry
from contest.core.audit.text import action_label, changes, group_label, value_text


def test_codes_become_vietnamese_words_and_unknown_codes_show_themselves(app):
    assert action_label("rounds.close") == "Kết thúc tuần thi sớm"
    assert action_label("prize.lock") == "Khoá danh sách giải"
    assert action_label("something.new") == "something.new"
    assert group_label("rounds.") == "Tuần thi (mọi thao tác)"


def test_values_read_as_people_write_them(app):
    assert value_text("closes_at", "2026-12-07T16:59:00+00:00") == "07/12/2026 23:59"
    assert value_text("shuffle_questions", True) == "có"
    assert value_text("time_limit_seconds", 1200) == "20:00"
    assert value_text("review_policy", "after_close") == "xem đáp án sau khi đóng"
    assert value_text("points_per_question", 1.5) == "1,5"
    assert value_text("prediction_question", None) == "—"
    assert value_text("blueprint", [{"topic": "Hiến pháp", "difficulty": "easy", "count": 2}]) == (
        "Hiến pháp: 2 câu (Dễ)"
    )
    assert value_text("tie_break", ["score", "duration"]).startswith("điểm cao hơn xếp trên")


def test_an_entry_lists_each_field_before_and_after(app):
    entry = AuditEntry(
        action="rounds.update",
        object_type="round",
        before={"max_attempts": 1},
        after={"max_attempts": 2, "name": "Tuần 2"},
    )

    assert [(c.label, c.before, c.after) for c in changes(entry)] == [
        ("Số lượt thi", "1", "2"),
        ("Tên", "", "Tuần 2"),
    ]
