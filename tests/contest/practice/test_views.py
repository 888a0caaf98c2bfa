"""The practice pages without JavaScript: choose topics, answer, read the explanation, sum up."""

from __future__ import annotations

import re

from sqlalchemy import select

from contest.core.extensions import db
from contest.practice.models import PracticeSession
from tests.contest.attempts.pages import page
from tests.contest.practice.bank import practice_bank, right, wrong


def start(client, topic_ids, count=10):
    response = client.post(
        "/practice/", data={"topics": [str(t) for t in topic_ids], "count": count}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def current_item(session_url):
    session = db.session.scalar(select(PracticeSession).order_by(PracticeSession.id.desc()))
    db.session.refresh(session)
    return session, next(i for i in session.items if i.answered_at is None)


def test_the_practice_page_offers_the_topics_with_practice_questions(signed_in, bank):
    practice_bank("Căn cước", 2, marked=False)
    db.session.commit()

    html = page(signed_in.get("/practice/"))

    assert "Lao động" in html
    assert "(4 câu)" in html
    assert "Căn cước" not in html
    assert "không ảnh hưởng đến xếp hạng" in html


def test_a_candidate_practises_one_question_at_a_time_without_javascript(signed_in, bank):
    url = start(signed_in, [bank[0].topic_id], 5)
    html = page(signed_in.get(url))
    session, item = current_item(url)

    assert "Câu 1/4" in html
    assert item.version.text in html
    assert "is-correct" not in html  # no hint of the key before the answer
    assert html.count('name="option"') == len(item.option_order)

    response = signed_in.post(
        f"/practice/sessions/{session.id}/questions/{item.question_id}",
        data={"option": [str(o) for o in wrong(item)]},
    )
    feedback = page(signed_in.get(response.headers["Location"]))

    assert response.headers["Location"].endswith("?q=1#feedback-1")
    assert "Chưa đúng." in feedback
    assert "(đáp án đúng)" in feedback
    assert item.version.explanation in feedback
    assert "Căn cứ pháp lý" in feedback
    assert "Câu tiếp →" in feedback


def test_the_next_page_after_an_answer_is_the_next_question_then_the_summary(signed_in, bank):
    url = start(signed_in, [bank[0].topic_id], 2)
    for position in (1, 2):
        session, item = current_item(url)
        assert f"Câu {position}/2" in page(signed_in.get(url))
        signed_in.post(
            f"/practice/sessions/{session.id}/questions/{item.question_id}",
            data={"option": [str(o) for o in right(item)]},
        )

    summary = page(signed_in.get(url))

    assert "Kết quả luyện tập" in summary
    assert "2/2" in summary
    assert "Bạn đã trả lời đúng tất cả các câu" in summary


def test_answering_without_a_choice_asks_for_one(signed_in, bank):
    url = start(signed_in, [bank[0].topic_id], 1)
    session, item = current_item(url)

    response = signed_in.post(
        f"/practice/sessions/{session.id}/questions/{item.question_id}", data={}
    )

    assert "Hãy chọn một phương án." in page(signed_in.get(response.headers["Location"]))
    assert current_item(url)[1].question_id == item.question_id


def test_a_second_post_of_the_same_answer_shows_the_first_answers_feedback(signed_in, bank):
    url = start(signed_in, [bank[0].topic_id], 1)
    session, item = current_item(url)
    address = f"/practice/sessions/{session.id}/questions/{item.question_id}"
    signed_in.post(address, data={"option": [str(o) for o in wrong(item)]})

    again = signed_in.post(address, data={"option": [str(o) for o in right(item)]})

    assert "Chưa đúng." in page(signed_in.get(again.headers["Location"]))


def test_starting_without_a_topic_explains_what_is_missing(signed_in, bank):
    response = signed_in.post("/practice/", data={"count": "5"})

    assert response.status_code == 400
    assert "Hãy chọn ít nhất một chủ đề." in response.get_data(as_text=True)


def test_another_candidates_session_is_not_found(client, auth, make_user, bank):
    owner, other = make_user(), make_user()
    auth.login(owner)
    url = start(client, [bank[0].topic_id], 1)
    auth.logout()
    auth.login(other)

    assert client.get(url).status_code == 404


def test_the_question_page_carries_the_api_address_for_the_enhanced_form(signed_in, bank):
    url = start(signed_in, [bank[0].topic_id], 1)
    session, item = current_item(url)
    html = page(signed_in.get(url))

    answer_url = re.search(r'data-answer-url="([^"]+)"', html).group(1)

    assert answer_url == f"/api/v1/practice/sessions/{session.id}/answers/{item.question_id}"
    assert "js/practice.js" in html
