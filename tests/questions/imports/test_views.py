"""The import pages: upload, preview, import, bad files, stored uploads, imports, undo."""

from __future__ import annotations

import html
import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from questions.models import Question, QuestionImport, QuestionVersion

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples"
SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
HEADER = ["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề", "Mức độ"]


@pytest.fixture
def organizer(auth, make_user):
    user = make_user("organizer")
    auth.login(user)
    return user


@pytest.fixture
def upload_dir(app, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(folder))
    return folder


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
    assert len(list(upload_dir.iterdir())) == 1


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
    assert list(upload_dir.iterdir()) == []
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
        (workbook([["Họ tên", "Địa chỉ"]], header=None), '"Họ tên", "Địa chỉ"'),
    ],
    ids=["text-named-xlsx", "empty-workbook", "no-header"],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_kept(
    client, organizer, upload_dir, data, message
):
    location = upload(client, data).headers["Location"]
    response = client.get(location)
    assert response.status_code == 400
    assert message in html.unescape(response.get_data(as_text=True))
    assert list(upload_dir.iterdir()) == []
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


def test_uploads_older_than_a_day_are_swept(client, organizer, upload_dir):
    upload_dir.mkdir(parents=True)
    old = upload_dir / ("b" * 64 + ".xlsx")
    old.write_bytes(b"old")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    upload(client, small_sample())
    assert not old.exists()
    assert len(list(upload_dir.iterdir())) == 1


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
