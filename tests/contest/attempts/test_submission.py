"""Submitting: idempotent, the prediction locked at the first submission, scoring."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contest.attempts import submission
from contest.attempts.models import AttemptStatus, RoundPrediction
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.rounds.models import RoundQuestion
from questions.models import Difficulty
from tests.contest.attempts.taking import answer, begin, key, submit, wrong
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_open_round, gen_participation

GRACE = timedelta(seconds=2)


def fixed_round(candidate, questions, **settings):
    round_ = gen_open_round(questions=0, **settings)
    round_.fixed_questions = [
        RoundQuestion(question_id=q.id, position=i) for i, q in enumerate(questions)
    ]
    gen_participation(round_.contest, candidate)
    db.session.commit()
    return round_


def test_submit_scores_and_times_the_attempt(app, now, candidate):
    round_ = gen_open_round(questions=3)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    q1, q2, _q3 = (item.question_id for item in attempt.questions)
    answer(attempt, q1, key(q1), now())
    answer(attempt, q2, wrong(q2), now())

    now(now() + timedelta(minutes=4, seconds=5))
    submit(attempt, now())

    assert (attempt.status, attempt.score, attempt.max_score, attempt.correct_count) == (
        AttemptStatus.SUBMITTED,
        1.0,
        3.0,
        1,
    )
    assert attempt.duration_ms == 245_000
    assert attempt.submitted_at == now()


def test_submitting_twice_answers_the_same_result(app, now, candidate):
    round_ = gen_open_round(questions=1)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    submit(attempt, now())
    first = (attempt.submitted_at, attempt.score, attempt.duration_ms)

    now(now() + timedelta(seconds=3))
    again = submit(attempt, now())

    assert (again.submitted_at, again.score, again.duration_ms) == first


def test_submit_within_the_grace_counts_but_time_stops_at_the_deadline(app, now, candidate):
    round_ = gen_open_round(questions=1, time_limit_seconds=60)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())

    now(attempt.deadline + GRACE)
    submit(attempt, now())

    assert attempt.status == AttemptStatus.SUBMITTED
    assert attempt.duration_ms == 60_000


def test_submit_after_the_grace_finds_the_attempt_expired(app, now, candidate):
    round_ = gen_open_round(questions=1, time_limit_seconds=60, prediction_question="Bao nhiêu?")
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())

    now(attempt.deadline + GRACE + timedelta(seconds=1))
    submit(attempt, now(), prediction=5)

    assert attempt.status == AttemptStatus.EXPIRED
    assert db.session.get(RoundPrediction, (round_.id, candidate.id)) is None


@pytest.mark.parametrize("value", [None, "", -1, "-3", "ba", "1.5", 1.5, True, [3]])
def test_prediction_is_required_as_a_whole_number(app, now, candidate, value):
    round_ = gen_open_round(questions=1, prediction_question="Bao nhiêu người trả lời đúng hết?")
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())

    with pytest.raises(InvalidInput) as error:
        submit(attempt, now(), prediction=value)

    assert "prediction" in error.value.details["fields"]
    db.session.rollback()
    assert attempt.status == AttemptStatus.IN_PROGRESS


def test_prediction_is_locked_at_the_first_submission(app, now, candidate):
    round_ = gen_open_round(questions=1, max_attempts=3, prediction_question="Bao nhiêu?")
    gen_participation(round_.contest, candidate)
    first = begin(round_, candidate, now())
    submit(first, now(), prediction="120")

    second = begin(round_, candidate, now())
    submit(second, now())
    third = begin(round_, candidate, now())
    with pytest.raises(submission.PredictionLocked) as error:
        submit(third, now(), prediction=99)
    db.session.rollback()
    submit(third, now(), prediction=120)

    lock = db.session.get(RoundPrediction, (round_.id, candidate.id))
    assert (lock.value, lock.attempt_id) == (120, first.id)
    assert [first.prediction, second.prediction, third.prediction] == [120, 120, 120]
    assert (error.value.status, error.value.code) == (409, "prediction_locked")
    assert error.value.details == {"prediction": 120}


def test_round_without_prediction_ignores_one(app, now, candidate):
    round_ = gen_open_round(questions=1)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())

    submit(attempt, now(), prediction=7)

    assert attempt.prediction is None
    assert db.session.query(RoundPrediction).count() == 0


def test_points_per_question_setting(app, now, candidate):
    questions = [gen_question("Hiến pháp") for _ in range(2)]
    round_ = fixed_round(candidate, questions, points_per_question=2.5)
    attempt = begin(round_, candidate, now())
    answer(attempt, questions[0].id, key(questions[0].id), now())

    submit(attempt, now())

    assert (attempt.score, attempt.max_score) == (2.5, 5.0)


def test_points_by_difficulty_use_the_version_shown(app, now, candidate):
    easy, hard = gen_question("Hiến pháp", "easy"), gen_question("Hiến pháp", "hard")
    round_ = fixed_round(candidate, [easy, hard], points_by_difficulty={"easy": 1, "hard": 3})
    attempt = begin(round_, candidate, now())
    answer(attempt, hard.id, key(hard.id), now())
    hard.difficulty = Difficulty.EASY  # reclassified after the attempt started: the version counts
    db.session.commit()

    submit(attempt, now())

    assert (attempt.score, attempt.max_score, attempt.correct_count) == (3.0, 4.0, 1)


@pytest.mark.parametrize(("mode", "score"), [("all_or_nothing", 0.0), ("partial", 0.5)])
def test_multiple_choice_scoring_setting(app, now, candidate, mode, score):
    question = gen_question("Luật Hôn nhân", qtype="multiple", correct=(0, 1))
    round_ = fixed_round(candidate, [question], multi_choice_scoring=mode)
    attempt = begin(round_, candidate, now())
    answer(attempt, question.id, key(question.id)[:1], now())

    submit(attempt, now())

    assert attempt.score == score


def test_scoring_uses_the_key_of_the_version_shown_not_a_later_edit(app, now, candidate):
    from questions.services import OptionInput, QuestionInput, edit_question

    question = gen_question("Hiến pháp", correct=(0,))
    round_ = fixed_round(candidate, [question])
    attempt = begin(round_, candidate, now())
    answer(attempt, question.id, key(question.id), now())
    edit_question(
        question,
        QuestionInput(
            text=question.current.text,
            qtype=question.qtype,
            topic=question.topic.name,
            difficulty=question.difficulty,
            options=[OptionInput(o.text, i == 1) for i, o in enumerate(question.current.options)],
        ),
    )
    db.session.commit()

    submit(attempt, now())

    assert attempt.correct_count == 1


def test_a_submission_is_timed_once_the_attempt_is_locked_not_when_it_arrived(app, now, candidate):
    round_ = gen_open_round(questions=2)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    now(now() + timedelta(minutes=2))

    submitted = submit(attempt, now() - timedelta(seconds=3))  # it waited behind a save

    assert submitted.submitted_at == now()
