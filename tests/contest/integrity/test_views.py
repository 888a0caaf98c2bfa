"""Integrity pages: flags linked to the attempt record; the record says whether the draw matches."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.attempts.models import AttemptEvent, AttemptEventKind
from contest.core.extensions import db
from contest.rounds.models import BlueprintItem
from tests.contest.readers import html_of
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_round
from tests.factories.scenes import gen_first_week_board


@pytest.fixture
def board(app, now, make_user):
    return gen_first_week_board(make_user)


def test_integrity_page_links_flags_to_the_attempt_record(client, auth, board, make_user):
    round_, an, binh, _ = board
    attempt = gen_attempt(round_, gen_candidate(), score=1, duration_ms=10)
    round_.fixed_questions = []
    db.session.add(
        AttemptEvent(
            attempt_id=attempt.id,
            kind=AttemptEventKind.LATE_SAVE,
            at=attempt.deadline + timedelta(seconds=2),
            ip="203.0.113.8",
            user_agent="Chrome 140",
        )
    )
    db.session.commit()
    auth.login(make_user("judge"))

    html = html_of(client, f"/results/rounds/{round_.id}/integrity")
    record = html_of(client, f"/results/attempts/{attempt.id}")

    assert "Lưu câu trả lời sau khi hết giờ" in html
    assert f"/results/attempts/{attempt.id}" in html
    assert "203.0.113.8" in record
    assert "Chrome 140" in record
    assert "late_save" in record


def test_attempt_record_page_says_khop_or_khong_khop(client, auth, app, now, make_user):
    questions = [gen_question("Hiến pháp") for _ in range(3)]
    round_ = gen_round(shuffle_questions=False, shuffle_options=False)
    round_.blueprint = [BlueprintItem(topic_id=questions[0].topic_id, count=2)]
    round_.pool_snapshot = {f"{questions[0].topic_id}:*": [q.id for q in questions]}
    from contest.integrity.records import snapshot_cells
    from questions.draw import draw_questions

    drawn = draw_questions(7, snapshot_cells(round_), shuffle=False)
    good = gen_attempt(round_, gen_candidate(), seed=7)
    bad = gen_attempt(round_, gen_candidate(), seed=7)
    by_id = {q.id: q for q in questions}
    for position, qid in enumerate(drawn):
        gen_attempt_question(good, by_id[qid], position)
    for position, qid in enumerate(reversed(drawn)):
        gen_attempt_question(bad, by_id[qid], position)
    db.session.commit()
    auth.login(make_user("judge"))

    assert "không khớp" not in html_of(client, f"/results/attempts/{good.id}")
    assert "không khớp" in html_of(client, f"/results/attempts/{bad.id}")
