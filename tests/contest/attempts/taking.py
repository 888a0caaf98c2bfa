"""Taking an attempt through the services, as the pages and the API do, committing each step."""

from __future__ import annotations

from sqlalchemy import select

from contest.accounts.models import User
from contest.attempts import answers, submission
from contest.attempts.models import AttemptEvent
from contest.attempts.start import Client, start_attempt
from contest.core.extensions import db
from questions.models import Difficulty, Question, QuestionType
from questions.services import QuestionInput, create_question
from tests.factories.rounds import gen_open_round, gen_participation

CLIENT = Client(ip="198.51.100.4", user_agent="Mozilla/5.0 (Linux; Android 9)")


def begin(round_, user, at):
    attempt, _ = start_attempt(round_.id, user, Client(), at)
    db.session.commit()
    return attempt


def answer(attempt, question_id, option_ids, at):
    user = db.session.get(User, attempt.user_id)
    answers.save_answer(attempt.id, user, question_id, option_ids, client=Client(), now=at)
    db.session.commit()


def submit(attempt, at, prediction=None):
    user = db.session.get(User, attempt.user_id)
    submitted = submission.submit_attempt(attempt.id, user, prediction, at)
    db.session.commit()
    return submitted


def key(question_id):
    question = db.session.get(Question, question_id)
    return sorted(o.id for o in question.current.options if o.is_correct)


def wrong(question_id):
    question = db.session.get(Question, question_id)
    return [next(o.id for o in question.current.options if not o.is_correct)]


def finished(candidate, now, **settings):
    """A submitted attempt of a new two-question round, its first question answered right."""
    round_ = gen_open_round(questions=2, **settings)
    gen_participation(round_.contest, candidate)
    attempt = begin(round_, candidate, now())
    first = attempt.questions[0].question_id
    answer(attempt, first, key(first), now())
    submit(attempt, now())
    return attempt


def owner(attempt):
    return db.session.get(User, attempt.user_id)


def save(attempt, index, positions, at, **kwargs):
    """Save the options at these positions (as shown) for the attempt's question at `index`."""
    item = attempt.questions[index]
    chosen = [item.option_order[p] for p in positions]
    answer = answers.save_answer(
        attempt.id, owner(attempt), item.question_id, chosen, client=CLIENT, now=at, **kwargs
    )
    db.session.commit()
    return answer


def events(kind):
    return db.session.scalars(select(AttemptEvent).where(AttemptEvent.kind == kind)).all()


FILL_IN_TEXT = "Cơ quan quyền lực nhà nước cao nhất là ___?"


def fill_in_round(**settings):
    """An open round drawing two questions, in the order shown: a single choice, then a fill-in
    question accepting "Quốc hội" (also typed without diacritics), worth 2 points."""
    round_ = gen_open_round(questions=1, shuffle_questions=False, **settings)
    topic = round_.blueprint[0].topic.name
    create_question(
        QuestionInput(
            FILL_IN_TEXT,
            QuestionType.FILL_IN,
            [],
            topic,
            Difficulty.EASY,
            answers=["Quốc hội", "Quốc hội Việt Nam"],
            ignore_diacritics=True,
            points=2.0,
        )
    )
    round_.blueprint[0].count = 2
    db.session.flush()
    return round_


def fill_in_item(attempt):
    """The attempt's fill-in question (as shown)."""
    return next(q for q in attempt.questions if q.version.qtype == QuestionType.FILL_IN)


def type_answer(attempt, text, at, **kwargs):
    """Save a typed answer to the attempt's fill-in question."""
    item = fill_in_item(attempt)
    saved = answers.save_answer(
        attempt.id,
        owner(attempt),
        item.question_id,
        None,
        text=text,
        client=CLIENT,
        now=at,
        **kwargs,
    )
    db.session.commit()
    return saved
