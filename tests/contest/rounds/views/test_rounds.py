"""Round pages, driven end to end with the test client: the blueprint editor, the frozen rule,
preview, close and publish, clone, and the rules as candidates read them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import render_template_string
from sqlalchemy import func, select

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from contest.rounds.models import BlueprintItem, Round
from questions.models import Question, QuestionVersion, Topic
from tests.contest.readers import page_text
from tests.factories.attempts import gen_first_start

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def round_form(**fields) -> dict:
    """What the round form posts when the organizer keeps the defaults."""
    form = {
        "name": "Tuần thi thứ hai",
        "opens_at": "2026-12-07T00:00",
        "closes_at": "2026-12-13T23:59",
        "time_limit_minutes": "20",
        "question_source": "blueprint",
        "shuffle_questions": "y",
        "shuffle_options": "y",
        "display_mode": "one_per_page",
        "points_per_question": "1",
        "multi_choice_scoring": "all_or_nothing",
        "max_attempts": "2",
        "cooldown_minutes": "30",
        "counted_attempt": "best",
        "prediction_question": "",
        "prediction_target": "",
        "tie_break_1": "score",
        "tie_break_2": "duration",
        "tie_break_3": "prediction_error",
        "tie_break_4": "submitted_at",
        "review_policy": "after_close",
        "leaderboard_visibility": "public",
        "leaderboard_freeze_hours": "0",
    }
    return {**form, **fields}


def topic_id(name: str) -> int:
    return db.session.scalar(select(Topic.id).where(Topic.name == name))


def table_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_organizer_builds_a_weekly_round_from_the_demo_bank_in_the_browser(client, demo, organizer):
    home = page_text(client.get("/organizer/"))
    assert "Tạo cuộc thi" in home
    assert f"/organizer/contests/{demo.id}" in home

    page = client.get(f"/organizer/contests/{demo.id}/rounds/new")
    assert page.status_code == 200
    inputs = re.findall(r'name="(bp-\d+-(?:easy|medium|hard|any))"', page_text(page))
    assert len(inputs) == 4 * 7  # seven demo topics (one for practice) × (three levels + any)

    matrix = {f"bp-{topic_id('Hiến pháp')}-easy": "2", f"bp-{topic_id('Căn cước')}-any": "3"}
    response = client.post(f"/organizer/contests/{demo.id}/rounds/new", data=round_form(**matrix))

    assert response.status_code == 302
    round_ = db.session.scalar(select(Round).where(Round.name == "Tuần thi thứ hai"))
    assert response.headers["Location"].endswith(f"/organizer/contests/rounds/{round_.id}")
    assert round_.opens_at == datetime(2026, 12, 6, 17, 0, tzinfo=UTC)
    assert (round_.time_limit_seconds, round_.max_attempts, round_.cooldown_seconds) == (
        1200,
        2,
        1800,
    )
    assert sorted(
        (b.topic.name, b.difficulty and b.difficulty.value, b.count) for b in round_.blueprint
    ) == [("Căn cước", None, 3), ("Hiến pháp", "easy", 2)]
    shown = page_text(client.get(response.headers["Location"]))
    assert "Mỗi lượt thi gồm 5 câu hỏi, làm trong 20 phút" in shown
    assert "tối đa 2 lượt, hai lượt cách nhau ít nhất 30 phút" in shown


def test_round_form_shows_vietnamese_errors_next_to_fields(client, demo, organizer):
    response = client.post(
        f"/organizer/contests/{demo.id}/rounds/new",
        data=round_form(
            closes_at="2026-12-01T00:00",
            time_limit_minutes="0",
            tie_break_1="duration",
            tie_break_2="score",
            prediction_question="Bao nhiêu người đạt điểm tuyệt đối?",
            **{f"bp-{topic_id('Hiến pháp')}-easy": "1"},
        ),
    )

    page = page_text(response)
    assert response.status_code == 200
    assert 'id="closes_at-error">Thời điểm đóng phải sau thời điểm mở.' in page
    assert 'id="time_limit_minutes-error">Thời gian làm bài phải là số dương' in page
    assert 'id="tie_break_1-error">Tiêu chí xếp hạng đầu tiên phải là điểm.' in page
    assert 'id="prediction_target-error">Vui lòng chọn đại lượng' in page
    assert f'name="bp-{topic_id("Hiến pháp")}-easy" inputmode="numeric" size="3" value="1"' in page


def test_round_form_explains_an_unsatisfiable_blueprint_at_the_matrix(client, demo, organizer):
    available = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(
            Question.active,
            Question.topic_id == topic_id("Hiến pháp"),
            Question.difficulty == "hard",
        )
    )

    response = client.post(
        f"/organizer/contests/{demo.id}/rounds/new",
        data=round_form(**{f"bp-{topic_id('Hiến pháp')}-hard": str(available + 4)}),
    )

    assert response.status_code == 200
    assert (
        f"Hiến pháp – Khó: cần {available + 4} câu, chỉ có {available} câu (thiếu 4)"
        in page_text(response)
    )
    assert db.session.scalar(select(func.count()).select_from(Round)) == 1


def test_round_form_matrix_shows_available_active_counts(client, demo, organizer):
    question = db.session.scalar(
        select(Question).where(
            Question.topic_id == topic_id("Hiến pháp"), Question.difficulty == "easy"
        )
    )
    easy = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(
            Question.active, Question.topic_id == question.topic_id, Question.difficulty == "easy"
        )
    )
    question.active = False
    db.session.commit()

    page = page_text(client.get(f"/organizer/contests/{demo.id}/rounds/new"))

    cell = re.search(
        rf'name="bp-{question.topic_id}-easy"[^>]*>\s*<span class="muted">\((\d+)\)', page
    )
    assert int(cell.group(1)) == easy - 1


def test_preview_draws_without_writing_anything_or_revealing_answers(client, demo, organizer):
    round_ = demo.rounds[0]
    before = table_counts()

    response = client.get(f"/organizer/contests/rounds/{round_.id}/preview")

    page = page_text(response)
    assert response.status_code == 200
    assert table_counts() == before
    assert page.count('<li class="card">') == round_.question_count
    # Every option is printed the same way: nothing marks the correct one.
    options = re.findall(r"<li>.*?</li>", page.split('class="preview-questions"')[1])
    assert options
    assert all(
        re.fullmatch(r'<li><span class="option-label">[A-J]\.</span> [^<]+</li>', o)
        for o in options
    )
    assert "correct" not in page
    explanations = db.session.scalars(
        select(QuestionVersion.explanation).where(QuestionVersion.explanation.is_not(None))
    ).all()
    assert explanations
    assert not any(explanation in page for explanation in explanations)
    assert (
        db.session.scalar(
            select(func.count()).select_from(Question).where(Question.used_at.is_not(None))
        )
        == 0
    )


def test_started_round_edit_form_only_moves_closing_time_with_a_reason(
    client, demo, organizer, make_user
):
    round_ = demo.rounds[0]
    gen_first_start(round_, make_user(), NOW)
    db.session.commit()
    new_close = (
        (round_.closes_at + timedelta(days=1))
        .astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh"))
        .strftime("%Y-%m-%dT%H:%M")
    )

    form_page = page_text(client.get(f"/organizer/contests/rounds/{round_.id}/edit"))
    missing = client.post(
        f"/organizer/contests/rounds/{round_.id}/edit",
        data={"name": round_.name, "closes_at": new_close, "reason": ""},
    )
    saved = client.post(
        f"/organizer/contests/rounds/{round_.id}/edit",
        data={"name": round_.name, "closes_at": new_close, "reason": "Gia hạn do mất điện"},
    )

    assert "thể lệ của tuần thi đã được khoá" in form_page
    assert 'name="max_attempts"' not in form_page
    assert "Tuần thi đã bắt đầu: vui lòng ghi lý do dời thời điểm đóng." in page_text(missing)
    assert saved.status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "rounds.update"))
    assert (entry.reason, list(entry.after)) == ("Gia hạn do mất điện", ["closes_at"])
    assert "Gia hạn do mất điện" in page_text(client.get(f"/organizer/contests/rounds/{round_.id}"))


def test_unstarted_round_edit_changes_the_blueprint(client, demo, organizer):
    round_ = demo.rounds[0]

    response = client.post(
        f"/organizer/contests/rounds/{round_.id}/edit",
        data=round_form(
            name=round_.name,
            opens_at="2026-11-27T19:00",
            closes_at="2026-12-27T19:00",
            **{f"bp-{topic_id('Căn cước')}-easy": "1"},
        ),
    )

    assert response.status_code == 302
    items = db.session.scalars(
        select(BlueprintItem).where(BlueprintItem.round_id == round_.id)
    ).all()
    assert [(i.topic_id, i.difficulty.value, i.count) for i in items] == [
        (topic_id("Căn cước"), "easy", 1)
    ]


def test_close_now_then_publish_from_the_round_page(client, demo, organizer, now):
    round_ = demo.rounds[0]
    now(NOW + timedelta(hours=1))
    page = page_text(client.get(f"/organizer/contests/rounds/{round_.id}"))
    assert "Kết thúc ngay" in page
    assert "Công bố kết quả" not in page

    client.post(
        f"/organizer/contests/rounds/{round_.id}/close",
        data={"confirm": "y", "reason": "Sự cố đường truyền"},
    )
    page = page_text(client.get(f"/organizer/contests/rounds/{round_.id}"))
    client.post(f"/organizer/contests/rounds/{round_.id}/publish", data={"confirm": "y"})

    round_ = db.session.get(Round, round_.id)
    assert round_.closed_early_at == now()
    assert round_.closes_at == now()
    assert round_.results_published_at == now()
    assert "Ban Tổ chức đã kết thúc tuần thi sớm lúc 27/11/2026 20:00." in page


def test_clone_page_copies_the_round_a_week_later(client, demo, organizer):
    round_ = demo.rounds[0]

    form = page_text(client.get(f"/organizer/contests/rounds/{round_.id}/clone"))
    opens = re.search(r'name="opens_at"[^>]*value="([^"]+)"', form).group(1)
    closes = re.search(r'name="closes_at"[^>]*value="([^"]+)"', form).group(1)
    response = client.post(
        f"/organizer/contests/rounds/{round_.id}/clone",
        data={"name": "Tuần thi thứ hai", "opens_at": opens, "closes_at": closes},
    )

    copy = db.session.scalar(select(Round).where(Round.name == "Tuần thi thứ hai"))
    assert response.status_code == 302
    assert copy.opens_at == round_.opens_at + timedelta(days=30)
    assert [(b.topic_id, b.count) for b in copy.blueprint] == [
        (b.topic_id, b.count) for b in round_.blueprint
    ]


def test_round_rules_print_every_setting_in_plain_vietnamese(app, demo):
    round_ = demo.rounds[0]
    round_.time_limit_seconds = 90 * 60
    round_.max_attempts, round_.cooldown_seconds, round_.counted_attempt = 3, 1800, "first"
    round_.points_by_difficulty = {"easy": 1, "medium": 1.5, "hard": 2}
    round_.multi_choice_scoring = "partial"
    round_.shuffle_questions, round_.shuffle_options, round_.display_mode = (
        False,
        False,
        "all_on_page",
    )
    round_.tie_break = ["score", "prediction_error", "duration"]
    round_.review_policy, round_.auto_publish = "score_only", True
    round_.leaderboard_visibility, round_.leaderboard_freeze_hours = "candidates", 2
    db.session.commit()
    round_ = db.session.get(Round, round_.id)

    with app.test_request_context():
        html = render_template_string(
            '{% from "contests/_round_rules.html" import round_rules %}{{ round_rules(round) }}',
            round=round_,
        )
    rules = " ".join(re.sub(r"<[^>]+>", " ", html).split())

    for sentence in [
        f"Mỗi lượt thi gồm {round_.question_count} câu hỏi, làm trong 1 giờ 30 phút",
        "Câu hỏi được rút ngẫu nhiên từ ngân hàng câu hỏi cho từng lượt thi, gồm: "
        "Căn cước: 2 câu (mọi mức độ);",
        "Câu hỏi hiện theo thứ tự cố định. Các phương án trả lời giữ nguyên thứ tự.",
        "Tất cả câu hỏi hiển thị trên một trang.",
        "Câu dễ được 1 điểm, câu trung bình 1,5 điểm, câu khó 2 điểm.",
        "Câu hỏi nhiều đáp án được tính điểm từng phần",
        "Mỗi thí sinh được thi tối đa 3 lượt, hai lượt cách nhau ít nhất 30 phút; "
        "chỉ lượt thi đầu tiên được tính.",
        "câu trả lời được ghi nhận ở lần nộp bài đầu tiên",
        "dự đoán số người trả lời đúng tất cả các câu hỏi",
        "Xếp hạng: điểm cao hơn xếp trên; nếu vẫn bằng nhau, dự đoán sát hơn xếp trên; "
        "nếu vẫn bằng nhau, thời gian làm bài ngắn hơn xếp trên; bằng nhau ở mọi tiêu chí "
        "thì đồng hạng.",
        "Sau khi nộp bài, thí sinh chỉ xem được điểm, không xem đáp án.",
        "Kết quả được công bố tự động ngay khi tuần thi kết thúc.",
        "Bảng xếp hạng chỉ dành cho thí sinh đã đăng nhập, "
        "tạm ẩn các thay đổi trong 2 giờ cuối của tuần thi.",
    ]:
        assert sentence in rules, sentence


def test_round_rules_leave_out_the_prediction_when_there_is_none(app, demo):
    round_ = demo.rounds[0]
    round_.prediction_question, round_.prediction_target = None, None
    db.session.commit()

    with app.test_request_context():
        html = render_template_string(
            '{% from "contests/_round_rules.html" import round_rules %}{{ round_rules(round) }}',
            round=db.session.get(Round, round_.id),
        )

    assert "dự đoán" not in html
    assert "Mỗi thí sinh được thi tối đa 2 lượt; lượt có kết quả cao nhất được tính." in " ".join(
        html.split()
    )


def test_a_new_round_is_a_draft_with_its_checklist_until_announced(client, demo, organizer):
    matrix = {f"bp-{topic_id('Hiến pháp')}-easy": "2"}
    created = client.post(f"/organizer/contests/{demo.id}/rounds/new", data=round_form(**matrix))
    round_id = int(created.headers["Location"].rsplit("/", 1)[1])

    page = page_text(client.get(f"/organizer/contests/rounds/{round_id}"))
    refused = client.post(f"/organizer/contests/rounds/{round_id}/announce")
    still_draft = db.session.get(Round, round_id).is_draft

    assert "Bản nháp" in page
    assert "Kiểm tra trước khi công khai" in page
    assert 'data-check="prizes"' in page
    assert "Chưa xác định cơ cấu giải" in page
    assert refused.status_code == 302
    assert still_draft
    assert "Tuần thi thứ hai" not in page_text(client.get(f"/contests/{demo.slug}"))


def test_close_now_asks_for_the_box_and_a_reason_and_works_without_javascript(
    client, demo, organizer, now
):
    round_ = demo.rounds[0]
    now(NOW + timedelta(hours=1))

    confirm = page_text(client.get(f"/organizer/contests/rounds/{round_.id}/close"))
    unticked = client.post(
        f"/organizer/contests/rounds/{round_.id}/close", data={"reason": "Sự cố"}
    )
    no_reason = client.post(f"/organizer/contests/rounds/{round_.id}/close", data={"confirm": "y"})
    still_open = db.session.get(Round, round_.id).closed_early_at is None
    done = client.post(
        f"/organizer/contests/rounds/{round_.id}/close",
        data={"confirm": "y", "reason": "Sự cố đường truyền"},
    )

    assert "Không thể hoàn tác" in confirm
    assert 'name="reason"' in confirm
    assert unticked.status_code == 400
    assert "Vui lòng đánh dấu ô xác nhận." in page_text(unticked)
    assert no_reason.status_code == 400
    assert "Vui lòng ghi lý do." in page_text(no_reason)
    assert still_open
    assert done.status_code == 302
    entry = db.session.scalars(select(AuditEntry).filter_by(action="rounds.close")).one()
    assert entry.reason == "Sự cố đường truyền"
