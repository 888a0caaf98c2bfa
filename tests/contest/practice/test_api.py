"""The practice API: topics, sessions, feedback, "Cần đọc lại", the organizers' marks; and
practice never changes a ranking."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from contest.attempts.models import Answer, Attempt
from contest.core.extensions import db
from contest.practice.models import PracticeSession
from contest.ranking.models import Board, RankSnapshot
from contest.ranking.snapshots.build import rebuild_snapshot
from contest.rounds.models import Round
from tests.contest.attempts.taking import answer as save
from tests.contest.attempts.taking import begin, key, submit
from tests.contest.attempts.taking import wrong as wrong_choice
from tests.contest.practice.bank import practice_bank
from tests.factories.rounds import gen_open_round, gen_participation


def test_topics_list_what_a_candidate_can_practise(signed_in, bank):
    body = signed_in.get("/api/v1/practice/topics").get_json()

    assert body == [{"id": bank[0].topic_id, "name": "Lao động", "available": 4}]


def test_a_session_is_started_by_topic_name_and_answered_with_feedback(signed_in, bank):
    started = signed_in.post("/api/v1/practice/sessions", json={"topics": ["lao động"], "count": 2})
    session = started.get_json()
    first = session["questions"][0]

    answered = signed_in.put(
        f"/api/v1/practice/sessions/{session['id']}/answers/{first['id']}",
        json={"option_ids": [first["options"][0]["id"]]},
    )
    feedback = answered.get_json()
    again = signed_in.get(f"/api/v1/practice/sessions/{session['id']}").get_json()

    assert started.status_code == 201
    assert (session["answered"], len(session["questions"])) == (0, 2)
    assert all(q["feedback"] is None for q in session["questions"])
    assert "is_correct" not in str(session["questions"][0]["options"])
    assert answered.status_code == 200
    assert set(feedback) >= {"is_correct", "correct", "explanation", "legal_basis", "due_at"}
    assert feedback["legal_basis"].endswith("Hiến pháp năm 2013")
    assert again["answered"] == 1
    assert again["questions"][0]["feedback"] == feedback


def test_an_answer_given_twice_is_refused_with_409(signed_in, bank):
    session = signed_in.post(
        "/api/v1/practice/sessions", json={"topics": [bank[0].topic_id], "count": 1}
    ).get_json()
    question = session["questions"][0]
    url = f"/api/v1/practice/sessions/{session['id']}/answers/{question['id']}"
    signed_in.put(url, json={"option_ids": [question["options"][0]["id"]]})

    response = signed_in.put(url, json={"option_ids": [question["options"][1]["id"]]})

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "already_answered"


def test_bad_requests_are_explained(signed_in, bank):
    unknown = signed_in.post("/api/v1/practice/sessions", json={"topics": ["Không có"], "count": 5})
    too_many = signed_in.post(
        "/api/v1/practice/sessions", json={"topics": ["Lao động"], "count": 500}
    )
    session = signed_in.post(
        "/api/v1/practice/sessions", json={"topics": ["Lao động"], "count": 1}
    ).get_json()
    question = session["questions"][0]
    foreign = signed_in.put(
        f"/api/v1/practice/sessions/{session['id']}/answers/{question['id']}",
        json={"option_ids": [1_000_000]},
    )

    assert unknown.status_code == 400
    assert "topics" in unknown.get_json()["error"]["details"]["fields"]
    assert too_many.status_code == 400
    assert "count" in too_many.get_json()["error"]["details"]["fields"]
    assert (foreign.status_code, foreign.get_json()["error"]["code"]) == (400, "invalid_option")


def test_another_candidates_session_is_not_found(client, auth, make_user, bank):
    auth.login(make_user())
    session = client.post(
        "/api/v1/practice/sessions", json={"topics": ["Lao động"], "count": 1}
    ).get_json()
    auth.logout()
    auth.login(make_user())

    assert client.get(f"/api/v1/practice/sessions/{session['id']}").status_code == 404


def test_the_reading_list_groups_my_misses_by_law(signed_in, bank):
    session = signed_in.post(
        "/api/v1/practice/sessions", json={"topics": ["Lao động"], "count": 1}
    ).get_json()
    question = session["questions"][0]
    signed_in.put(
        f"/api/v1/practice/sessions/{session['id']}/answers/{question['id']}",
        json={"option_ids": wrong_choice(question["id"])},
    )

    body = signed_in.get("/api/v1/me/reading-list").get_json()

    assert [law["law"] for law in body] == ["Hiến pháp năm 2013"]
    assert body[0]["question_count"] == 1
    missed = body[0]["provisions"][0]["questions"][0]
    assert (missed["question_id"], missed["in_practice"], missed["times"]) == (
        question["id"],
        True,
        1,
    )


def test_organizers_open_a_topic_to_practice_and_see_the_counts(client, auth, make_user):
    questions = practice_bank("Căn cước", 3, marked=False)
    db.session.commit()
    auth.login(make_user("organizer"))

    opened = client.put(
        "/api/v1/practice/eligibility", json={"topics": ["Căn cước"], "eligible": True}
    )
    closed = client.put(
        "/api/v1/practice/eligibility", json={"question_ids": [questions[0].id], "eligible": False}
    )
    counts = client.get("/api/v1/practice/eligibility").get_json()

    assert opened.get_json() == {"changed": 3, "marked": 3}
    assert closed.get_json() == {"changed": 1, "marked": 2}
    assert counts == [
        {"id": questions[0].topic_id, "name": "Căn cước", "active": 3, "marked": 2, "servable": 2}
    ]


def test_candidates_may_not_open_questions_to_practice(signed_in, bank):
    response = signed_in.put(
        "/api/v1/practice/eligibility", json={"topics": ["Lao động"], "eligible": False}
    )

    assert response.status_code == 403


def snapshot_rows(round_id):
    return db.session.execute(
        select(
            RankSnapshot.user_id,
            RankSnapshot.attempt_id,
            RankSnapshot.rank,
            RankSnapshot.position,
            RankSnapshot.score,
            RankSnapshot.duration_ms,
        )
        .where(RankSnapshot.round_id == round_id, RankSnapshot.board == Board.LIVE)
        .order_by(RankSnapshot.position)
    ).all()


def board_lines(client, round_id):
    body = client.get(f"/api/v1/rounds/{round_id}/leaderboard").get_json()
    return [
        (line["rank"], line["candidate"], line["score"], line["duration_ms"])
        for line in body["items"]
    ]


def test_practice_never_changes_a_ranking(client, auth, now, make_user):
    first, second = make_user(), make_user()
    round_ = gen_open_round(questions=2, topic="Hiến pháp", closes_at=now() + timedelta(hours=1))
    for candidate, right_answers in ((first, 1), (second, 2)):
        gen_participation(round_.contest, candidate)
        attempt = begin(round_, candidate, now())
        for n, item in enumerate(attempt.questions):
            choice = key(item.question_id) if n < right_answers else wrong_choice(item.question_id)
            save(attempt, item.question_id, choice, now() + timedelta(seconds=30))
        submit(attempt, now() + timedelta(minutes=1))
    now(now() + timedelta(hours=2))  # closed: its questions may now be practised
    round_id, topic_id = round_.id, round_.blueprint[0].topic_id
    auth.login(make_user("organizer"))
    client.put("/api/v1/practice/eligibility", json={"topics": [topic_id], "eligible": True})
    auth.logout()
    auth.login(make_user("judge"))
    rebuild_snapshot(db.session.get(Round, round_id))
    db.session.commit()
    rows_before, lines_before = snapshot_rows(round_id), board_lines(client, round_id)
    counts_before = [
        db.session.scalar(select(func.count()).select_from(t)) for t in (Attempt, Answer)
    ]
    auth.logout()

    auth.login(first)
    for _session in range(2):
        session = client.post(
            "/api/v1/practice/sessions", json={"topics": [topic_id], "count": 2}
        ).get_json()
        for question in session["questions"]:
            client.put(
                f"/api/v1/practice/sessions/{session['id']}/answers/{question['id']}",
                json={"option_ids": key(question["id"])},
            )
    auth.logout()
    auth.login(make_user("judge"))
    rebuild_snapshot(db.session.get(Round, round_id))
    db.session.commit()

    assert db.session.scalar(select(func.count()).select_from(PracticeSession)) == 2
    assert rows_before
    assert snapshot_rows(round_id) == rows_before
    assert lines_before
    assert board_lines(client, round_id) == lines_before
    assert [
        db.session.scalar(select(func.count()).select_from(t)) for t in (Attempt, Answer)
    ] == counts_before
