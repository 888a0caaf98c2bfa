"""An attempt's full record: the draw re-derived from its seed and compared with what was shown."""

from __future__ import annotations

from contest.attempts.models import AttemptEvent, AttemptEventKind, AttemptQuestion
from contest.core.extensions import db
from contest.integrity import records
from contest.rounds.models import BlueprintItem
from questions.draw import cell_key, draw_questions, option_order
from questions.models import Question
from tests.factories.accounts import gen_candidate
from tests.factories.attempts import gen_answer, gen_attempt, gen_attempt_question
from tests.factories.questions import gen_question
from tests.factories.rounds import gen_round


def _drawn_attempt(round_, user, number=1, seed=4242):
    ids = draw_questions(seed, records.snapshot_cells(round_), shuffle=round_.shuffle_questions)
    attempt = gen_attempt(round_, user, number=number, seed=seed)
    for position, qid in enumerate(ids):
        version = db.session.get(Question, qid).current
        order = option_order(
            seed, qid, [o.id for o in version.options], shuffle=round_.shuffle_options
        )
        db.session.add(
            AttemptQuestion(
                attempt_id=attempt.id,
                question_id=qid,
                version_id=version.id,
                position=position,
                option_order=order,
            )
        )
    db.session.flush()
    return attempt, ids


def _blueprint_round():
    questions = [gen_question("Hiến pháp") for _ in range(6)]
    round_ = gen_round()
    topic_id = questions[0].topic_id
    round_.blueprint = [BlueprintItem(topic_id=topic_id, difficulty=None, count=3)]
    round_.pool_snapshot = {cell_key(topic_id, None): [q.id for q in questions]}
    db.session.flush()
    return round_, questions


def test_attempt_record_rederives_the_draw_and_says_it_matches(app):
    round_, questions = _blueprint_round()
    attempt, ids = _drawn_attempt(round_, gen_candidate())
    gen_answer(attempt, db.session.get(Question, ids[0]), 2)
    db.session.add(
        AttemptEvent(
            attempt_id=attempt.id,
            kind=AttemptEventKind.SAVE,
            question_id=ids[0],
            at=attempt.started_at,
            ip="203.0.113.1",
            user_agent="Firefox",
        )
    )
    db.session.flush()

    record = records.attempt_record(attempt.id)

    assert record.derived_questions == ids
    assert record.questions_match
    assert all(q.options_match for q in record.questions)
    assert [q.question_id for q in record.questions] == ids
    assert record.questions[0].chosen == {record.questions[0].version.options[2].id}
    assert [(e.ip, e.user_agent) for e in record.events] == [("203.0.113.1", "Firefox")]


def test_attempt_record_says_when_the_stored_questions_do_not_match(app):
    round_, _ = _blueprint_round()
    attempt, ids = _drawn_attempt(round_, gen_candidate())
    stored = db.session.get(AttemptQuestion, (attempt.id, ids[0]))
    stored.option_order = list(reversed(stored.option_order))
    db.session.flush()
    db.session.expire_all()

    record = records.attempt_record(attempt.id)

    assert record.questions_match
    assert [q.options_match for q in record.questions] == [False, True, True]


def test_second_attempt_is_rederived_with_the_questions_seen_before(app):
    round_, _questions = _blueprint_round()
    user = gen_candidate()
    _, first_ids = _drawn_attempt(round_, user, number=1, seed=1)
    cells = records.snapshot_cells(round_)
    second_ids = draw_questions(2, cells, seen=set(first_ids), shuffle=True)
    attempt = gen_attempt(round_, user, number=2, seed=2)
    for position, qid in enumerate(second_ids):
        gen_attempt_question(attempt, db.session.get(Question, qid), position)

    record = records.attempt_record(attempt.id)

    assert record.derived_questions == second_ids
    assert not set(second_ids) & set(first_ids)


def test_attempt_record_without_pool_snapshot_cannot_be_rederived(app):
    round_ = gen_round()
    attempt = gen_attempt(round_, gen_candidate())

    record = records.attempt_record(attempt.id)

    assert record.derived_questions is None
    assert record.questions_match is None


def test_the_record_of_a_fill_in_answer_shows_what_was_typed(app, now, client, auth, make_user):
    from tests.contest.attempts.taking import begin, fill_in_round, submit, type_answer
    from tests.factories.rounds import gen_participation

    round_ = fill_in_round()
    candidate = make_user()
    gen_participation(round_.contest, candidate)
    db.session.commit()
    attempt = begin(round_, candidate, now())
    type_answer(attempt, "Chính phủ", now())
    submit(attempt, now())
    auth.login(make_user("judge"))

    page = client.get(f"/results/attempts/{attempt.id}").get_data(as_text=True)
    record = client.get(f"/api/v1/attempts/{attempt.id}/record").get_json()

    assert "Câu trả lời đã gõ: <strong>Chính phủ</strong>" in page
    assert "Quốc hội; Quốc hội Việt Nam" in page
    assert "“Chính phủ”" in page  # the save in the log
    typed = record["questions"][1]
    assert (typed["answer_text"], typed["accepted_answers"], typed["options"]) == (
        "Chính phủ",
        ["Quốc hội", "Quốc hội Việt Nam"],
        [],
    )
    assert [e["text"] for e in record["events"] if e["kind"] == "save"] == ["Chính phủ"]
