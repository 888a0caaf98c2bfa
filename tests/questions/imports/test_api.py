"""Imports on the API: the report, dry runs, bad and hostile files, Word and Moodle files, codes,
a manual mapping remembered, the list of imports and undo."""

from __future__ import annotations

import io
import json
import time
import tracemalloc

import pytest
from sqlalchemy import select

from contest.core.extensions import db
from questions.models import ImportMapping, Question, QuestionImport, QuestionVersion
from tests.questions.imports import banks
from tests.questions.test_api import (
    ANSWER_KEYS,
    LARGE,
    SMALL,
    count,
    post_import,
    sample,
    workbook,
)


@pytest.fixture
def imported(client, organizer):
    """The 26-question sample, imported through the API; returns the answer."""
    response = post_import(client, sample(SMALL), "mau.xlsx")
    assert response.status_code == 201
    return response.get_json()


def test_import_answers_201_with_the_report(client, organizer):
    response = post_import(client, sample(SMALL), "mau.xlsx")
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == ANSWER_KEYS
    assert (body["imported"], body["duplicates"], body["errors"], body["converted_rows"]) == (
        26,
        0,
        [],
        [],
    )
    record = db.session.get(QuestionImport, body["import_id"])
    assert (record.filename, record.created_by_id, record.imported) == (
        "mau.xlsx",
        organizer.id,
        26,
    )
    assert set(body["by_topic"]["Phổ biến, giáo dục pháp luật"]) <= {"easy", "medium", "hard"}
    assert (
        sum(
            n
            for levels in body["by_topic"].values()
            for kinds in levels.values()
            for n in kinds.values()
        )
        == 26
    )


def test_the_ten_thousand_question_sample_imports(client, organizer):
    response = post_import(client, sample(LARGE), LARGE.name)
    assert response.status_code == 201
    assert response.get_json()["imported"] == 10_000
    assert count() == 10_000


def test_dry_run_answers_200_and_writes_nothing(client, organizer):
    response = post_import(client, sample(SMALL), dry_run=True)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["import_id"], body["imported"]) == (None, 26)
    assert count() == 0
    assert count(QuestionImport) == 0


def test_a_file_with_errors_is_refused_with_its_report_unless_partial(client, organizer):
    data = workbook(
        [
            ["Câu một?", "Có", "Không", "A", "Hiến pháp"],
            ["Câu hai?", "Có", "Không", "C", "Hiến pháp"],
        ]
    )
    refused = post_import(client, data)
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert error["code"] == "import_has_errors"
    assert "Chỉ nhập các dòng hợp lệ" in error["message"]
    assert set(error["details"]) == ANSWER_KEYS
    assert error["details"]["errors"][0] == {
        "sheet": "Sheet",
        "row": 3,
        "column": "D",
        "code": "answer_option_missing",
        "message": error["details"]["errors"][0]["message"],
    }
    assert count() == 0
    dry = post_import(client, data, dry_run=True)
    assert dry.status_code == 200
    assert dry.get_json()["imported"] == 0
    partial = post_import(client, data, accept_partial=True)
    assert partial.status_code == 201
    assert partial.get_json()["imported"] == 1
    assert len(partial.get_json()["errors"]) == 1
    assert count() == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is text, not a workbook", "invalid_workbook"),
        (workbook([], header=None), "empty_workbook"),
        (workbook([["Họ tên", "Số điện thoại"]], header=None), "no_header"),
    ],
    ids=["text-named-xlsx", "empty-workbook", "no-header"],
)
def test_a_bad_file_is_a_400_invalid_workbook_and_writes_nothing(client, organizer, data, reason):
    response = post_import(client, data)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("invalid_workbook", reason)
    assert error["message"]
    assert count() == 0
    assert count(QuestionImport) == 0


def test_a_file_over_the_limit_is_a_413_file_too_large(app, client, organizer, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024 * 1024)
    response = post_import(client, b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "file_too_large"
    assert "1 MB" in error["message"]
    assert count(QuestionImport) == 0


def test_a_missing_file_is_a_400(client, organizer):
    response = client.post("/api/v1/question-imports", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "file" in response.get_json()["error"]["details"]["fields"]


def test_a_bearer_token_can_import_without_csrf(app, make_user):
    from contest.accounts.tokens import create_token

    user = make_user("organizer")
    _token, raw = create_token(user, "script")
    db.session.commit()
    client = app.test_client()
    client.send_csrf = False
    response = client.post(
        "/api/v1/question-imports",
        headers={"Authorization": f"Bearer {raw}"},
        data={"file": (io.BytesIO(sample(SMALL)), "mau.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201


def test_imports_are_listed_newest_first_and_undone(client, imported, now):
    second = post_import(client, sample(SMALL), "lai.xlsx").get_json()
    listing = client.get("/api/v1/question-imports?per_page=1").get_json()
    assert (listing["total"], listing["page"], listing["per_page"]) == (2, 1, 1)
    assert listing["items"][0]["id"] == second["import_id"]
    assert listing["items"][0]["undoable"] is True
    one = client.get(f"/api/v1/question-imports/{imported['import_id']}").get_json()
    assert one["report"]["imported"] == 26
    assert one["filename"] == "mau.xlsx"
    response = client.delete(f"/api/v1/question-imports/{imported['import_id']}")
    assert response.status_code == 200
    assert response.get_json()["undone_at"] is not None
    assert count() == 0
    assert count(QuestionVersion) == 0
    again = client.delete(f"/api/v1/question-imports/{imported['import_id']}")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "import_already_undone"
    assert client.delete("/api/v1/question-imports/999").status_code == 404


def test_undo_is_a_409_import_in_use_once_a_question_is_used(client, imported, now):
    db.session.scalars(select(Question)).first().used_at = now()
    db.session.commit()
    listing = client.get("/api/v1/question-imports").get_json()
    assert listing["items"][0]["undoable"] is False
    response = client.delete(f"/api/v1/question-imports/{imported['import_id']}")
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "import_in_use"
    assert "Không thể hoàn tác" in error["message"]
    assert count() == 26


# --- banks as they really come: hostile files, Word, Moodle, codes, a manual mapping --------------


def post_bank(client, data: bytes, name: str, **fields):
    """POST /question-imports with form fields as given (JSON fields as objects)."""
    form = {"file": (io.BytesIO(data), name)}
    for key, value in fields.items():
        form[key] = json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
    return client.post("/api/v1/question-imports", data=form, content_type="multipart/form-data")


def test_the_zzzzzzzzz2_workbook_is_a_quick_400_invalid_workbook(client, organizer):
    data = banks.hostile_workbook()
    assert len(data) < 8 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    response = post_bank(client, data, "bom.xlsx")
    elapsed = time.perf_counter() - started
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("invalid_workbook", "unsafe_workbook")
    assert "ZZZZZZZZZ2" in error["message"]
    assert elapsed < 1.0
    assert peak < 50 * 1024 * 1024
    assert count() == 0


@pytest.mark.parametrize("style", banks.WORD_STYLES)
def test_a_word_list_imports_through_the_api(client, organizer, style):
    response = post_bank(client, banks.word_list(style), "de-thi.docx")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["imported"], body["source"], body["mapping"]) == (3, "docx", None)
    assert body["by_topic"] == {"Hiến pháp": {"medium": {"single": 2, "multiple": 1}}}


def test_a_moodle_file_imports_through_the_api(client, organizer):
    response = post_bank(client, banks.MOODLE_QUIZ, "moodle.xml")
    assert response.status_code == 201
    body = response.get_json()
    assert (body["imported"], body["source"]) == (4, "moodle")
    assert body["by_topic"] == {
        "Hiến pháp": {"medium": {"single": 1, "multiple": 1}},
        "Dân sự": {"medium": {"true_false": 1, "fill_in": 1}},
    }


def test_a_file_needing_a_mapping_is_mapped_through_the_api_and_remembered(client, organizer):
    refused = post_bank(client, banks.unread_bank(3), "can-chon-cot.xlsx")
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert (error["code"], error["details"]["reason"]) == ("invalid_workbook", "no_header")
    columns = error["details"]["mapping"]["columns"]
    assert [(c["letter"], c["header"]) for c in columns][:3] == [
        ("A", "Mục"),
        ("B", "Đề"),
        ("C", "Lựa chọn thứ nhất"),
    ]
    assert columns[2]["samples"] == ["16 tuổi", "16 tuổi", "16 tuổi"]
    mapped = post_bank(
        client, banks.unread_bank(3), "can-chon-cot.xlsx", mapping=banks.UNREAD_MAPPING
    )
    assert mapped.status_code == 201, mapped.get_json()
    body = mapped.get_json()
    assert (body["imported"], body["mapping"]["applied"]) == (3, "given")
    assert [c["field"] for c in body["mapping"]["columns"]] == list(banks.UNREAD_MAPPING.values())
    again = post_bank(client, banks.unread_bank(4), "lan-sau.xlsx")
    assert again.status_code == 201
    assert (again.get_json()["imported"], again.get_json()["mapping"]["applied"]) == (1, "saved")


def test_a_dry_run_with_a_mapping_remembers_nothing(client, organizer):
    response = post_bank(
        client,
        banks.unread_bank(2),
        "thu.xlsx",
        mapping=banks.UNREAD_MAPPING,
        dry_run="true",
    )
    assert response.status_code == 200
    assert response.get_json()["imported"] == 2
    assert count(ImportMapping) == 0


def test_topic_codes_are_a_400_unresolved_codes_until_named(client, organizer):
    preview = post_bank(client, banks.platform_bank(4), "nen-tang.xlsx", dry_run="true")
    assert preview.status_code == 200
    assert preview.get_json()["unresolved_codes"] == {"topic": ["2", "1"]}
    assert preview.get_json()["imported"] == 0
    refused = post_bank(client, banks.platform_bank(4), "nen-tang.xlsx")
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert error["code"] == "unresolved_codes"
    assert "chủ đề: 2, 1" in error["message"]
    assert count() == 0
    named = post_bank(
        client, banks.platform_bank(4), "nen-tang.xlsx", codes={"topic": banks.PLATFORM_TOPICS}
    )
    assert named.status_code == 201
    body = named.get_json()
    assert body["imported"] == 4
    assert set(body["by_topic"]) == {"Hiến pháp", "Dân sự"}
    assert body["codes"] == {"topic": {"1": "Hiến pháp", "2": "Dân sự"}}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mapping": "not json"}, "mapping"),
        ({"mapping": {"B": "cau_hoi"}}, "mapping"),
        ({"mapping": {"B2": "question"}}, "mapping"),
        ({"mapping": {"B": "question", "C": "question"}}, "mapping"),
        ({"codes": {"chu_de": {"1": "Hiến pháp"}}}, "codes"),
        ({"codes": {"topic": {"1": ""}}}, "codes"),
        ({"header_row": "0"}, "header_row"),
    ],
)
def test_a_bad_mapping_or_codes_is_a_400_naming_the_field(client, organizer, fields, field):
    response = post_bank(client, banks.unread_bank(2), "x.xlsx", **fields)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert set(error["details"]["fields"]) == {field}
