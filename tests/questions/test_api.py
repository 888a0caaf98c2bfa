"""The question bank on the API: imports, questions, topics, exports; shapes, paging and roles."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from questions.models import Question
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
def imported(client, organizer):
    """The 26-question sample, imported through the API; returns the answer."""
    response = post_import(client, sample(SMALL), "mau.xlsx")
    assert response.status_code == 201
    return response.get_json()


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
    post_import(client, banks.MOODLE_QUIZ, "moodle.xml")
    response = client.get("/api/v1/questions/export.xml?type=fill_in")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "ngan-hang-cau-hoi-loc.xml" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.count('<question type="shortanswer">') == 1
    assert "multichoice" not in body
