"""A real phone-sized browser takes a whole quiz, losing the connection halfway: no answer is lost.

Debian's Chromium, driven by Playwright, against the app served by a real server thread on the
test database. Deterministic: every step waits for a visible state ("Đã lưu", the banner).
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from contest.attempts.models import Answer, Attempt, AttemptStatus
from contest.core.extensions import db
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.rounds import gen_open_round

pytestmark = BROWSER_TESTS


def choose(page, position: int, option: int, *, keyboard: bool = False) -> int:
    """Pick an option of the question on screen; returns its option id."""
    question = page.locator(f"#q-{position}")
    expect(question).to_be_visible()
    radio = question.locator("input[type=radio]").nth(option)
    if keyboard:
        radio.focus()
        page.keyboard.press("Space")
    else:
        question.locator("label.option").nth(option).click()
    expect(radio).to_be_checked()
    return int(radio.get_attribute("value"))


def test_quiz_on_a_phone_survives_going_offline(phone, make_user):
    candidate = make_user()
    round_ = gen_open_round(questions=6, time_limit_seconds=1800)
    slug, round_id = round_.contest.slug, round_.id
    db.session.commit()
    page = phone.new_page()

    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(candidate.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"/contests/{slug}")
    page.get_by_label("Tôi đã đọc, hiểu và đồng ý với thể lệ cuộc thi.").check()
    page.get_by_role("button", name="Đồng ý thể lệ").click()
    page.get_by_role("button", name="Vào thi").click()
    expect(page.locator("#q-1 legend")).to_contain_text("Câu 1/6")

    # Big enough to tap, and nothing wider than the phone.
    assert page.locator("#q-1 label.option").first.bounding_box()["height"] >= 44
    assert page.locator(".grid-cell").first.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    attempt_id = int(page.locator("#quiz").get_attribute("data-attempt"))
    questions = [int(page.locator(f"#q-{n}").get_attribute("data-question")) for n in range(1, 7)]
    chosen: dict[int, int] = {}

    page.locator("#q-1").get_by_role("button", name="Đánh dấu xem lại").click()
    expect(page.locator('.grid-cell[data-position="1"]')).to_have_class("grid-cell is-flagged")
    for position in (1, 2, 3):
        chosen[questions[position - 1]] = choose(
            page, position, position % 4, keyboard=position == 2
        )
        expect(page.locator(f"#status-{questions[position - 1]}")).to_have_text("Đã lưu")
        page.locator(f"#q-{position}").get_by_role("button", name="Câu tiếp →").click()
        expect(page.locator(f"#q-{position + 1}")).to_be_focused()

    phone.set_offline(True)
    for position in (4, 5, 6):
        chosen[questions[position - 1]] = choose(page, position, 3 - position % 4)
        expect(page.locator("#offline-banner")).to_be_visible()
        expect(page.locator("#offline-banner")).to_contain_text("Mất kết nối")
        expect(page.locator(f"#status-{questions[position - 1]}")).to_have_text(
            "Chưa gửi được — sẽ tự gửi lại"
        )
        if position < 6:
            page.locator(f"#q-{position}").get_by_role("button", name="Câu tiếp →").click()
    queued = page.evaluate(
        f"Object.keys(JSON.parse(localStorage.getItem('thiluat.queue.{attempt_id}')))"
    )
    assert sorted(map(int, queued)) == sorted(questions[3:])
    expect(page.locator(".grid-cell.is-answered")).to_have_count(6)

    phone.set_offline(False)
    for question_id in questions[3:]:
        expect(page.locator(f"#status-{question_id}")).to_have_text("Đã lưu")
    expect(page.locator("#offline-banner")).to_be_hidden()
    expect(page.locator("#save-status")).to_have_text("Mọi câu trả lời đã được lưu.")
    assert page.evaluate(f"localStorage.getItem('thiluat.queue.{attempt_id}')") == "{}"

    # A reload (or another device) shows every saved answer; the flag stays on this phone.
    page.reload()
    for position, question_id in enumerate(questions, start=1):
        expect(
            page.locator(f'#q-{position} input[type=radio][value="{chosen[question_id]}"]')
        ).to_be_checked()
    expect(page.locator('.grid-cell[data-position="1"]')).to_have_class(
        "grid-cell is-answered is-flagged"
    )

    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Xác nhận nộp bài")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bạn đã trả lời 6/6 câu")
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Kết quả lượt thi 1")).to_be_visible()

    db.session.rollback()  # end this transaction: read what the server committed since
    saved = dict(
        db.session.execute(
            select(Answer.question_id, Answer.option_ids).where(Answer.attempt_id == attempt_id)
        ).all()
    )
    assert saved == {question_id: [option_id] for question_id, option_id in chosen.items()}
    attempt = db.session.get(Attempt, attempt_id)
    assert (attempt.round_id, attempt.status) == (round_id, AttemptStatus.SUBMITTED)


def test_a_fill_in_answer_typed_on_a_phone_is_saved_offline_and_scored(phone, make_user):
    from tests.contest.attempts.taking import FILL_IN_TEXT, fill_in_round

    candidate = make_user()
    round_ = fill_in_round(time_limit_seconds=1800)
    slug = round_.contest.slug
    db.session.commit()
    page = phone.new_page()
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(candidate.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"/contests/{slug}")
    page.get_by_label("Tôi đã đọc, hiểu và đồng ý với thể lệ cuộc thi.").check()
    page.get_by_role("button", name="Đồng ý thể lệ").click()
    page.get_by_role("button", name="Vào thi").click()
    page.locator("#q-1").get_by_role("button", name="Câu tiếp →").click()
    expect(page.locator("#q-2 legend")).to_contain_text(FILL_IN_TEXT)
    attempt_id = int(page.locator("#quiz").get_attribute("data-attempt"))
    question_id = int(page.locator("#q-2").get_attribute("data-question"))
    box = page.get_by_label("Câu trả lời của bạn")

    box.fill("Quốc")  # saved a moment after typing stops
    expect(page.locator(f"#status-{question_id}")).to_have_text("Đã lưu")
    expect(page.locator('.grid-cell[data-position="2"]')).to_have_class("grid-cell is-answered")
    phone.set_offline(True)
    box.fill("quoc hoi")
    expect(page.locator(f"#status-{question_id}")).to_have_text("Chưa gửi được — sẽ tự gửi lại")
    phone.set_offline(False)
    expect(page.locator(f"#status-{question_id}")).to_have_text("Đã lưu")

    page.reload()
    expect(page.get_by_label("Câu trả lời của bạn")).to_have_value("quoc hoi")
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_role("heading", name="Kết quả lượt thi 1")).to_be_visible()

    db.session.rollback()  # read what the server committed since
    saved = db.session.scalar(select(Answer.text).where(Answer.attempt_id == attempt_id))
    attempt = db.session.get(Attempt, attempt_id)
    assert (saved, attempt.score) == ("quoc hoi", 2.0)  # accepted without diacritics
