"""The question bank on the API: imports, questions, topics, exports; shapes, paging and roles."""

from __future__ import annotations

import io
import json
import time
import tracemalloc
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from questions.models import ImportMapping, Question, QuestionImport, QuestionVersion
from tests.questions.importer.builders import SAMPLES
from tests.questions.imports import banks

SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
LARGE = SAMPLES / "ngan-hang-10000-cau.xlsx"
ANSWER_KEYS = {"import_id", "imported", "duplicates", "errors", "converted_rows", "by_topic"}
# Beyond the contract: how the file was read.
ANSWER_KEYS |= {"source", "mapping", "codes", "unresolved_codes"}
QUESTION_KEYS = {
    "id",
    "version",
    "text",
    "type",
    "options",
    "topic",
    "difficulty",
    "legal_basis",
    "explanation",
    "active",
    "import_id",
}
QUESTION_KEYS |= {"accepted_answers", "ignore_diacritics", "points"}  # fill-in questions, points


def sample(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(f"sample bank {path.name} is not in ../shared/samples")
    return path.read_bytes()


def workbook(
    rows: list[list], header=("Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề")
) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def post_import(client, data: bytes, name: str = "bank.xlsx", **fields):
    form = {"file": (io.BytesIO(data), name), **{k: str(v).lower() for k, v in fields.items()}}
    return client.post("/api/v1/question-imports", data=form, content_type="multipart/form-data")


def count(model=Question) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organizer(auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    return user


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


def test_questions_are_paged_in_the_contract_shape(client, imported):
    body = client.get("/api/v1/questions?page=2&per_page=10").get_json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"], len(body["items"])) == (26, 2, 10, 10)
    item = body["items"][0]
    assert set(item) == QUESTION_KEYS
    assert set(item["options"][0]) == {"id", "label", "text", "is_correct", "feedback"}
    assert item["type"] in ("single", "multiple", "true_false")
    assert item["difficulty"] in ("easy", "medium", "hard")
    assert client.get("/api/v1/questions?per_page=201").status_code == 400


def test_questions_filter_by_text_without_diacritics_topic_and_more(client, imported):
    def ids(query: str) -> set[int]:
        return {
            q["id"]
            for q in client.get(f"/api/v1/questions?per_page=200&{query}").get_json()["items"]
        }

    every = ids("")
    with_diacritics = ids("q=pháp luật")
    assert with_diacritics
    assert with_diacritics == ids("q=phap luat") < every
    topic = client.get("/api/v1/topics").get_json()[0]
    by_name, by_id = ids(f"topic={topic['name']}"), ids(f"topic={topic['id']}")
    assert by_name == by_id
    assert len(by_name) == sum(topic["counts"].values())
    assert ids("difficulty=easy") | ids("difficulty=medium") | ids("difficulty=hard") == every
    assert ids(f"import={imported['import_id']}") == every
    assert ids("active=false") == set()
    error = client.get("/api/v1/questions?type=essay").get_json()["error"]
    assert "type" in error["details"]["fields"]


def test_a_question_is_edited_into_a_new_version(client, imported):
    question = client.get("/api/v1/questions?per_page=1").get_json()["items"][0]
    old_option_ids = [o["id"] for o in question["options"]]
    response = client.patch(
        f"/api/v1/questions/{question['id']}",
        json={
            "text": question["text"] + " (sửa)",
            "change_note": "Sửa câu chữ",
            "version": 1,
        },
    )
    assert response.status_code == 200
    assert response.get_json()["version"] == 2
    detail = client.get(f"/api/v1/questions/{question['id']}").get_json()
    assert [v["number"] for v in detail["versions"]] == [1, 2]
    assert [o["id"] for o in detail["versions"][0]["options"]] == old_option_ids
    assert detail["versions"][0]["text"] == question["text"]
    assert detail["versions"][1]["change_note"] == "Sửa câu chữ"
    assert detail["versions"][1]["created_by"]["id"] is not None
    stale = client.patch(
        f"/api/v1/questions/{question['id']}", json={"text": "Khác?", "version": 1}
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "version_conflict"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"difficulty": "rat kho"}, "difficulty"),
        ({"options": "A"}, "options"),
        ({"options": [{"text": "Một", "is_correct": True}]}, "options"),
        ({"version": "1"}, "version"),
    ],
)
def test_an_invalid_edit_is_a_400_naming_the_field(client, imported, body, field):
    question_id = client.get("/api/v1/questions?per_page=1").get_json()["items"][0]["id"]
    response = client.patch(f"/api/v1/questions/{question_id}", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["details"]["fields"]
    assert db.session.get(Question, question_id).version == 1


def test_retire_and_restore(client, imported):
    question_id = client.get("/api/v1/questions?per_page=1").get_json()["items"][0]["id"]
    assert client.post(f"/api/v1/questions/{question_id}/retire").get_json()["active"] is False
    assert client.get("/api/v1/questions?active=false").get_json()["total"] == 1
    topics = client.get("/api/v1/topics").get_json()
    assert sum(sum(t["counts"].values()) for t in topics) == 25
    assert client.post(f"/api/v1/questions/{question_id}/restore").get_json()["active"] is True
    assert client.post("/api/v1/questions/999/retire").status_code == 404


def test_topics_list_active_counts_per_difficulty(client, imported):
    topics = client.get("/api/v1/topics").get_json()
    assert all(
        set(t) == {"id", "name", "counts"} and set(t["counts"]) == {"easy", "medium", "hard"}
        for t in topics
    )
    assert sum(sum(t["counts"].values()) for t in topics) == 26


def test_export_then_import_through_the_api_is_lossless(client, imported):
    before = client.get("/api/v1/questions?per_page=200").get_json()["items"]
    exported = client.get("/api/v1/questions/export.xlsx")
    assert exported.status_code == 200
    assert exported.mimetype.endswith("spreadsheetml.sheet")
    again = post_import(client, exported.data, "xuat.xlsx").get_json()
    assert (again["imported"], again["duplicates"]) == (0, 26)
    assert client.delete(f"/api/v1/question-imports/{imported['import_id']}").status_code == 200
    assert post_import(client, exported.data, "xuat.xlsx").get_json()["imported"] == 26
    after = client.get("/api/v1/questions?per_page=200").get_json()["items"]

    def content(items):
        return [
            (
                q["text"],
                q["type"],
                [(o["label"], o["text"], o["is_correct"]) for o in q["options"]],
                q["topic"],
                q["difficulty"],
                q["legal_basis"],
                q["explanation"],
            )
            for q in items
        ]

    assert content(after) == content(before)


def test_export_applies_the_filters_and_the_template_downloads(client, imported):
    hard = client.get("/api/v1/questions?difficulty=hard").get_json()["total"]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/api/v1/questions/export.xlsx?difficulty=hard").data)
    )
    assert len(list(book.active.iter_rows(min_row=2))) == hard
    template = client.get("/api/v1/questions/template.xlsx")
    assert template.status_code == 200
    assert openpyxl.load_workbook(io.BytesIO(template.data)).sheetnames == [
        "Ngân hàng câu hỏi",
        "Hướng dẫn",
    ]


ROUTES = [
    ("post", "/api/v1/question-imports"),
    ("get", "/api/v1/question-imports"),
    ("get", "/api/v1/question-imports/1"),
    ("delete", "/api/v1/question-imports/1"),
    ("get", "/api/v1/questions"),
    ("get", "/api/v1/questions/1"),
    ("patch", "/api/v1/questions/1"),
    ("post", "/api/v1/questions/1/retire"),
    ("post", "/api/v1/questions/1/restore"),
    ("get", "/api/v1/topics"),
    ("get", "/api/v1/questions/export.xlsx"),
    ("get", "/api/v1/questions/template.xlsx"),
]


@pytest.mark.parametrize(("method", "url"), ROUTES)
def test_anonymous_callers_get_401(client, method, url):
    response = client.open(url, method=method.upper())
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_candidates_and_judges_get_403(client, auth, make_user, role):
    auth.login(make_user(role))
    for method, url in ROUTES:
        response = client.open(url, method=method.upper())
        assert response.status_code == 403, url
        assert response.get_json()["error"]["code"] == "forbidden"


def test_every_bank_route_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for method, url in ROUTES:
        path = url.removeprefix("/api/v1").replace("/1", "/{id}")
        documented = {
            p.replace("{import_id}", "{id}").replace("{question_id}", "{id}"): ops
            for p, ops in paths.items()
        }
        assert method in documented[path], (method, path)


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


# --- fill-in questions and points ----------------------------------------------------------------

FILL_IN_BODY = {
    "text": "Cơ quan quyền lực nhà nước cao nhất là ___?",
    "type": "fill_in",
    "topic": "Hiến pháp",
    "difficulty": "easy",
    "accepted_answers": ["Quốc hội", "Quốc Hội Việt Nam"],
    "ignore_diacritics": True,
    "points": 1.5,
}


def test_a_fill_in_question_is_created_with_its_answers_and_points(client, organizer):
    response = client.post("/api/v1/questions", json=FILL_IN_BODY)
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == QUESTION_KEYS
    assert (body["type"], body["options"], body["version"]) == ("fill_in", [], 1)
    assert (body["accepted_answers"], body["ignore_diacritics"], body["points"]) == (
        ["Quốc hội", "Quốc Hội Việt Nam"],
        True,
        1.5,
    )
    listed = client.get("/api/v1/questions?type=fill_in").get_json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_a_choice_question_is_created_with_option_feedback(client, organizer):
    response = client.post(
        "/api/v1/questions",
        json={
            "text": "Hiến pháp hiện hành năm nào?",
            "type": "single",
            "topic": "Hiến pháp",
            "options": [
                {"text": "1992", "is_correct": False, "feedback": "Bản cũ"},
                {"text": "2013", "is_correct": True},
            ],
        },
    )
    assert response.status_code == 201
    body = response.get_json()
    assert [(o["label"], o["feedback"]) for o in body["options"]] == [("A", "Bản cũ"), ("B", None)]
    assert (body["difficulty"], body["points"], body["accepted_answers"]) == ("medium", None, [])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**FILL_IN_BODY, "accepted_answers": []}, "answers"),
        ({**FILL_IN_BODY, "points": -1}, "points"),
        ({**FILL_IN_BODY, "options": [{"text": "Có", "is_correct": True}]}, "options"),
        ({key: value for key, value in FILL_IN_BODY.items() if key != "text"}, "text"),
        ({**FILL_IN_BODY, "type": "essay"}, "type"),
    ],
)
def test_a_bad_new_question_is_a_400_naming_the_field(client, organizer, body, field):
    response = client.post("/api/v1/questions", json=body)
    assert response.status_code == 400
    assert field in response.get_json()["error"]["details"]["fields"]
    assert count() == 0


def test_a_question_becomes_fill_in_and_back_through_edits(client, organizer):
    created = client.post("/api/v1/questions", json=FILL_IN_BODY).get_json()
    url = f"/api/v1/questions/{created['id']}"
    to_choice = client.patch(
        url,
        json={
            "type": "single",
            "options": [{"text": "Quốc hội", "is_correct": True}, {"text": "Chính phủ"}],
        },
    )
    assert to_choice.status_code == 200
    body = to_choice.get_json()
    assert (body["type"], body["accepted_answers"], body["ignore_diacritics"]) == (
        "single",
        [],
        False,
    )
    back = client.patch(url, json={"type": "fill_in", "accepted_answers": ["Quốc hội"]})
    assert back.status_code == 200
    assert (back.get_json()["options"], back.get_json()["version"]) == ([], 3)
    points = client.patch(url, json={"points": None})
    assert points.get_json()["points"] is None
    versions = client.get(url).get_json()["versions"]
    assert [v["type"] for v in versions] == ["fill_in", "single", "fill_in", "fill_in"]
    assert versions[0]["accepted_answers"] == ["Quốc hội", "Quốc Hội Việt Nam"]


def test_the_bank_exports_as_moodle_xml_with_the_lists_filters(client, organizer):
    post_bank(client, banks.MOODLE_QUIZ, "moodle.xml")
    response = client.get("/api/v1/questions/export.xml?type=fill_in")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "ngan-hang-cau-hoi-loc.xml" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.count('<question type="shortanswer">') == 1
    assert "multichoice" not in body
