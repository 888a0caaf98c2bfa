"""The import pages: upload, preview, import, bad files, stored uploads, imports, undo."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

import docx
import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from contest.core.storage import StoredFile
from questions.models import ImportMapping, Question, QuestionImport, QuestionVersion, Topic
from tests.questions.importer.builders import SAMPLES
from tests.questions.imports import banks

SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
HEADER = ["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề", "Mức độ"]


@pytest.fixture
def upload_dir(app):
    """The keys of the uploads kept in the shared file storage (the database by default)."""

    def keys() -> list[str]:
        db.session.commit()
        return list(
            db.session.scalars(select(StoredFile.key).where(StoredFile.key.startswith("imports/")))
        )

    return keys


def small_sample() -> bytes:
    if not SMALL.exists():
        pytest.skip("sample bank ngan-hang-cau-hoi-mau.xlsx is not in ../shared/samples")
    return SMALL.read_bytes()


def workbook(rows: list[list], header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, data: bytes, name: str = "ngan-hang.xlsx", **kwargs):
    return client.post(
        "/organizer/bank/upload",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        **kwargs,
    )


def questions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def test_upload_shows_a_preview_and_writes_nothing(client, organizer, upload_dir):
    response = upload(client, small_sample())
    assert response.status_code == 303
    preview = client.get(response.headers["Location"])
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Xem trước: ngan-hang.xlsx" in page
    assert "Nhập 26 câu hỏi" in page
    assert "Phổ biến, giáo dục pháp luật" in page  # the topic × difficulty × type matrix
    assert page.count('class="bank-options"') == 20  # the first 20 questions
    assert questions_count() == 0
    assert len(upload_dir()) == 1


def test_import_from_the_preview_writes_once_and_forgets_the_file(client, organizer, upload_dir):
    location = upload(client, small_sample()).headers["Location"]
    sha256 = location.split("/")[-1].split("?")[0]
    response = client.post(f"/organizer/bank/upload/{sha256}", data={"name": "ngan-hang.xlsx"})
    assert response.status_code == 302
    record = db.session.scalars(select(QuestionImport)).one()
    assert response.headers["Location"].endswith(f"/organizer/bank/?import={record.id}")
    assert (record.imported, record.created_by_id, record.filename) == (
        26,
        organizer.id,
        "ngan-hang.xlsx",
    )
    assert questions_count() == 26
    assert upload_dir() == []
    listing = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập 26 câu hỏi từ tệp ngan-hang.xlsx" in listing


def test_a_file_with_errors_is_imported_only_when_partial_is_chosen(client, organizer, upload_dir):
    data = workbook(
        [
            ["Câu một?", "Có", "Không", "A", "Hiến pháp", "Dễ"],
            ["Câu hai?", "Có", "", "B", "Hiến pháp", "Dễ"],
        ]
    )
    location = upload(client, data).headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Chỉ nhập các dòng hợp lệ" in preview
    assert "Lỗi (2)" in preview
    assert "too_few_options" in preview
    sha256 = location.split("/")[-1].split("?")[0]
    refused = client.post(f"/organizer/bank/upload/{sha256}", data={"name": "a.xlsx"})
    assert refused.status_code == 400
    assert "chưa câu hỏi nào được nhập" in refused.get_data(as_text=True)
    assert questions_count() == 0
    accepted = client.post(
        f"/organizer/bank/upload/{sha256}", data={"name": "a.xlsx", "accept_partial": "y"}
    )
    assert accepted.status_code == 302
    assert db.session.scalars(select(QuestionVersion.text)).all() == ["Câu một?"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook at all", "không phải bảng tính"),
        (workbook([], header=None), "không có dữ liệu"),
    ],
    ids=["text-named-xlsx", "empty-workbook"],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_kept(
    client, organizer, upload_dir, data, message
):
    location = upload(client, data).headers["Location"]
    response = client.get(location)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert upload_dir() == []
    assert questions_count() == 0


def test_a_file_over_the_size_limit_gets_a_friendly_page(
    app, client, organizer, upload_dir, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    response = upload(client, b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "vượt quá giới hạn 2 MB" in page
    assert 'id="bank-upload"' in page
    script = upload(
        client, b"x" * (3 * 1024 * 1024), headers={"X-Requested-With": "XMLHttpRequest"}
    )
    assert script.status_code == 413
    assert script.get_json()["error"]["code"] == "file_too_large"


def test_the_script_upload_gets_the_preview_address_as_json(client, organizer, upload_dir):
    response = upload(client, small_sample(), headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 200
    assert response.get_json()["redirect"].startswith("/organizer/bank/upload/")


def test_an_expired_preview_sends_the_organizer_back_to_upload(client, organizer, upload_dir):
    response = client.get("/organizer/bank/upload/" + "a" * 64 + "?name=x.xlsx")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/organizer/bank/upload")
    assert "không còn trên máy chủ" in client.get("/organizer/bank/upload").get_data(as_text=True)


def test_uploads_older_than_a_day_are_swept(client, organizer, upload_dir, now):
    old = "imports/" + "b" * 64
    db.session.add(StoredFile(key=old, data=b"old", size=3, created_at=now() - timedelta(days=2)))
    db.session.commit()
    upload(client, small_sample())
    assert old not in upload_dir()
    assert len(upload_dir()) == 1


def test_imports_page_undoes_an_import(client, organizer, upload_dir, now):
    location = upload(client, small_sample()).headers["Location"]
    client.post(location.split("?")[0], data={"name": "mau.xlsx"})
    page = client.get("/organizer/bank/imports").get_data(as_text=True)
    assert "mau.xlsx" in page
    assert "Hoàn tác" in page
    record = db.session.scalars(select(QuestionImport)).one()
    response = client.post(f"/organizer/bank/imports/{record.id}/undo")
    assert response.status_code == 302
    assert questions_count() == 0
    assert "Đã hoàn tác" in client.get("/organizer/bank/imports").get_data(as_text=True)


def test_undo_of_a_used_import_is_refused_with_a_message(client, organizer, upload_dir, now):
    location = upload(client, small_sample()).headers["Location"]
    client.post(location.split("?")[0], data={"name": "mau.xlsx"})
    db.session.scalars(select(Question)).first().used_at = now()
    db.session.commit()
    assert "Đã có câu được dùng" in client.get("/organizer/bank/imports").get_data(as_text=True)
    record = db.session.scalars(select(QuestionImport)).one()
    response = client.post(f"/organizer/bank/imports/{record.id}/undo")
    assert response.status_code == 409
    assert "Không thể hoàn tác" in response.get_data(as_text=True)
    assert questions_count() == 26


def test_preview_names_rows_converted_from_legacy_fonts(client, organizer, upload_dir):
    from questions.importer.legacy import TCVN3, encode_legacy

    question = encode_legacy("Hiến pháp năm 2013 có hiệu lực từ ngày nào?", TCVN3)
    data = workbook([[question, "01/01/2014", "28/11/2013", "A", "Hiến pháp", "Dễ"]])
    page = client.get(upload(client, data).headers["Location"]).get_data(as_text=True)
    assert "Dòng đã chuyển sang Unicode (1)" in page
    assert "TCVN3 (ABC)" in page
    assert "Hiến pháp năm 2013 có hiệu lực từ ngày nào?" in page


# --- banks as they really come: other layouts, codes, Word, Moodle, a manual mapping --------------


def sha_of(location: str) -> str:
    return location.split("/")[-1].split("?")[0]


def hidden_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to `action` (what a browser would send back)."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        if 'type="hidden"' in tag and "csrf_token" not in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag)
            fields[name] = html.unescape(value.group(1)) if value else ""
    return fields


def commit_as_previewed(client, location: str, **extra):
    """Press "Nhập" on the preview page, sending back its hidden fields."""
    page = client.get(location).get_data(as_text=True)
    action = f"/organizer/bank/upload/{sha_of(location)}"
    return client.post(action, data={**hidden_fields(page, action), **extra})


def questions_by_text() -> dict[str, QuestionVersion]:
    return {v.text: v for v in db.session.scalars(select(QuestionVersion))}


def test_option_columns_cau_a_and_topic_codes_import_whole_once_the_codes_are_named(
    client, organizer, upload_dir
):
    location = upload(client, banks.platform_bank(6), "xuat-tu-nen-tang-khac.xlsx").headers[
        "Location"
    ]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Mã chủ đề và mức độ" in preview
    assert "Hãy đặt tên cho các mã ở trên trước khi nhập." in preview
    assert "Nhập 6 câu hỏi" not in preview
    named = client.post(
        f"/organizer/bank/upload/{sha_of(location)}/mapping",
        data={
            "name": "xuat-tu-nen-tang-khac.xlsx",
            "code": ["topic:2", "topic:1"],
            "code_name": ["Dân sự", "Hiến pháp"],
        },
    )
    assert named.status_code == 303
    preview = html.unescape(client.get(named.headers["Location"]).get_data(as_text=True))
    assert "Nhập 6 câu hỏi" in preview
    assert commit_as_previewed(client, named.headers["Location"]).status_code == 302
    versions = questions_by_text()
    assert len(versions) == 6
    assert {v.topic.name for v in versions.values()} == {"Hiến pháp", "Dân sự"}
    first = versions["Cơ quan nào có thẩm quyền số 1?"]
    assert (first.topic.name, first.points) == ("Dân sự", 2.0)
    assert [o.is_correct for o in first.options] == [False, False, True, False]
    remembered = db.session.scalars(select(ImportMapping)).one()
    assert remembered.codes == {"topic": {"1": "Hiến pháp", "2": "Dân sự"}}
    assert remembered.saved_by_id == organizer.id


def test_a_code_sheet_in_the_workbook_names_the_codes_without_a_click(
    client, organizer, upload_dir
):
    location = upload(client, banks.platform_bank(4, code_sheet=True)).headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Nhập 4 câu hỏi" in preview
    assert commit_as_previewed(client, location).status_code == 302
    topics = db.session.scalars(select(Topic.name).order_by(Topic.name)).all()
    assert topics == ["Dân sự", "Hiến pháp"]


def test_a_typed_template_imports_single_multiple_and_fill_in_questions(
    client, organizer, upload_dir
):
    location = upload(client, banks.typed_template(), "mau-co-loai.xlsx").headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Nhập 3 câu hỏi" in preview
    words = " ".join(re.sub(r"<[^>]+>", " ", preview).split())
    assert "Đáp án được chấp nhận: Quốc hội ; Quốc Hội Việt Nam" in words
    assert commit_as_previewed(client, location).status_code == 302
    versions = questions_by_text()
    kinds = {
        text: (v.qtype.value, [o.is_correct for o in v.options]) for text, v in versions.items()
    }
    assert kinds == {
        "Hiến pháp hiện hành năm nào?": ("single", [False, True, False, False]),
        "Cơ quan nào do Quốc hội bầu?": ("multiple", [True, True, False, False]),
        "Cơ quan quyền lực nhà nước cao nhất là ___?": ("fill_in", []),
    }
    fill_in = versions["Cơ quan quyền lực nhà nước cao nhất là ___?"]
    assert (fill_in.accepted_answers, fill_in.ignore_diacritics) == (
        ["Quốc hội", "Quốc Hội Việt Nam"],
        True,
    )


@pytest.mark.parametrize("style", banks.WORD_STYLES)
def test_a_word_list_imports_through_the_page_in_each_key_style(
    client, organizer, upload_dir, style
):
    location = upload(client, banks.word_list(style), "de-thi.docx").headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Văn bản Word (.docx)" in preview
    assert "Nhập 3 câu hỏi" in preview
    assert "Đoạn 2" in preview  # where each question starts
    assert commit_as_previewed(client, location).status_code == 302
    keys = {
        text: [o.label for o in v.options if o.is_correct]
        for text, v in questions_by_text().items()
    }
    assert keys == {
        "Hiến pháp hiện hành được thông qua năm nào?": ["B"],
        "Cơ quan nào do Quốc hội bầu?": ["A", "B"],
        "Quốc hội họp mấy kỳ mỗi năm?": ["B"],
    }


def test_a_word_list_error_points_at_its_paragraph(client, organizer, upload_dir):
    document = docx.Document()
    document.add_paragraph("Câu 1. Câu hỏi không có đáp án?")
    document.add_paragraph("A. Có")
    document.add_paragraph("B. Không")
    buffer = io.BytesIO()
    document.save(buffer)
    location = upload(client, buffer.getvalue(), "loi.docx").headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert 'Đoạn 1 ("Câu 1. Câu hỏi không có đáp án?")' in preview


def test_a_moodle_file_imports_through_the_page(client, organizer, upload_dir):
    location = upload(client, banks.MOODLE_QUIZ, "moodle.xml").headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Moodle XML" in preview
    assert "Nhập 4 câu hỏi" in preview
    assert commit_as_previewed(client, location).status_code == 302
    versions = questions_by_text()
    assert {text: (v.qtype.value, v.topic.name) for text, v in versions.items()} == {
        "Hiến pháp hiện hành năm nào?": ("single", "Hiến pháp"),
        "Cơ quan nào do Quốc hội bầu?": ("multiple", "Hiến pháp"),
        "Người đủ 18 tuổi là người thành niên.": ("true_false", "Dân sự"),
        "Thủ đô của Việt Nam là thành phố nào?": ("fill_in", "Dân sự"),
    }
    first = versions["Hiến pháp hiện hành năm nào?"]
    assert (first.explanation, first.points, first.options[0].feedback) == (
        "Năm 2013, Điều 120.",
        2.0,
        "Bản cũ",
    )


def map_columns(client, location: str, mapping: dict[str, str], header_row: int = 1):
    """Choose, on the mapping step, the field of each column (by letter)."""
    data = {"name": "can-chon-cot.xlsx", "header_row": str(header_row)}
    data |= {f"col-{ord(letter) - ord('A')}": field for letter, field in mapping.items()}
    return client.post(f"/organizer/bank/upload/{sha_of(location)}/mapping", data=data)


def test_a_file_no_detection_reads_is_mapped_on_the_page_and_remembered(
    client, organizer, upload_dir
):
    location = upload(client, banks.unread_bank(3), "can-chon-cot.xlsx").headers["Location"]
    step = client.get(location)
    page = html.unescape(step.get_data(as_text=True))
    assert step.status_code == 200
    assert "Chọn cách đọc các cột" in page
    assert "Lựa chọn thứ nhất" in page  # each column, with samples
    assert "16 tuổi" in page
    assert 'name="col-6"' in page
    assert '<option value="fill_answers"' in page
    assert len(upload_dir()) == 1  # the file waits for the mapping
    mapped = map_columns(client, location, banks.UNREAD_MAPPING)
    assert mapped.status_code == 303
    preview = html.unescape(client.get(mapped.headers["Location"]).get_data(as_text=True))
    assert "Nhập 3 câu hỏi" in preview
    assert "Đã dùng cách đọc cột đã lưu" in preview
    assert commit_as_previewed(client, mapped.headers["Location"]).status_code == 302
    assert questions_count() == 3
    version = db.session.scalars(select(QuestionVersion)).first()
    assert ([o.text for o in version.options], version.topic.name) == (
        ["16 tuổi", "18 tuổi", "21 tuổi"],
        "Dân sự",
    )
    # The next file with the same headers needs no clicks.
    again = upload(client, banks.unread_bank(5)[:], "lan-sau.xlsx").headers["Location"]
    preview = html.unescape(client.get(again).get_data(as_text=True))
    assert "Nhập 2 câu hỏi" in preview  # 3 of the 5 are already in the bank
    assert "Đã dùng cách đọc cột đã lưu" in preview


def test_a_mapping_without_a_question_column_shows_the_columns_again(client, organizer, upload_dir):
    location = upload(client, banks.unread_bank(2)).headers["Location"]
    chosen = {**banks.UNREAD_MAPPING, "B": "ignore"}
    refused = map_columns(client, location, chosen)
    page = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(refused.get_data(as_text=True))).split())
    assert refused.status_code == 400
    assert "Còn thiếu: Câu hỏi ." in page
    assert db.session.scalars(select(ImportMapping)).all() == []


def test_a_field_chosen_for_two_columns_is_refused(client, organizer, upload_dir):
    location = upload(client, banks.unread_bank(2)).headers["Location"]
    refused = map_columns(client, location, {**banks.UNREAD_MAPPING, "G": "question"})
    assert refused.status_code == 400
    assert "Cột B và cột G cùng được chọn" in html.unescape(refused.get_data(as_text=True))


def test_an_unsure_reading_shows_the_columns_to_check(client, organizer, upload_dir):
    location = upload(client, banks.platform_bank(2, code_sheet=True)).headers["Location"]
    preview = html.unescape(client.get(location).get_data(as_text=True))
    assert "Hãy kiểm tra cách đọc các cột: có cột chưa nhận ra." in preview
    assert 'name="col-8"' in preview
