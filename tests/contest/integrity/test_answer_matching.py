"""Answer sheets: the same typed answer is the same answer, as scoring compares it."""

from __future__ import annotations

from contest.core.extensions import db
from contest.integrity.answer_matching import answer_sheets
from tests.contest.attempts.taking import begin, fill_in_round, submit, type_answer
from tests.factories.rounds import gen_participation


def test_typed_answers_that_compare_equal_make_the_same_sheet(app, now, make_user):
    round_ = fill_in_round()
    attempts = []
    for typed in ("Chính phủ", "  chính PHỦ "):
        user = make_user()
        gen_participation(round_.contest, user)
        db.session.commit()
        attempt = begin(round_, user, now())
        type_answer(attempt, typed, now())
        submit(attempt, now())
        attempts.append(attempt)

    sheets = answer_sheets(round_)

    first, second = (sheets[a.id][0] for a in attempts)
    assert first == second
    assert len(first) == 1
