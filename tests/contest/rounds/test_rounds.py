"""Round services: settings validated one message each, frozen after the first start, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contest.attempts import start
from contest.attempts.models import Attempt
from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.rounds import rounds
from contest.rounds.models import Round
from tests.contest.rounds.bodies import round_body
from tests.factories.questions import gen_question
from tests.factories.rounds import UPCOMING as OPENS
from tests.factories.rounds import (
    gen_contest,
    gen_open_round,
    gen_participation,
)


def field_errors(excinfo) -> dict:
    return excinfo.value.details["fields"]


# --- creating: every setting stored, times in Vietnam time ---------------------------------------


def test_create_round_stores_every_setting(bank):
    body = round_body(
        shuffle_questions=False,
        shuffle_options=False,
        points_per_question=2,
        points_by_difficulty={"easy": 1, "medium": 2, "hard": 3},
        multi_choice_scoring="partial",
        max_attempts=3,
        cooldown_seconds=1800,
        counted_attempt="last",
        prediction_question="Bao nhiêu người đạt điểm tuyệt đối?",
        prediction_target="perfect_candidates",
        tie_break=["score", "submitted_at"],
        review_policy="score_only",
        auto_publish=True,
        leaderboard_visibility="candidates",
        leaderboard_freeze_hours=2,
        display_mode="all_on_page",
    )

    round_ = rounds.create_round(gen_contest(), body)
    settings = rounds.round_settings(round_)

    assert {k: settings[k] for k in body if k not in ("opens_at", "closes_at", "blueprint")} == {
        k: v for k, v in body.items() if k not in ("opens_at", "closes_at", "blueprint")
    }
    assert settings["blueprint"] == [
        {"topic": "Hiến pháp", "topic_id": bank[0].topic_id, "difficulty": "easy", "count": 2}
    ]
    assert round_.question_count == 2


def test_naive_times_are_vietnam_time_and_offsets_are_honoured(bank):
    round_ = rounds.create_round(
        gen_contest(),
        round_body(opens_at="2026-12-01T08:00", closes_at="2026-12-07T23:59:00+00:00"),
    )

    assert round_.opens_at == datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert round_.closes_at == datetime(2026, 12, 7, 23, 59, tzinfo=UTC)


def test_create_round_with_a_fixed_list_keeps_its_order(bank):
    ids = [bank[2].id, bank[0].id]

    round_ = rounds.create_round(gen_contest(), round_body(blueprint=None, question_ids=ids))

    assert [item.question_id for item in round_.fixed_questions] == ids
    assert round_.blueprint == []


# --- validation: one Vietnamese message per field ------------------------------------------------


def test_round_must_close_after_it_opens(bank):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(closes_at="2026-12-01T08:00"))

    assert field_errors(excinfo) == {"closes_at": "Thời điểm đóng phải sau thời điểm mở."}


@pytest.mark.parametrize("value", [0, -5, "abc", 1.5])
def test_time_limit_must_be_positive(bank, value):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(time_limit_seconds=value))

    assert field_errors(excinfo)["time_limit_seconds"].startswith("Thời gian làm bài")


def test_missing_required_fields_are_each_named(bank):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), {"blueprint": round_body()["blueprint"]})

    assert field_errors(excinfo) == {
        "name": "Vui lòng nhập tên tuần thi.",
        "opens_at": "Vui lòng nhập thời điểm mở.",
        "closes_at": "Vui lòng nhập thời điểm đóng.",
        "time_limit_seconds": "Vui lòng nhập thời gian làm bài.",
    }


def test_unreadable_time_is_refused(bank):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(opens_at="31/12/2026 kém 5"))

    assert "ngày giờ hợp lệ" in field_errors(excinfo)["opens_at"]


def test_blueprint_unsatisfiable_names_each_cell_and_its_shortfall(bank):
    blueprint = [
        {"topic": "Hiến pháp", "difficulty": "easy", "count": 5},
        {"topic": "Hiến pháp", "difficulty": "hard", "count": 1},
        {"topic": "Hiến pháp", "difficulty": "medium", "count": 2},
    ]

    with pytest.raises(rounds.BlueprintUnsatisfiable) as excinfo:
        rounds.create_round(gen_contest(), round_body(blueprint=blueprint))

    error = excinfo.value
    assert error.code == "blueprint_unsatisfiable"
    topic_id = bank[0].topic_id
    assert error.details["cells"] == [
        {
            "topic": "Hiến pháp",
            "topic_id": topic_id,
            "difficulty": "easy",
            "requested": 5,
            "available": 3,
        },
        {
            "topic": "Hiến pháp",
            "topic_id": topic_id,
            "difficulty": "medium",
            "requested": 2,
            "available": 0,
        },
    ]
    assert error.message == (
        "Ngân hàng không đủ câu hỏi đang sử dụng cho ma trận đề: "
        "Hiến pháp – Dễ: cần 5 câu, chỉ có 3 câu (thiếu 2); "
        "Hiến pháp – Trung bình: cần 2 câu, chỉ có 0 câu (thiếu 2)."
    )


def test_blueprint_counts_only_active_questions(bank):
    with pytest.raises(rounds.BlueprintUnsatisfiable) as excinfo:
        rounds.create_round(
            gen_contest(), round_body(blueprint=[{"topic": "Hiến pháp", "count": 5}])
        )

    assert excinfo.value.details["cells"][0]["available"] == 4


def test_blueprint_accepts_topic_ids(bank):
    round_ = rounds.create_round(
        gen_contest(), round_body(blueprint=[{"topic": bank[0].topic_id, "count": 4}])
    )

    assert [(b.topic_id, b.difficulty, b.count) for b in round_.blueprint] == [
        (bank[0].topic_id, None, 4)
    ]


def test_blueprint_cells_must_not_overlap(bank):
    blueprint = [
        {"topic": "Hiến pháp", "count": 1},
        {"topic": "Hiến pháp", "difficulty": "easy", "count": 1},
    ]

    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(blueprint=blueprint))

    assert field_errors(excinfo)["blueprint"] == (
        "Chủ đề “Hiến pháp” vừa lấy theo mọi mức độ vừa lấy theo từng mức độ; chỉ chọn một cách."
    )


def test_blueprint_cell_cannot_appear_twice(bank):
    cell = {"topic": "Hiến pháp", "difficulty": "easy", "count": 1}

    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(blueprint=[cell, cell]))

    assert field_errors(excinfo)["blueprint"] == "Ô “Hiến pháp – Dễ” xuất hiện hai lần."


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (
            {"topic": "Luật Biển", "count": 1},
            "Dòng 1 (chủ đề “Luật Biển”): không có chủ đề này trong ngân hàng câu hỏi.",
        ),
        (
            {"topic": "Hiến pháp", "difficulty": "rất khó", "count": 1},
            "Dòng 1 (Hiến pháp): mức độ “rất khó” không hợp lệ (easy, medium, hard).",
        ),
        (
            {"topic": "Hiến pháp", "difficulty": "easy", "count": 0},
            "Dòng 1 (Hiến pháp – Dễ): số câu phải là số nguyên dương.",
        ),
    ],
)
def test_blueprint_lines_are_checked_one_by_one(bank, cell, message):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(blueprint=[cell]))

    assert field_errors(excinfo)["blueprint"] == message


def test_fixed_list_ids_must_exist_and_be_active(bank):
    retired = gen_question("Hiến pháp", active=False)
    db.session.flush()

    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(
            gen_contest(), round_body(blueprint=None, question_ids=[bank[0].id, retired.id, 99999])
        )

    assert field_errors(excinfo) == {
        "question_ids": f"Câu hỏi số {retired.id}, 99999 không tồn tại hoặc đã ngừng sử dụng."
    }


def test_round_needs_a_blueprint_or_a_fixed_list_but_not_both(bank):
    with pytest.raises(InvalidInput) as neither:
        rounds.create_round(gen_contest(), round_body(blueprint=[]))
    with pytest.raises(InvalidInput) as both:
        rounds.create_round(gen_contest(), round_body(question_ids=[bank[0].id]))

    assert field_errors(neither)["blueprint"].startswith("Vui lòng chọn câu hỏi")
    assert field_errors(both)["blueprint"].startswith("Chỉ chọn một cách lấy câu hỏi")


@pytest.mark.parametrize(
    ("tie_break", "message"),
    [
        (
            ["score", "luck"],
            "Tiêu chí xếp hạng không hợp lệ: luck; chọn trong: "
            "score, duration, prediction_error, submitted_at.",
        ),
        (["score", "duration", "duration"], "Mỗi tiêu chí xếp hạng chỉ được chọn một lần."),
        (["duration", "score"], "Tiêu chí xếp hạng đầu tiên phải là điểm."),
        ([], "Tiêu chí xếp hạng đầu tiên phải là điểm."),
    ],
)
def test_tie_break_keys_are_validated(bank, tie_break, message):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(tie_break=tie_break))

    assert field_errors(excinfo) == {"tie_break": message}


def test_prediction_question_needs_its_target(bank):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(prediction_question="Bao nhiêu người?"))

    assert field_errors(excinfo) == {
        "prediction_target": "Vui lòng chọn đại lượng mà câu hỏi dự đoán hướng tới."
    }


def test_points_by_difficulty_need_all_three_levels(bank):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(points_by_difficulty={"easy": 1, "hard": 2}))

    assert "cả ba mức độ" in field_errors(excinfo)["points_by_difficulty"]


@pytest.mark.parametrize(
    ("field", "value", "start"),
    [
        ("max_attempts", 0, "Số lượt thi phải từ 1"),
        ("cooldown_seconds", -1, "Thời gian chờ"),
        ("points_per_question", 0, "Điểm mỗi câu"),
        ("counted_attempt", "median", "Giá trị không hợp lệ"),
        ("review_policy", "always", "Giá trị không hợp lệ"),
        ("leaderboard_visibility", "everyone", "Giá trị không hợp lệ"),
        ("leaderboard_freeze_hours", -2, "Số giờ ẩn"),
        ("display_mode", "scroll", "Giá trị không hợp lệ"),
        ("multi_choice_scoring", "half", "Giá trị không hợp lệ"),
        ("auto_publish", "perhaps", "Giá trị phải là đúng hoặc sai"),
    ],
)
def test_each_setting_is_validated(bank, field, value, start):
    with pytest.raises(InvalidInput) as excinfo:
        rounds.create_round(gen_contest(), round_body(**{field: value}))

    assert field_errors(excinfo)[field].startswith(start)


# --- frozen after the first start ----------------------------------------------------------------


def start_attempt(round_: Round, make_user) -> Attempt:
    """What the attempt service leaves behind at a start: an attempt row, the round frozen."""
    attempt = Attempt(
        round_id=round_.id,
        user_id=make_user().id,
        number=1,
        seed=7,
        started_at=OPENS,
        deadline=OPENS + timedelta(minutes=20),
    )
    db.session.add(attempt)
    round_.settings_frozen_at = OPENS
    db.session.flush()
    return attempt


def test_round_is_frozen_once_an_attempt_exists(app, now, make_user):
    round_ = gen_open_round(questions=2)
    candidate = make_user()
    gen_participation(round_.contest, candidate)
    assert not rounds.is_frozen(round_)

    start.start_attempt(round_.id, candidate, start.Client(), now())

    assert rounds.is_frozen(round_)


def test_round_is_frozen_when_the_start_flag_is_set_even_without_attempts(bank):
    round_ = rounds.create_round(gen_contest(), round_body())
    round_.settings_frozen_at = OPENS

    with pytest.raises(rounds.RoundFrozen):
        rounds.update_round(round_, {"max_attempts": 2})


@pytest.mark.parametrize(
    "change",
    [
        {"blueprint": [{"topic": "Hiến pháp", "difficulty": "easy", "count": 3}]},
        {"question_ids": [1]},
        {"points_per_question": 2},
        {"points_by_difficulty": {"easy": 1, "medium": 1, "hard": 2}},
        {"multi_choice_scoring": "partial"},
        {"max_attempts": 2},
        {"cooldown_seconds": 60},
        {"counted_attempt": "first"},
        {"tie_break": ["score", "submitted_at"]},
        {"time_limit_seconds": 600},
        {"opens_at": "2026-12-01T09:00"},
    ],
)
def test_frozen_round_refuses_rule_changes(bank, make_user, change):
    round_ = rounds.create_round(gen_contest(), round_body())
    start_attempt(round_, make_user)

    with pytest.raises(rounds.RoundFrozen) as excinfo:
        rounds.update_round(round_, change, reason="Sửa lỗi")

    assert excinfo.value.code == "round_frozen"
    assert excinfo.value.status == 409
    assert "không thể thay đổi" in excinfo.value.message


def test_frozen_round_accepts_the_same_values_again(bank, make_user):
    round_ = rounds.create_round(gen_contest(), round_body())
    start_attempt(round_, make_user)

    rounds.update_round(round_, round_body())

    assert round_.question_count == 2


def test_frozen_round_moves_closes_at_only_with_a_written_reason(bank, make_user):
    round_ = rounds.create_round(gen_contest(), round_body())
    start_attempt(round_, make_user)

    with pytest.raises(InvalidInput) as excinfo:
        rounds.update_round(round_, {"closes_at": "2026-12-08T23:59"}, reason="  ")
    rounds.update_round(round_, {"closes_at": "2026-12-08T23:59"}, reason="Máy chủ gián đoạn 2 giờ")

    assert field_errors(excinfo) == {
        "reason": "Tuần thi đã bắt đầu: vui lòng ghi lý do dời thời điểm đóng."
    }
    assert round_.closes_at == datetime(2026, 12, 8, 16, 59, tzinfo=UTC)
    entry = db.session.query(AuditEntry).filter_by(action="rounds.update").one()
    assert entry.reason == "Máy chủ gián đoạn 2 giờ"
    assert entry.before == {"closes_at": "2026-12-07T16:59:00+00:00"}
    assert entry.after == {"closes_at": "2026-12-08T16:59:00+00:00"}


def test_unfrozen_round_changes_its_blueprint(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    rounds.update_round(round_, {"blueprint": [{"topic": "Hiến pháp", "count": 4}]})

    assert [(b.difficulty, b.count) for b in round_.blueprint] == [(None, 4)]


def test_update_checks_blueprint_satisfiability(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    with pytest.raises(rounds.BlueprintUnsatisfiable):
        rounds.update_round(round_, {"blueprint": [{"topic": "Hiến pháp", "count": 9}]})


def test_update_switches_from_blueprint_to_fixed_list(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    rounds.update_round(round_, {"question_ids": [bank[1].id, bank[3].id]})
    db.session.flush()

    assert round_.blueprint == []
    assert [q.question_id for q in round_.fixed_questions] == [bank[1].id, bank[3].id]


def test_update_keeps_cross_field_rules(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    with pytest.raises(InvalidInput) as excinfo:
        rounds.update_round(round_, {"opens_at": "2026-12-09T08:00"})

    assert field_errors(excinfo) == {"closes_at": "Thời điểm đóng phải sau thời điểm mở."}


# --- audit ---------------------------------------------------------------------------------------


def audit_entries(action: str) -> list[AuditEntry]:
    return db.session.query(AuditEntry).filter_by(action=action).order_by(AuditEntry.id).all()


def test_creating_a_round_is_audited_with_every_setting(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    (entry,) = audit_entries("rounds.create")

    assert (entry.object_type, entry.object_id, entry.before) == ("round", str(round_.id), None)
    assert entry.after["name"] == "Tuần thi thứ nhất"
    assert entry.after["time_limit_seconds"] == 1200
    assert entry.after["blueprint"][0]["count"] == 2


def test_update_is_audited_with_only_what_changed(bank):
    round_ = rounds.create_round(gen_contest(), round_body())

    rounds.update_round(round_, {**round_body(), "max_attempts": 2, "name": "Tuần 1 (sửa)"})
    rounds.update_round(round_, {"max_attempts": 2})

    (entry,) = audit_entries("rounds.update")
    assert entry.before == {"max_attempts": 1, "name": "Tuần thi thứ nhất"}
    assert entry.after == {"max_attempts": 2, "name": "Tuần 1 (sửa)"}


# --- clone ---------------------------------------------------------------------------------------


def test_clone_copies_settings_and_blueprint_with_dates_a_week_later(bank, make_user):
    source = rounds.create_round(
        gen_contest(), round_body(max_attempts=2, cooldown_seconds=600, tie_break=["score"])
    )
    start_attempt(source, make_user)
    source.settings_frozen_at = OPENS
    source.pool_snapshot = {"x": [1]}

    copy = rounds.clone_round(source, {})

    assert copy.id != source.id
    assert copy.name == "Tuần thi thứ nhất (bản sao)"
    assert copy.opens_at - source.opens_at == timedelta(days=7)
    assert copy.closes_at - source.closes_at == timedelta(days=7)
    same = ("max_attempts", "cooldown_seconds", "tie_break", "blueprint", "time_limit_seconds")
    assert {k: rounds.round_settings(copy)[k] for k in same} == {
        k: rounds.round_settings(source)[k] for k in same
    }
    assert (copy.settings_frozen_at, copy.pool_snapshot, copy.results_published_at) == (
        None,
        None,
        None,
    )
    assert not rounds.is_frozen(copy)
    (entry,) = audit_entries("rounds.clone")
    assert entry.after["cloned_from"] == source.id


def test_clone_takes_the_given_name_and_dates(bank):
    source = rounds.create_round(gen_contest(), round_body())

    copy = rounds.clone_round(
        source, {"name": "Tuần 3", "opens_at": "2027-01-04T00:00", "closes_at": "2027-01-10T23:59"}
    )

    assert copy.name == "Tuần 3"
    assert copy.opens_at == datetime(2027, 1, 3, 17, 0, tzinfo=UTC)
