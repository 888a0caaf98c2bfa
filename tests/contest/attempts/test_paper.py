"""The paper drawn once and kept, and the hot path it makes cheap: SQL statements per request.

The statements of the request's own work are counted (not BEGIN, SAVEPOINT or the engine's
PRAGMAs), through the API as a candidate's browser sends them. The bounds are today's counts:
a test fails if a change makes the hot path grow, or makes it grow with the number of questions.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from sqlalchemy import event, select

from contest.attempts import paper, start
from contest.attempts.models import Attempt, AttemptQuestion
from contest.core.clock import utcnow
from contest.core.extensions import db
from contest.rounds.models import Round
from tests.factories.rounds import gen_open_round, gen_participation

SAVE_STATEMENTS = 4  # session and user, attempt and round (locked), the answer upserted, event
# session and user, round, contest, entry (and group), attempts, blueprint, the draw (3), writes
START_STATEMENTS = 14
SUBMIT_STATEMENTS = 7  # session and user, attempt (locked), claim, regrades, answers, score, event
# A paper not in memory: its drawn questions, one query; the versions' cards come from memory
# (a round's attempts share its pool), or two more queries (versions, options) in a new worker.
PAPER_READ = 1
PAPER_READ_COLD = 3
# Attempts in progress at once on one node at a province's peak (10,000 candidates arriving
# over 20 minutes, sitting 10 to 15 minutes each: some 5,500), with room to spare.
PEAK_IN_PROGRESS = 10_000


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements run meanwhile (transaction control and PRAGMAs left out)."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA")):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def started(signed_in, candidate, questions: int) -> dict:
    round_ = gen_open_round(questions=questions)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    response = signed_in.post(f"/api/v1/rounds/{round_.id}/attempts")
    assert response.status_code == 201
    return response.get_json()


def put_answer(client, body: dict, index: int = 0):
    question = body["questions"][index]
    url = f"/api/v1/attempts/{body['id']}/answers/{question['id']}"
    response = client.put(url, json={"option_ids": [question["options"][0]["id"]]})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("questions", [3, 30])
def test_a_save_costs_a_few_statements_whatever_the_number_of_questions(
    signed_in, candidate, questions
):
    body = started(signed_in, candidate, questions)
    put_answer(signed_in, body, 0)  # the answer exists: the next save changes it

    with statements() as first:
        put_answer(signed_in, body, questions - 1)
    with statements() as again:
        put_answer(signed_in, body, 0)

    assert len(first) <= SAVE_STATEMENTS, first
    assert len(again) <= SAVE_STATEMENTS, again


@pytest.mark.parametrize("questions", [3, 30])
def test_a_start_costs_a_few_statements_whatever_the_number_of_questions(
    app, signed_in, candidate, make_user, auth, questions
):
    round_ = gen_open_round(questions=questions)
    first = make_user()
    for user in (first, candidate):
        gen_participation(round_.contest, user)
    db.session.commit()
    opener = app.test_client()
    type(auth)(opener).login(first)
    opener.post(f"/api/v1/rounds/{round_.id}/attempts")  # the round opens: its pool is frozen

    with statements() as run:
        response = signed_in.post(f"/api/v1/rounds/{round_.id}/attempts")

    assert response.status_code == 201
    assert len(run) <= START_STATEMENTS, run
    assert not [s for s in run if s.lstrip().startswith("SELECT answer")], "a new paper is empty"


def test_a_rounds_draw_cells_are_worked_out_once_it_has_opened(app):
    """Once the first start froze the round's pool, its blueprint never changes: a start in a
    new request (its own session) draws from cells this process already knows."""
    round_id = gen_open_round(questions=3, pool=5).id
    db.session.commit()
    opened = start.pool_cells(db.session.get(Round, round_id), utcnow())  # the round opens
    db.session.commit()
    db.session.expunge_all()  # the next request's session: nothing loaded yet
    round_ = db.session.get(Round, round_id)

    with statements() as run:
        cells = start.pool_cells(round_, utcnow())

    assert cells == opened
    assert run == [], "the blueprint is not read again"


def test_the_draw_cells_kept_are_the_rounds_own(app):
    first, second = gen_open_round(questions=2, pool=3), gen_open_round(questions=3, pool=4)
    db.session.commit()

    cells = {r.id: start.pool_cells(r, utcnow()) for r in (first, second)}
    db.session.commit()
    db.session.expunge_all()

    for round_id, opened in cells.items():
        again = start.pool_cells(db.session.get(Round, round_id), utcnow())
        assert again == opened
        assert [cell.count for cell in again] == [db.session.get(Round, round_id).question_count]


@pytest.mark.parametrize("questions", [3, 30])
def test_a_submit_costs_a_few_statements_whatever_the_number_of_questions(
    signed_in, candidate, questions, monkeypatch
):
    body = started(signed_in, candidate, questions)
    put_answer(signed_in, body)
    # The result's rank is read from the board, rebuilt when stale: counted apart (ranking).
    monkeypatch.setattr("contest.attempts.api.result_body", lambda result: {"id": body["id"]})
    monkeypatch.setattr("contest.ranking.results.attempt_result", lambda *args: None)

    with statements() as run:
        response = signed_in.post(f"/api/v1/attempts/{body['id']}/submit", json={})

    assert response.status_code == 200
    assert len(run) <= SUBMIT_STATEMENTS, run


def test_the_paper_is_read_once_and_kept(signed_in, candidate):
    body = started(signed_in, candidate, 4)
    attempt = db.session.get(Attempt, body["id"])
    paper.forget(attempt)

    with statements() as first:
        drawn = paper.paper(attempt)
    with statements() as again:
        assert paper.paper(attempt) == drawn

    assert len(first) == PAPER_READ
    assert again == []
    assert [item.question_id for item in drawn] == [q["id"] for q in body["questions"]]
    paper.forget(attempt)
    paper.forget_cards()  # a worker that has never seen these versions
    with statements() as cold:
        assert paper.paper(attempt) == drawn
    assert len(cold) == PAPER_READ_COLD
    shown = db.session.scalars(
        select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id)
    ).all()
    orders = {row.question_id: tuple(row.option_order) for row in shown}
    assert {item.question_id: item.option_ids for item in drawn} == orders


def test_a_started_paper_is_kept_without_being_read_again(signed_in, candidate):
    body = started(signed_in, candidate, 4)
    attempt = db.session.get(Attempt, body["id"])

    with statements() as run:
        drawn = paper.paper(attempt)

    assert run == []
    assert [(i.question_id, [o[0] for o in i.options]) for i in drawn] == [
        (q["id"], [o["id"] for o in q["options"]]) for q in body["questions"]
    ]


def test_a_paper_is_kept_under_the_attempts_seed_too(signed_in, candidate):
    body = started(signed_in, candidate, 2)
    attempt = db.session.get(Attempt, body["id"])
    paper.paper(attempt)
    reused = SimpleNamespace(id=attempt.id, seed=attempt.seed + 1)  # the id of another attempt

    with statements() as run:
        paper.paper(reused)

    assert len(run) == PAPER_READ


def test_a_save_reads_no_paper_while_a_provinces_peak_is_in_progress(signed_in, candidate):
    # At a deadline's peak a node serves every attempt in progress: any worker may get any
    # save (behind a proxy), so each worker must keep them all, or each save reads its paper.
    body = started(signed_in, candidate, 4)
    drawn = paper.paper(db.session.get(Attempt, body["id"]))
    others = [SimpleNamespace(id=-1 - n, seed=0) for n in range(PEAK_IN_PROGRESS)]
    for other in others:
        paper._keep((other.id, other.seed), drawn)  # the papers of other attempts, seen since

    with statements() as run:
        put_answer(signed_in, body)

    assert not [s for s in run if "attempt_question" in s], run
    for other in others:
        paper.forget(other)


def test_a_kept_item_shares_its_versions_texts_and_its_options_order(signed_in, candidate):
    # What makes thousands of papers fit: an item holds its place and its options' order, and
    # reads everything else through its version's card, kept once per process.
    body = started(signed_in, candidate, 3)
    attempt = db.session.get(Attempt, body["id"])
    paper.forget(attempt)
    read = paper.paper(attempt)  # read back from the database, as a worker that never saw it
    again = paper._read([attempt.id])[attempt.id]

    for item, copy in zip(read, again, strict=True):
        assert item.card is copy.card
        assert item.order is copy.order
        assert all(
            option is item.card.options[place]
            for option, place in zip(item.options, item.order, strict=True)
        )
    assert [[o[0] for o in item.options] for item in read] == [
        [o["id"] for o in q["options"]] for q in body["questions"]
    ]
