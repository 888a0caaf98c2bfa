"""The reading list ("Cần đọc lại"): every question missed in practice and in closed rounds."""

from __future__ import annotations

from datetime import timedelta

from contest.core.extensions import db
from contest.practice.reading_list import reading_list
from contest.practice.sessions import answer, start_session
from contest.rounds.models import ReviewPolicy
from tests.contest.attempts.taking import answer as save
from tests.contest.attempts.taking import begin, key, submit
from tests.contest.attempts.taking import wrong as wrong_choice
from tests.contest.practice.bank import practice_bank, right, wrong
from tests.factories.rounds import gen_open_round, gen_participation

LABOUR = "Bộ luật Lao động năm 2019"


def practise(candidate, questions, now, *, miss=()):
    """Answer every question of a new session: wrong for those in `miss`, right otherwise."""
    session = start_session(candidate, [questions[0].topic_id], len(questions), now)
    for item in session.items:
        chosen = wrong(item) if item.question_id in miss else right(item)
        answer(session.id, candidate, item.question_id, chosen, now)
    db.session.commit()
    return session


def round_taken(candidate, now, *, policy=ReviewPolicy.AFTER_CLOSE):
    """A two-question round the candidate took: first question right, second wrong."""
    round_ = gen_open_round(
        questions=2, review_policy=policy, closes_at=now() + timedelta(hours=1), topic="Hiến pháp"
    )
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    first, second = (item.question_id for item in attempt.questions)
    save(attempt, first, key(first), now())
    save(attempt, second, wrong_choice(second), now())
    submit(attempt, now())
    return round_, attempt, first, second


def test_practice_misses_are_grouped_by_law_and_provision(app, now, candidate):
    labour = practice_bank("Lao động", 2, legal_basis=f"Khoản 1 Điều 105 {LABOUR}")
    constitution = practice_bank("Hiến pháp", 1)
    practise(candidate, labour, now(), miss={q.id for q in labour})
    practise(candidate, constitution, now(), miss={constitution[0].id})

    laws = reading_list(candidate, now())

    assert [law.law for law in laws] == [LABOUR, "Hiến pháp năm 2013"]
    assert laws[0].question_count == 2
    assert [p.provision for p in laws[0].provisions] == ["Khoản 1 Điều 105"]
    assert {q.question_id for q in laws[0].provisions[0].questions} == {q.id for q in labour}
    assert all(q.in_practice and q.times == 1 for q in laws[0].provisions[0].questions)


def test_questions_answered_right_are_not_listed(app, now, candidate):
    questions = practice_bank("Lao động", 2)
    practise(candidate, questions, now(), miss={questions[0].id})

    listed = {
        q.question_id
        for law in reading_list(candidate, now())
        for p in law.provisions
        for q in p.questions
    }

    assert listed == {questions[0].id}


def test_a_miss_answered_right_later_stays_listed_and_says_so(app, now, candidate):
    questions = practice_bank("Lao động", 1)
    practise(candidate, questions, now(), miss={questions[0].id})
    now(now() + timedelta(minutes=15))
    practise(candidate, questions, now())

    (law,) = reading_list(candidate, now())

    assert law.provisions[0].questions[0].reviewed_right


def test_misses_of_a_closed_round_that_shows_the_key_are_listed(app, now, candidate):
    round_, attempt, first, second = round_taken(candidate, now)

    assert reading_list(candidate, now()) == []  # still open: the key is not shown yet
    now(now() + timedelta(hours=2))
    (law,) = reading_list(candidate, now())
    (question,) = [q for p in law.provisions for q in p.questions]

    assert question.question_id == second
    assert question.rounds[0].attempt_id == attempt.id
    assert question.rounds[0].round_name == round_.name
    assert not question.in_practice


def test_rounds_that_never_show_the_key_reveal_nothing_here(app, now, candidate):
    round_taken(candidate, now, policy=ReviewPolicy.SCORE_ONLY)
    now(now() + timedelta(hours=2))

    assert reading_list(candidate, now()) == []


def test_an_unanswered_question_of_a_round_counts_as_missed(app, now, candidate):
    round_ = gen_open_round(questions=2, closes_at=now() + timedelta(hours=1), topic="Hiến pháp")
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    submit(attempt, now())
    now(now() + timedelta(hours=2))

    listed = {
        q.question_id
        for law in reading_list(candidate, now())
        for p in law.provisions
        for q in p.questions
    }

    assert listed == {item.question_id for item in attempt.questions}


def test_a_question_without_legal_basis_is_kept_under_no_law(app, now, candidate):
    questions = practice_bank("Lao động", 1, legal_basis="")
    practise(candidate, questions, now(), miss={questions[0].id})

    (law,) = reading_list(candidate, now())

    assert (law.law, law.provisions[0].provision) == (None, "")


def test_another_candidates_misses_are_not_mine(app, now, candidate, make_user):
    questions = practice_bank("Lao động", 1)
    practise(make_user(), questions, now(), miss={questions[0].id})

    assert reading_list(candidate, now()) == []
