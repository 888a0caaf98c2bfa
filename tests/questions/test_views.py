"""The bank pages: list and search, edits and their history, retire, topics, files."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from contest.core.extensions import db
from questions import services
from questions.models import Difficulty, Question, QuestionType
from questions.services import OptionInput, QuestionInput


def make_question(text="Ngày Pháp luật Việt Nam là ngày nào?", **changes) -> int:
    data = QuestionInput(
        text=text,
        qtype=QuestionType.SINGLE,
        options=[OptionInput("Ngày 9 tháng 11", True), OptionInput("Ngày 2 tháng 9", False)],
        topic=changes.pop("topic", "Phổ biến pháp luật"),
        difficulty=changes.pop("difficulty", Difficulty.EASY),
    )
    question = services.create_question(data)
    db.session.commit()
    return question.id


def test_list_searches_without_diacritics_and_filters(client, organizer):
    make_question()
    make_question("Đất đai thuộc sở hữu toàn dân?", topic="Đất đai", difficulty=Difficulty.HARD)
    page = client.get("/organizer/bank/?q=phap+luat").get_data(as_text=True)
    assert "Ngày Pháp luật Việt Nam" in page
    assert "Đất đai thuộc" not in page
    page = client.get("/organizer/bank/?difficulty=hard").get_data(as_text=True)
    assert "Đất đai thuộc" in page
    assert "Ngày Pháp luật Việt Nam" not in page
    assert client.get("/organizer/bank/?difficulty=xyz").status_code == 400


def test_editing_a_question_creates_a_version_shown_in_its_history(client, organizer):
    question_id = make_question()
    form = client.get(f"/organizer/bank/{question_id}/edit").get_data(as_text=True)
    assert "Ngày 9 tháng 11" in form
    response = client.post(
        f"/organizer/bank/{question_id}/edit",
        data={
            "text": "Ngày Pháp luật nước CHXHCN Việt Nam là ngày nào?",
            "qtype": "single",
            "options-0-text": "Ngày 9 tháng 11",
            "options-0-is_correct": "y",
            "options-1-text": "Ngày 2 tháng 9",
            "options-2-text": "Ngày 1 tháng 1",
            "options-3-text": "",
            "topic": "Phổ biến pháp luật",
            "difficulty": "easy",
            "legal_basis": "",
            "explanation": "",
            "change_note": "Ghi rõ tên nước",
            "version": "1",
        },
    )
    assert response.status_code == 302
    question = db.session.get(Question, question_id)
    assert question.version == 2
    assert len(question.current.options) == 3
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phiên bản 2" in history
    assert "Phiên bản 1" in history
    assert "Ghi rõ tên nước" in history
    assert "<ins>" in history
    assert organizer.full_name in history


def test_an_invalid_edit_shows_the_errors_and_saves_nothing(client, organizer):
    question_id = make_question()
    response = client.post(
        f"/organizer/bank/{question_id}/edit",
        data={
            "text": "Câu hỏi?",
            "qtype": "single",
            "options-0-text": "Một",
            "options-1-text": "Hai",
            "topic": "Hiến pháp",
            "difficulty": "easy",
            "version": "1",
        },
    )
    assert response.status_code == 400
    assert "Chưa chọn đáp án đúng." in response.get_data(as_text=True)
    assert db.session.get(Question, question_id).version == 1


def test_retire_and_restore_buttons(client, organizer):
    question_id = make_question()
    response = client.post(
        f"/organizer/bank/{question_id}/retire", data={"next": "/organizer/bank/?q=ngay"}
    )
    assert response.headers["Location"].endswith("/organizer/bank/?q=ngay")
    assert not db.session.get(Question, question_id).active
    response = client.post(
        f"/organizer/bank/{question_id}/restore", data={"next": "https://evil.example/"}
    )
    assert response.headers["Location"].endswith("/organizer/bank/")
    assert db.session.get(Question, question_id).active


def test_topics_page_shows_the_difficulty_matrix(client, organizer):
    make_question()
    make_question("Câu khó?", difficulty=Difficulty.HARD)
    page = client.get("/organizer/bank/topics").get_data(as_text=True)
    assert "Phổ biến pháp luật" in page
    assert "Trung bình" in page
    assert "difficulty=hard" in page


def test_export_and_template_download_as_workbooks(client, organizer):
    make_question()
    for url, name in [
        ("/organizer/bank/export.xlsx", "ngan-hang-cau-hoi.xlsx"),
        ("/organizer/bank/export.xlsx?q=phap", "ngan-hang-cau-hoi-loc.xlsx"),
        ("/organizer/bank/template.xlsx", "mau-ngan-hang-cau-hoi.xlsx"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype.endswith("spreadsheetml.sheet")
        assert name in response.headers["Content-Disposition"]
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        assert book.sheetnames[0] == "Ngân hàng câu hỏi"
    template = openpyxl.load_workbook(io.BytesIO(client.get("/organizer/bank/template.xlsx").data))
    assert "Hướng dẫn" in template.sheetnames


def test_organizer_home_links_to_the_bank(client, organizer):
    page = client.get("/organizer/").get_data(as_text=True)
    for url in (
        "/organizer/bank/",
        "/organizer/bank/upload",
        "/organizer/bank/topics",
        "/organizer/bank/imports",
    ):
        assert f'href="{url}"' in page


@pytest.mark.parametrize("role", ["candidate", "judge"])
def test_bank_pages_are_for_organizers_only(client, auth, make_user, role):
    auth.login(make_user(role))
    assert client.get("/organizer/bank/").status_code == 403
    assert client.get("/organizer/bank/upload").status_code == 403


def test_an_edit_of_a_stale_version_is_refused_with_a_message(client, organizer):
    question_id = make_question()
    form = client.get(f"/organizer/bank/{question_id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    services.edit_question(
        db.session.get(Question, question_id), replace_text(question_id, "Bản hai?")
    )
    db.session.commit()
    response = client.post(
        f"/organizer/bank/{question_id}/edit",
        data={
            "text": "Bản của người thứ hai?",
            "qtype": "single",
            "options-0-text": "Ngày 9 tháng 11",
            "options-0-is_correct": "y",
            "options-1-text": "Ngày 2 tháng 9",
            "topic": "Phổ biến pháp luật",
            "difficulty": "easy",
            "version": "1",
        },
    )
    assert response.status_code == 409
    assert "Hãy tải lại trang" in response.get_data(as_text=True)
    assert db.session.get(Question, question_id).current.text == "Bản hai?"


def replace_text(question_id: int, text: str) -> QuestionInput:
    from dataclasses import replace

    current = services.input_from_version(db.session.get(Question, question_id).current)
    return replace(current, text=text)


def test_a_fill_in_question_is_added_in_the_editor(client, organizer):
    form = client.get("/organizer/bank/new")
    assert form.status_code == 200
    assert '<option value="fill_in">Điền từ</option>' in form.get_data(as_text=True)
    response = client.post(
        "/organizer/bank/new",
        data={
            "text": "Thủ đô của Việt Nam là ___?",
            "qtype": "fill_in",
            "options-0-text": "left over from another type",
            "answers": "Hà Nội\r\nThành phố Hà Nội\r\n",
            "ignore_diacritics": "y",
            "points": "1,5",
            "topic": "Địa lý",
            "difficulty": "easy",
        },
    )
    assert response.status_code == 302
    question = db.session.scalars(select(Question)).one()
    version = question.current
    assert (version.qtype, version.options, version.accepted_answers) == (
        QuestionType.FILL_IN,
        [],
        ["Hà Nội", "Thành phố Hà Nội"],
    )
    assert (version.ignore_diacritics, version.points) == (True, 1.5)
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã thêm câu hỏi" in history
    assert "Thành phố Hà Nội" in history
    assert "1,5 điểm" in history
    edit = client.get(f"/organizer/bank/{question.id}/edit").get_data(as_text=True)
    assert "Hà Nội\nThành phố Hà Nội</textarea>" in edit
    assert 'value="1,5"' in edit


def test_a_new_question_with_errors_shows_them_and_saves_nothing(client, organizer):
    response = client.post(
        "/organizer/bank/new",
        data={
            "text": "Câu?",
            "qtype": "fill_in",
            "answers": "",
            "points": "nhiều",
            "topic": "X",
            "difficulty": "easy",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Câu điền từ cần ít nhất một đáp án được chấp nhận." in page
    assert "Điểm phải là một số dương đến 1000" in page
    assert db.session.scalars(select(Question)).all() == []


def test_the_list_links_to_the_moodle_export_which_downloads(client, organizer):
    make_question()
    page = client.get("/organizer/bank/?difficulty=easy").get_data(as_text=True)
    assert 'href="/organizer/bank/export.xml?difficulty=easy"' in page
    response = client.get("/organizer/bank/export.xml?difficulty=easy")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "<text>Ngày Pháp luật Việt Nam là ngày nào?</text>" in response.get_data(as_text=True)
