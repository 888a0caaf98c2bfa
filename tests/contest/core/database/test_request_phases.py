"""A writing request holds SQLite's write lock only for its view's own work.

Signing the user in (from the session cookie or a token) reads before the view, in a
transaction of its own; what follows the view's commit (the access log) reads nothing again.
On SQLite, where one writer at a time holds the lock, the rest of a request then runs beside
the other workers' writers instead of behind them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import g
from sqlalchemy import event, select

from contest.accounts.models import ApiToken, UserSession
from contest.accounts.tokens import create_token
from contest.attempts.schemas import ChoiceSchema, SavedAnswerSchema
from contest.core import web
from contest.core.database import end_reading, holds_sqlite_write_lock
from contest.core.extensions import db
from tests.conftest import is_postgres
from tests.factories.rounds import gen_open_round, gen_participation


@contextmanager
def statements_and_lock() -> Iterator[list[tuple[str, bool]]]:
    """Each statement run meanwhile, with whether its thread held the writer lock."""
    seen: list[tuple[str, bool]] = []

    def note(_conn, _cursor, statement, *_args):
        seen.append((" ".join(statement.split()), holds_sqlite_write_lock()))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def started_attempt(client, candidate) -> dict:
    round_ = gen_open_round(questions=3)
    gen_participation(round_.contest, candidate)
    db.session.commit()
    response = client.post(f"/api/v1/rounds/{round_.id}/attempts")
    assert response.status_code == 201
    return response.get_json()


def save_first_option(client, attempt: dict, **kwargs):
    question = attempt["questions"][0]
    url = f"/api/v1/attempts/{attempt['id']}/answers/{question['id']}"
    return client.put(url, json={"option_ids": [question["options"][0]["id"]]}, **kwargs)


def test_a_save_signs_in_reading_then_writes_and_reads_nothing_after_its_commit(
    app, signed_in, candidate
):
    app.config["LOG_REQUESTS"] = True  # the access log names the user: it must not reload it
    attempt = started_attempt(signed_in, candidate)

    with statements_and_lock() as seen:
        assert save_first_option(signed_in, attempt).status_code == 200

    texts = [text for text, _locked in seen]
    sign_in = next(i for i, text in enumerate(texts) if "JOIN user_session" in text)
    upsert = next(i for i, text in enumerate(texts) if text.startswith("INSERT INTO answer"))
    assert sign_in < upsert
    assert sum("user_account" in text for text in texts) == 1  # loaded once, never again
    # the view's last write is the request's last statement: nothing read after its commit
    assert texts[-1].startswith("INSERT INTO attempt_event")
    if not is_postgres():
        assert not seen[sign_in][1], "the sign-in read while holding the write lock"
        assert seen[upsert][1]


@pytest.mark.skipif(is_postgres(), reason="SQLite's transactions")
def test_a_saves_sign_in_reads_without_a_transaction_and_the_view_writes_in_one(
    signed_in, candidate
):
    attempt = started_attempt(signed_in, candidate)

    with statements_and_lock() as seen:
        assert save_first_option(signed_in, attempt).status_code == 200

    texts = [text for text, _locked in seen]
    sign_in = next(i for i, text in enumerate(texts) if "JOIN user_session" in text)
    assert "BEGIN" not in texts[:sign_in], "a transaction begun and ended for one read"
    assert texts.count("BEGIN IMMEDIATE") == 1
    assert texts.index("BEGIN IMMEDIATE") > sign_in


def test_a_save_signs_in_without_loading_the_session_as_an_object(signed_in, candidate):
    attempt = started_attempt(signed_in, candidate)
    loaded = []

    def note(target, *_args):
        loaded.append(target)

    event.listen(UserSession, "load", note)
    try:
        assert save_first_option(signed_in, attempt).status_code == 200
    finally:
        event.remove(UserSession, "load", note)
    assert loaded == []  # its id and last use come with the user, in the same row


@pytest.mark.skipif(is_postgres(), reason="SQLite's write lock")
def test_the_write_lock_is_not_held_while_the_answer_is_logged(
    app, signed_in, candidate, monkeypatch
):
    app.config["LOG_REQUESTS"] = True
    attempt = started_attempt(signed_in, candidate)
    logged = []
    monkeypatch.setattr(
        web.request_log, "info", lambda line: logged.append((line, holds_sqlite_write_lock()))
    )

    assert save_first_option(signed_in, attempt).status_code == 200
    line, held = logged[-1]  # the save's (the client may have fetched a CSRF token first)
    assert '"method": "PUT"' in line
    assert f'"user_id": {candidate.id}' in line
    assert not held


@pytest.mark.skipif(is_postgres(), reason="SQLite's write lock")
def test_a_save_lets_the_write_lock_go_before_its_answer_is_built(
    signed_in, candidate, monkeypatch
):
    attempt = started_attempt(signed_in, candidate)
    dumped = []
    dump = SavedAnswerSchema.dump

    def noting_the_lock(schema, obj, **kwargs):
        dumped.append(holds_sqlite_write_lock())
        return dump(schema, obj, **kwargs)

    monkeypatch.setattr(SavedAnswerSchema, "dump", noting_the_lock)

    assert save_first_option(signed_in, attempt).status_code == 200
    assert dumped == [False], "the answer was built while the next save waited for the lock"


def test_a_save_parses_its_answer_with_a_schema_built_once_not_per_request(
    signed_in, candidate, monkeypatch
):
    attempt = started_attempt(signed_in, candidate)
    built = []
    init = ChoiceSchema.__init__

    def noting(schema, *args, **kwargs):
        built.append(schema)
        init(schema, *args, **kwargs)

    monkeypatch.setattr(ChoiceSchema, "__init__", noting)

    assert save_first_option(signed_in, attempt).status_code == 200
    assert built == [], "a schema (deep copies of its fields) was built for one save"


def test_a_tokens_use_is_noted_even_when_the_request_is_refused(app, make_user, now):
    user = make_user("candidate")
    token, raw = create_token(user, "script")
    db.session.commit()
    client = app.test_client()
    client.send_csrf = False

    response = client.put(
        "/api/v1/attempts/999999/answers/1",
        json={"option_ids": [1]},
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 404  # the view rolled back; the token's use stands
    db.session.expire_all()
    assert db.session.scalar(select(ApiToken.last_used_at).where(ApiToken.id == token.id))


def test_a_change_made_before_the_view_is_refused_rather_than_lost(app, make_user):
    user = make_user("candidate")
    db.session.commit()
    with app.test_request_context("/", method="PUT"):
        g.in_view = False
        db.session.get(type(user), user.id).full_name = "Đổi trước khi vào"
        if is_postgres():
            end_reading()  # PostgreSQL keeps one transaction for the whole request
        else:
            with pytest.raises(RuntimeError, match="note_aside"):
                end_reading()
        db.session.rollback()


def test_a_resumed_start_notes_the_resume_then_reads_its_answers_after_the_commit(
    app, signed_in, candidate
):
    attempt = started_attempt(signed_in, candidate)
    assert save_first_option(signed_in, attempt).status_code == 200

    with statements_and_lock() as seen:
        resumed = signed_in.post(f"/api/v1/rounds/{attempt['round_id']}/attempts")

    assert resumed.status_code == 200
    assert str(attempt["questions"][0]["id"]) in resumed.get_json()["answers"]
    texts = [text for text, _locked in seen]
    noted = next(i for i, text in enumerate(texts) if text.startswith("INSERT INTO attempt_event"))
    answers_read = next(i for i, text in enumerate(texts) if "FROM answer" in text)
    assert noted < answers_read
    if not is_postgres():
        assert seen[noted][1]
        assert not seen[answers_read][1], "the answer was built holding the write lock"


def test_a_submission_is_committed_before_its_result_and_rank_are_read(app, signed_in, candidate):
    attempt = started_attempt(signed_in, candidate)
    assert save_first_option(signed_in, attempt).status_code == 200

    with statements_and_lock() as seen:
        submitted = signed_in.post(f"/api/v1/attempts/{attempt['id']}/submit", json={})

    assert submitted.status_code == 200
    assert submitted.get_json()["status"] == "submitted"
    texts = [text for text, _locked in seen]
    scored = max(i for i, text in enumerate(texts) if text.startswith("UPDATE attempt SET score"))
    ranked = next(i for i, text in enumerate(texts) if "rank_snapshot" in text)
    assert scored < ranked
    if not is_postgres():
        assert seen[scored][1]
        assert not any(locked for _text, locked in seen[ranked:]), "ranked holding the lock"


def test_a_start_reads_its_round_entry_and_earlier_attempts_before_it_takes_the_write_lock(
    app, signed_in, candidate
):
    round_ = gen_open_round(questions=3)
    gen_participation(round_.contest, candidate)
    db.session.commit()

    with statements_and_lock() as seen:
        response = signed_in.post(f"/api/v1/rounds/{round_.id}/attempts")

    assert response.status_code == 201
    texts = [text for text, _locked in seen]
    earlier = next(i for i, text in enumerate(texts) if text.startswith("SELECT attempt."))
    created = next(i for i, text in enumerate(texts) if text.startswith("INSERT INTO attempt "))
    assert earlier < created
    if not is_postgres():
        assert not any(locked for _text, locked in seen[: earlier + 1]), "read under the lock"
        assert seen[created][1]
