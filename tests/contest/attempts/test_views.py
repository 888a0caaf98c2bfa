"""The quiz pages: joining and starting, the quiz as a plain HTML form (no JavaScript), results."""

from __future__ import annotations

import re
from datetime import timedelta

import itsdangerous
from sqlalchemy import select

from contest.attempts.models import Answer, Attempt, AttemptEvent, AttemptEventKind, AttemptStatus
from contest.core.extensions import db
from contest.rounds.models import Participation
from tests.contest.attempts.pages import correct_index, page, post_quiz, read_form, start_page
from tests.contest.attempts.taking import fill_in_round
from tests.factories.rounds import gen_group, gen_open_round, gen_participation

# --- joining and starting from the lobby --------------------------------------------------------


def test_candidate_accepts_rules_and_group_then_may_start(signed_in, now, candidate):
    round_ = gen_open_round(questions=2)
    group = gen_group(round_.contest, "Học sinh, sinh viên")
    db.session.commit()
    before = page(signed_in.get(f"/contests/{round_.contest.slug}"))

    response = signed_in.post(
        f"/contests/{round_.contest.slug}/join", data={"accept": "yes", "group_id": str(group.id)}
    )
    after = page(signed_in.get(response.headers["Location"]))

    assert "Tôi đã đọc, hiểu và đồng ý với thể lệ cuộc thi" in before
    assert "Hãy đồng ý với thể lệ" in before
    assert ">Vào thi<" not in before
    entry = db.session.scalar(select(Participation))
    assert (entry.group_id, entry.rules_accepted_at) == (group.id, now())
    assert "Bạn đã đồng ý với thể lệ lúc 27/11/2026 19:00" in after
    assert ">Vào thi<" in after
    assert "Bạn còn 1/1 lượt thi" in after


def test_rules_are_not_accepted_without_ticking_the_box(signed_in, now):
    round_ = gen_open_round(questions=1)
    db.session.commit()

    response = signed_in.post(f"/contests/{round_.contest.slug}/join", data={})

    assert db.session.query(Participation).count() == 0
    assert "Vui lòng đánh dấu ô xác nhận" in page(signed_in.get(response.headers["Location"]))


def test_start_refusal_is_explained_on_the_lobby(signed_in, now, candidate):
    round_ = gen_open_round(questions=1, opens_at=now() + timedelta(hours=1))
    gen_participation(round_.contest, candidate)
    db.session.commit()

    response = signed_in.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert "Tuần thi chưa mở hoặc đã kết thúc" in page(signed_in.get(response.headers["Location"]))


# --- the quiz without JavaScript ----------------------------------------------------------------


def test_whole_quiz_works_with_plain_form_posts(signed_in, now, candidate):
    round_ = gen_open_round(questions=3, prediction_question="Bao nhiêu người đạt điểm tối đa?")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    q1, q2, q3 = (item.question_id for item in attempt.questions)

    # Question 1, answered correctly, then "Câu tiếp"
    response = post_quiz(signed_in, attempt, html, {q1: correct_index(html, q1)}, go="2")
    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}?q=2#q-2")
    html = page(signed_in.get(response.headers["Location"]))
    assert "Đã lưu 1 câu trả lời" in html
    assert 'aria-current="step">2<' in html
    # Question 2: answer, then change my mind and clear it
    response = post_quiz(signed_in, attempt, html, {q2: 0}, go="3")
    html = page(signed_in.get(response.headers["Location"]))
    response = post_quiz(signed_in, attempt, html, {}, clear=str(q2))
    html = page(signed_in.get(response.headers["Location"]))
    # Question 3, answered wrongly, then "Nộp bài"
    wrong = (correct_index(html, q3) + 1) % 4
    response = post_quiz(signed_in, attempt, html, {q3: wrong}, go="submit")
    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}/submit")
    confirm = page(signed_in.get(response.headers["Location"]))
    assert "Bạn đã trả lời 2/3 câu" in confirm
    assert f'href="/attempts/{attempt.id}?q=2#q-2">Câu 2<' in confirm
    assert "Bao nhiêu người đạt điểm tối đa?" in confirm

    missing = signed_in.post(f"/attempts/{attempt.id}/submit", data={"prediction": ""})
    assert missing.status_code == 400
    assert "Vui lòng trả lời câu hỏi dự đoán" in missing.get_data(as_text=True)
    done = signed_in.post(f"/attempts/{attempt.id}/submit", data={"prediction": "37"})
    result = page(signed_in.get(done.headers["Location"]))

    assert "1/3" in result
    assert "Đã nộp bài" in result
    answers = dict(db.session.execute(select(Answer.question_id, Answer.option_ids)).all())
    assert set(answers) == {q1, q2, q3}
    assert answers[q2] == []
    db.session.refresh(attempt)
    assert (attempt.status, attempt.score, attempt.prediction) == (AttemptStatus.SUBMITTED, 1.0, 37)


def test_all_on_one_page_saves_the_whole_page_at_once(signed_in, now, candidate):
    round_ = gen_open_round(questions=4, display_mode="all_on_page")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)

    picks = {item.question_id: 1 for item in attempt.questions}
    response = post_quiz(signed_in, attempt, html, picks, go="1")

    assert not re.search(r'<div class="question"[^>]*\bhidden', html)
    assert "Lưu bài" in html
    assert "Đã lưu 4 câu trả lời" in page(signed_in.get(response.headers["Location"]))
    assert db.session.query(Answer).count() == 4


def test_page_left_open_does_not_overwrite_an_answer_given_on_another_device(
    signed_in, now, candidate
):
    round_ = gen_open_round(questions=2)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, stale_html = start_page(signed_in, round_)
    q1, q2 = (item.question_id for item in attempt.questions)
    other_option = read_form(stale_html).choices[f"q{q2}"][3]
    signed_in.put(
        f"/api/v1/attempts/{attempt.id}/answers/{q2}", json={"option_ids": [int(other_option)]}
    )

    post_quiz(signed_in, attempt, stale_html, {q1: 0}, go="2")

    answers = dict(db.session.execute(select(Answer.question_id, Answer.option_ids)).all())
    assert answers[q2] == [int(other_option)]
    assert q1 in answers


def test_form_post_after_the_deadline_goes_to_the_result_and_is_recorded(signed_in, now, candidate):
    round_ = gen_open_round(questions=2, time_limit_seconds=300)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)

    now(now() + timedelta(minutes=6))
    response = post_quiz(signed_in, attempt, html, {attempt.questions[0].question_id: 0}, go="2")

    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}/result")
    assert "Bài thi đã kết thúc" in page(signed_in.get(response.headers["Location"]))
    assert db.session.query(Answer).count() == 0
    assert db.session.scalar(
        select(AttemptEvent.kind).where(AttemptEvent.kind == AttemptEventKind.LATE_SAVE)
    )


def test_quiz_page_of_an_expired_attempt_shows_its_result(signed_in, now, candidate):
    round_ = gen_open_round(questions=1, time_limit_seconds=60)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, _ = start_page(signed_in, round_)

    now(now() + timedelta(minutes=2))
    response = signed_in.get(f"/attempts/{attempt.id}")

    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}/result")
    assert "Hết giờ, đã tự động nộp" in page(signed_in.get(response.headers["Location"]))


def test_confirmation_shows_the_prediction_locked_at_the_first_submission(
    signed_in, now, candidate
):
    round_ = gen_open_round(questions=1, max_attempts=2, prediction_question="Dự đoán số người?")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    first, _ = start_page(signed_in, round_)
    signed_in.post(f"/attempts/{first.id}/submit", data={"prediction": "15"})
    second, _ = start_page(signed_in, round_)

    html = page(signed_in.get(f"/attempts/{second.id}/submit"))
    changed = signed_in.post(f"/attempts/{second.id}/submit", data={"prediction": "16"})

    assert "ghi nhận ở lần nộp bài đầu tiên: 15" in html
    assert 'value="15" readonly' in html
    assert changed.status_code == 409
    assert "không thể thay đổi" in changed.get_data(as_text=True)


def test_result_page_reviews_answers_with_legal_basis_after_close(signed_in, now, candidate):
    round_ = gen_open_round(questions=2, review_policy="after_close")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    q1 = attempt.questions[0].question_id
    post_quiz(signed_in, attempt, html, {q1: correct_index(html, q1)}, go="submit")
    signed_in.post(f"/attempts/{attempt.id}/submit", data={})

    before = page(signed_in.get(f"/attempts/{attempt.id}/result"))
    now(round_.closes_at)
    after = page(signed_in.get(f"/attempts/{attempt.id}/result"))

    assert "Căn cứ pháp lý" not in before
    assert "Đáp án và giải thích sẽ được hiển thị sau khi tuần thi kết thúc" in before
    assert "Căn cứ pháp lý" in after
    assert "Điều " in after
    assert "(đáp án đúng)" in after
    assert "Bạn không trả lời câu này" in after


# --- what the page must never reveal, and who may see it ----------------------------------------


def test_quiz_page_never_contains_the_answer_key(signed_in, now, candidate):
    round_ = gen_open_round(questions=6, display_mode="all_on_page")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)

    lowered = html.lower()
    assert "correct" not in lowered
    assert "đáp án đúng" not in lowered
    assert "giải thích cho câu" not in lowered  # explanations stay on the server
    assert "căn cứ pháp lý" not in lowered
    assert "Hiến pháp năm 2013" not in html  # nor the legal basis


def test_another_candidates_attempt_pages_are_not_found(
    app, signed_in, now, candidate, make_user, auth
):
    round_ = gen_open_round(questions=1)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    other = app.test_client()
    type(auth)(other).login(make_user())

    responses = [
        other.get(f"/attempts/{attempt.id}"),
        other.post(
            f"/attempts/{attempt.id}",
            data={"go": "1", f"was{attempt.questions[0].question_id}": ""},
        ),
        other.get(f"/attempts/{attempt.id}/submit"),
        other.post(f"/attempts/{attempt.id}/submit", data={}),
        other.get(f"/attempts/{attempt.id}/result"),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    db.session.refresh(attempt)
    assert attempt.status == AttemptStatus.IN_PROGRESS


# --- accessible and light -----------------------------------------------------------------------


def test_quiz_page_is_an_accessible_form(signed_in, now, candidate):
    round_ = gen_open_round(questions=5)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    _attempt, html = start_page(signed_in, round_)

    assert html.count("<fieldset>") == 5 == html.count("<legend>")
    assert html.count('<label class="option">') == 20
    assert re.findall(r'<label class="option">\s*<input type="radio"', html)
    assert 'role="status" aria-live="polite"' in html
    assert 'aria-live="assertive"' in html
    assert 'role="timer"' in html
    assert 'aria-label="Danh sách câu hỏi"' in html
    assert 'aria-current="step"' in html
    assert html.count('class="question"') == 5
    assert len(re.findall(r'<div class="question"[^>]*\bhidden', html)) == 4  # one per screen
    assert '<script src="/static/js/quiz.js" defer></script>' in html
    assert "<script>" not in html
    assert "onclick" not in html
    assert "style=" not in html


def test_quiz_page_weighs_under_100_kb(app, signed_in, now, candidate):
    round_ = gen_open_round(questions=30, display_mode="all_on_page")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    _attempt, html = start_page(signed_in, round_)

    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    sizes = {path: len(signed_in.get(path).data) for path in assets}

    assert {"/static/css/app.css", "/static/css/quiz.css", "/static/js/quiz.js"} <= set(sizes)
    total = len(html.encode()) + sum(sizes.values())
    assert total < 100 * 1024, (len(html.encode()), sizes)


# --- a round that outlasts the session --------------------------------------------------------


def test_taking_the_quiz_never_hashes_a_password(signed_in, now, candidate, monkeypatch):
    import contest.accounts.credentials as accounts

    def forbidden(*args, **kwargs):
        raise AssertionError("password hashing during the quiz")

    monkeypatch.setattr(accounts, "check_password_hash", forbidden)
    monkeypatch.setattr(accounts, "generate_password_hash", forbidden)
    round_ = gen_open_round(questions=2)
    gen_participation(round_.contest, candidate)
    db.session.commit()

    attempt, html = start_page(signed_in, round_)
    post_quiz(signed_in, attempt, html, {attempt.questions[0].question_id: 0}, go="2")
    signed_in.post(f"/attempts/{attempt.id}/submit", data={})

    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.SUBMITTED


def test_csrf_token_from_hours_before_still_saves_answers(signed_in, now, candidate, monkeypatch):
    round_ = gen_open_round(
        questions=1,
        opens_at=now() - timedelta(hours=1),
        closes_at=now() + timedelta(days=2),
        time_limit_seconds=24 * 3600,
    )
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    token = read_form(html).hidden["csrf_token"]
    question = attempt.questions[0]

    later = itsdangerous.timed.TimestampSigner.get_timestamp(None) + 14 * 3600
    monkeypatch.setattr(itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: later)
    now(now() + timedelta(hours=14))
    signed_in.send_csrf = False
    response = signed_in.put(
        f"/api/v1/attempts/{attempt.id}/answers/{question.question_id}",
        json={"option_ids": [question.option_order[0]]},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200, response.get_json()
    signed_in.send_csrf = True


# --- fill-in questions, without JavaScript --------------------------------------------------------


def test_a_fill_in_question_is_answered_in_a_text_box_with_plain_form_posts(
    signed_in, now, candidate
):
    round_ = fill_in_round(review_policy="after_close")
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    choice, fill_in = (item.question_id for item in attempt.questions)
    assert f'<input type="text" id="a{fill_in}" name="q{fill_in}" value=""' in html
    assert "(2 điểm)" in html
    assert "Quốc hội" not in html  # no hint of the accepted answers

    response = post_quiz(signed_in, attempt, html, {}, typed={fill_in: "  quốc hội  "}, go="2")
    html = page(signed_in.get(response.headers["Location"]))
    assert "Đã lưu 1 câu trả lời" in html
    assert f'name="q{fill_in}" value="quốc hội"' in html
    # Saving the page again without touching the box changes nothing.
    post_quiz(signed_in, attempt, html, {choice: correct_index(html, choice)}, go="submit")
    saved = db.session.scalars(select(Answer).where(Answer.question_id == fill_in)).one()
    assert (saved.text, saved.save_count) == ("quốc hội", 1)
    confirm = page(signed_in.get(f"/attempts/{attempt.id}/submit"))
    assert "Bạn đã trả lời 2/2 câu" in confirm

    signed_in.post(f"/attempts/{attempt.id}/submit", data={})
    now(round_.closes_at)
    result = " ".join(
        re.sub(r"<[^>]+>", " ", page(signed_in.get(f"/attempts/{attempt.id}/result"))).split()
    )
    assert "3/3" in result
    assert "Bạn trả lời: quốc hội — đúng" in result
    assert "Đáp án được chấp nhận: Quốc hội ; Quốc hội Việt Nam" in result


def test_a_typed_answer_is_cleared_with_its_button(signed_in, now, candidate):
    round_ = fill_in_round()
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt, html = start_page(signed_in, round_)
    fill_in = attempt.questions[1].question_id
    response = post_quiz(signed_in, attempt, html, {}, typed={fill_in: "Chính phủ"}, go="2")
    html = page(signed_in.get(response.headers["Location"]))
    assert "Xoá câu trả lời" in html
    post_quiz(signed_in, attempt, html, {}, clear=str(fill_in))
    saved = db.session.scalars(select(Answer).where(Answer.question_id == fill_in)).one()
    assert saved.text is None
