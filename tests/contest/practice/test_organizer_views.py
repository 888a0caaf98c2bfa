"""The organizers' practice pages: open questions to practice by topic or one by one."""

from __future__ import annotations

import re
from datetime import timedelta

from contest.core.extensions import db
from contest.practice.eligibility import marked_ids
from contest.rounds.models import RoundQuestion
from tests.contest.attempts.pages import page
from tests.contest.practice.bank import practice_bank
from tests.factories.rounds import gen_open_round


def test_the_topics_page_counts_what_candidates_can_practise(client, organizer, now):
    questions = practice_bank("Lao động", 3)
    upcoming = gen_open_round(
        questions=0, opens_at=now() + timedelta(days=1), closes_at=now() + timedelta(days=8)
    )
    upcoming.fixed_questions = [RoundQuestion(question_id=questions[0].id, position=1)]
    db.session.commit()

    html = page(client.get("/organizer/practice/"))

    assert "Lao động" in html
    # active, open to practice, practicable now (one is in the upcoming round)
    assert "<td>3</td> <td>3</td> <td>2</td>" in re.sub(r"\s+", " ", html)
    assert "Đóng cả chủ đề" in html


def test_an_organizer_opens_a_whole_topic_then_closes_it(client, organizer):
    questions = practice_bank("Căn cước", 2, marked=False)
    db.session.commit()
    ids = [q.id for q in questions]

    opened = client.post(
        f"/organizer/practice/topics/{questions[0].topic_id}", data={"eligible": "1"}
    )
    assert marked_ids(ids) == set(ids)
    client.post(f"/organizer/practice/topics/{questions[0].topic_id}", data={"eligible": "0"})

    assert opened.status_code == 302
    assert marked_ids(ids) == set()
    assert "Đã mở luyện tập cho cả chủ đề." in page(client.get(opened.headers["Location"]))


def test_an_organizer_ticks_questions_one_by_one(client, organizer, now):
    questions = practice_bank("Căn cước", 3, marked=False)
    gen_open_round(questions=0).fixed_questions = [
        RoundQuestion(question_id=questions[2].id, position=1)
    ]
    db.session.commit()
    topic_page = page(client.get(f"/organizer/practice/topics/{questions[0].topic_id}"))

    client.post(
        f"/organizer/practice/topics/{questions[0].topic_id}/questions",
        data={
            "shown": [str(q.id) for q in questions],
            "marked": [str(questions[0].id), str(questions[2].id)],
        },
    )

    assert "Thuộc tuần thi đang mở hoặc sắp mở" in topic_page
    assert marked_ids(q.id for q in questions) == {questions[0].id, questions[2].id}
