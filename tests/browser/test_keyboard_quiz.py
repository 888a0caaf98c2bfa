"""The whole quiz with the keyboard alone: Tab to reach, Space and the arrow keys to answer,
Enter to move between questions and to submit, a number typed for the prediction question; the
element that has the focus is always outlined.

Every page on the way is screenshotted and checked by axe-core (check_page).
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from contest.attempts.models import Answer, Attempt, AttemptStatus
from contest.core.extensions import db
from tests.browser.conftest import BROWSER_TESTS
from tests.conftest import PASSWORD
from tests.factories.rounds import gen_open_round, gen_participation

pytestmark = BROWSER_TESTS
MAX_TABS = 60
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', id: el.id,
    name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
    outlined: el.matches(':focus-visible') && style.outlineStyle !== 'none'
      && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


def tab_to(page, wanted, *, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element is the wanted one; each stop is
    outlined."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = focused(page)
        assert element["outlined"], f"no visible focus on {element}"
        if wanted(element):
            return element
    raise AssertionError(f"Tab never reached the element; last focus: {element}")


def button(name: str):
    return lambda element: element["tag"] == "button" and element["name"] == name


def radio(element) -> bool:
    return element["type"] == "radio"


def checked_value(page, position: int) -> str | None:
    checked = page.locator(f"#q-{position} input[type=radio]:checked")
    return checked.get_attribute("value") if checked.count() else None


def answer_with_keys(page, position: int, arrows: int) -> str:
    """Tab into the question's options, Space picks the first, the arrow keys move the choice."""
    tab_to(page, radio)
    page.keyboard.press("Space")
    for _ in range(arrows):
        page.keyboard.press("ArrowDown")
    value = checked_value(page, position)
    assert value == page.locator(f"#q-{position} input[type=radio]").nth(arrows).get_attribute(
        "value"
    )
    question_id = page.locator(f"#q-{position}").get_attribute("data-question")
    expect(page.locator(f"#status-{question_id}")).to_have_text("Đã lưu")
    return value


def test_a_candidate_takes_the_whole_quiz_with_the_keyboard_alone(
    browser_window, make_user, check_page
):
    candidate = make_user()
    round_ = gen_open_round(
        questions=3,
        time_limit_seconds=1800,
        prediction_question="Bao nhiêu người trả lời đúng cả ba câu?",
        prediction_target="perfect_candidates",
    )
    gen_participation(round_.contest, candidate)
    db.session.commit()
    slug = round_.contest.slug
    page = browser_window(390, 844).new_page()
    page.goto("/login")
    page.get_by_label("Email, số điện thoại hoặc số CCCD").fill(candidate.phone)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"/contests/{slug}")

    tab_to(page, button("Vào thi"))
    page.keyboard.press("Enter")
    expect(page.locator("#q-1 legend")).to_contain_text("Câu 1/3")
    check_page(page, "quiz by keyboard")
    chosen = {1: answer_with_keys(page, 1, arrows=2)}

    tab_to(page, button("Câu tiếp →"))
    page.keyboard.press("Enter")
    expect(page.locator("#q-2")).to_be_focused()
    chosen[2] = answer_with_keys(page, 2, arrows=1)
    tab_to(page, button("← Câu trước"))
    page.keyboard.press("Enter")  # back to the first: its answer is still chosen
    expect(page.locator("#q-1")).to_be_focused()
    assert checked_value(page, 1) == chosen[1]
    tab_to(page, button("Câu 3, chưa trả lời"), backwards=True)  # the question grid
    page.keyboard.press("Enter")
    expect(page.locator("#q-3")).to_be_visible()
    chosen[3] = answer_with_keys(page, 3, arrows=3)
    expect(page.locator(".grid-cell.is-answered")).to_have_count(3)

    tab_to(page, button("Nộp bài"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Xác nhận nộp bài")).to_be_visible()
    check_page(page, "confirm by keyboard")
    tab_to(page, lambda element: element["id"] == "prediction")
    page.keyboard.type("7")
    tab_to(page, button("Nộp bài"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Kết quả lượt thi 1")).to_be_visible()
    check_page(page, "result by keyboard")

    db.session.rollback()  # read what the server committed
    attempt = db.session.scalar(select(Attempt))
    saved = db.session.scalars(
        select(Answer.option_ids).where(Answer.attempt_id == attempt.id)
    ).all()
    assert (attempt.status, attempt.prediction) == (AttemptStatus.SUBMITTED, 7)
    assert sorted(ids[0] for ids in saved) == sorted(int(value) for value in chosen.values())
