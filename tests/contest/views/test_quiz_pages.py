"""Candidate pages: the lobby, the quiz as a plain HTML form (no JavaScript needed), results."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser

import itsdangerous
import pytest
from sqlalchemy import select

from contest.attempts.models import Answer, Attempt, AttemptEvent, AttemptEventKind, AttemptStatus
from contest.core.extensions import db
from contest.rounds.models import Participation
from questions.models import Question
from tests.contest.factories import enter, make_group, make_round


@pytest.fixture
def candidate(make_user):
    return make_user()


@pytest.fixture
def signed_in(client, auth, candidate):
    auth.login(candidate)
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def start_page(client, round_):
    """Press "Vào thi" on the lobby and follow to the quiz; returns (attempt, quiz html)."""
    response = client.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    return db.session.get(Attempt, attempt_id), page(client.get(response.headers["Location"]))


class FormReader(HTMLParser):
    """What a browser would post from the quiz form: hidden fields, and the radios/checkboxes."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.checked: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input":
            return
        if attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif attrs.get("type") in ("radio", "checkbox"):
            self.choices.setdefault(attrs["name"], []).append(attrs["value"])
            if "checked" in attrs:
                self.checked.setdefault(attrs["name"], []).append(attrs["value"])


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def post_quiz(client, attempt, html, picks: dict[int, int], **buttons):
    """Post the quiz page as a browser would, with these picks (question id → option index)."""
    form = read_form(html)
    data = {name: value for name, value in form.hidden.items() if name != "csrf_token"}
    fields: dict[str, list[str]] = {name: list(values) for name, values in form.checked.items()}
    for question_id, index in picks.items():
        fields[f"q{question_id}"] = [form.choices[f"q{question_id}"][index]]
    data.update(fields)
    data.update(buttons)
    return client.post(f"/attempts/{attempt.id}", data=data)


def correct_index(html, question_id):
    question = db.session.get(Question, question_id)
    key = next(o.id for o in question.current.options if o.is_correct)
    return read_form(html).choices[f"q{question_id}"].index(str(key))


# --- the lobby ----------------------------------------------------------------------------------


def test_lobby_shows_rules_and_each_round_state(client, now):
    upcoming = make_round(
        questions=1,
        opens_at=now() + timedelta(days=2, hours=3),
        closes_at=now() + timedelta(days=9),
    )
    contest = upcoming.contest
    make_round(contest, questions=1)
    make_round(
        contest,
        questions=1,
        opens_at=now() - timedelta(days=9),
        closes_at=now() - timedelta(days=2),
    )
    make_round(
        contest,
        questions=1,
        opens_at=now() - timedelta(days=20),
        closes_at=now() - timedelta(days=13),
        results_published_at=now() - timedelta(days=10),
    )
    db.session.commit()

    html = page(client.get(f"/contests/{contest.slug}"))

    assert "<strong>Không</strong> dùng tài liệu" in html
    for label in ("Sắp mở", "Đang mở", "Đã đóng", "Đã công bố kết quả"):
        assert label in html
    assert "2 ngày 03:00:00" in html
    assert f'data-countdown="{upcoming.opens_at.isoformat()}"' in html
    assert 'class="round-rules"' in html  # the rounds' own rules, printed by their macro
    assert "Đăng nhập để dự thi" in html
    assert "Vào thi" not in html


def test_candidate_accepts_rules_and_group_then_may_start(signed_in, now, candidate):
    round_ = make_round(questions=2)
    group = make_group(round_.contest, "Học sinh, sinh viên")
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
    round_ = make_round(questions=1)
    db.session.commit()

    response = signed_in.post(f"/contests/{round_.contest.slug}/join", data={})

    assert db.session.query(Participation).count() == 0
    assert "Vui lòng đánh dấu ô xác nhận" in page(signed_in.get(response.headers["Location"]))


def test_ineligible_candidate_is_told_why_and_cannot_start(client, auth, make_user, now):
    young = make_user(birth_date=date(2012, 1, 1))
    round_ = make_round(questions=1)
    round_.contest.min_age = 16
    db.session.commit()
    auth.login(young)

    html = page(client.get(f"/contests/{round_.contest.slug}"))
    refused = client.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert "Cuộc thi dành cho người từ đủ 16 tuổi trở lên" in html
    assert "Đồng ý thể lệ" not in html
    assert refused.status_code == 302
    assert db.session.query(Attempt).count() == 0


def test_lobby_offers_to_continue_the_attempt_in_progress(signed_in, now, candidate):
    round_ = make_round(questions=1, max_attempts=3)
    enter(round_.contest, candidate)
    db.session.commit()
    attempt, _ = start_page(signed_in, round_)

    html = page(signed_in.get(f"/contests/{round_.contest.slug}"))
    again = signed_in.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert f'href="/attempts/{attempt.id}">Tiếp tục làm bài' in html
    assert again.headers["Location"].endswith(f"/attempts/{attempt.id}")
    assert db.session.query(Attempt).count() == 1


def test_start_refusal_is_explained_on_the_lobby(signed_in, now, candidate):
    round_ = make_round(questions=1, opens_at=now() + timedelta(hours=1))
    enter(round_.contest, candidate)
    db.session.commit()

    response = signed_in.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")

    assert "Tuần thi chưa mở hoặc đã kết thúc" in page(signed_in.get(response.headers["Location"]))


# --- the quiz without JavaScript ----------------------------------------------------------------


def test_whole_quiz_works_with_plain_form_posts(signed_in, now, candidate):
    round_ = make_round(questions=3, prediction_question="Bao nhiêu người đạt điểm tối đa?")
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=4, display_mode="all_on_page")
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=2)
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=2, time_limit_seconds=300)
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=1, time_limit_seconds=60)
    enter(round_.contest, candidate)
    db.session.commit()
    attempt, _ = start_page(signed_in, round_)

    now(now() + timedelta(minutes=2))
    response = signed_in.get(f"/attempts/{attempt.id}")

    assert response.headers["Location"].endswith(f"/attempts/{attempt.id}/result")
    assert "Hết giờ, đã tự động nộp" in page(signed_in.get(response.headers["Location"]))


def test_confirmation_shows_the_prediction_locked_at_the_first_submission(
    signed_in, now, candidate
):
    round_ = make_round(questions=1, max_attempts=2, prediction_question="Dự đoán số người?")
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=2, review_policy="after_close")
    enter(round_.contest, candidate)
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


def test_candidate_home_lists_my_rounds_and_history_with_links(signed_in, now, candidate):
    round_ = make_round(questions=1, max_attempts=2)
    enter(round_.contest, candidate)
    db.session.commit()
    first, _ = start_page(signed_in, round_)
    signed_in.post(f"/attempts/{first.id}/submit", data={})
    second, _ = start_page(signed_in, round_)

    html = page(signed_in.get("/me/"))

    assert round_.name in html
    assert f'href="/attempts/{first.id}/result">Xem kết quả' in html
    assert f'href="/attempts/{second.id}">Tiếp tục làm bài' in html
    assert "Đã nộp bài" in html
    assert "Đang làm bài" in html


# --- what the page must never reveal, and who may see it ----------------------------------------


def test_quiz_page_never_contains_the_answer_key(signed_in, now, candidate):
    round_ = make_round(questions=6, display_mode="all_on_page")
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=1)
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=5)
    enter(round_.contest, candidate)
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
    round_ = make_round(questions=30, display_mode="all_on_page")
    enter(round_.contest, candidate)
    db.session.commit()
    _attempt, html = start_page(signed_in, round_)

    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    sizes = {path: len(signed_in.get(path).data) for path in assets}

    assert {"/static/css/app.css", "/static/css/quiz.css", "/static/js/quiz.js"} <= set(sizes)
    total = len(html.encode()) + sum(sizes.values())
    assert total < 100 * 1024, (len(html.encode()), sizes)


# --- sessions that outlast the round ------------------------------------------------------------


def test_session_and_remember_cookies_last_thirty_days(signed_in):
    session_cookie = signed_in.get_cookie("session")
    remember = signed_in.get_cookie("remember_token")
    in_29_days = datetime.now(UTC) + timedelta(days=29)

    assert session_cookie.expires.replace(tzinfo=UTC) > in_29_days
    assert remember is not None
    assert remember.expires.replace(tzinfo=UTC) > in_29_days


def test_signed_in_candidate_stays_signed_in_without_the_session_cookie(signed_in, now, candidate):
    signed_in.delete_cookie("session")

    response = signed_in.get("/me/")

    assert response.status_code == 200
    assert candidate.full_name in response.get_data(as_text=True)


def test_taking_the_quiz_never_hashes_a_password(signed_in, now, candidate, monkeypatch):
    import contest.accounts.credentials as accounts

    def forbidden(*args, **kwargs):
        raise AssertionError("password hashing during the quiz")

    monkeypatch.setattr(accounts, "check_password_hash", forbidden)
    monkeypatch.setattr(accounts, "generate_password_hash", forbidden)
    round_ = make_round(questions=2)
    enter(round_.contest, candidate)
    db.session.commit()

    attempt, html = start_page(signed_in, round_)
    post_quiz(signed_in, attempt, html, {attempt.questions[0].question_id: 0}, go="2")
    signed_in.post(f"/attempts/{attempt.id}/submit", data={})

    assert db.session.get(Attempt, attempt.id).status == AttemptStatus.SUBMITTED


def test_csrf_token_from_hours_before_still_saves_answers(signed_in, now, candidate, monkeypatch):
    round_ = make_round(
        questions=1,
        opens_at=now() - timedelta(hours=1),
        closes_at=now() + timedelta(days=2),
        time_limit_seconds=24 * 3600,
    )
    enter(round_.contest, candidate)
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


def test_contest_page_prints_the_eligibility_rules(client, app):
    from contest.core.extensions import db
    from contest.rounds.models import ParticipantGroup
    from tests.contest.factories import make_round

    round_ = make_round()
    contest = round_.contest
    contest.min_age = 16
    contest.required_fields = ["unit", "email"]
    db.session.add(ParticipantGroup(contest=contest, name="Học sinh, sinh viên"))
    db.session.commit()
    html = client.get(f"/contests/{contest.slug}").get_data(as_text=True)
    assert "Thí sinh từ đủ 16 tuổi trở lên." in html
    assert "Nhóm đối tượng dự thi: Học sinh, sinh viên." in html
    assert "Thông tin bắt buộc khai báo: Cơ quan, đơn vị, Email." in html
