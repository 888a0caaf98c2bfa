"""flask questions import/export/undo: exit statuses, the --json answer, readable summaries."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.extensions import db
from questions.models import Question, QuestionImport, Topic
from tests.questions.importer.builders import SAMPLES
from tests.questions.imports import banks

SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
LARGE = SAMPLES / "ngan-hang-10000-cau.xlsx"
ANSWER_KEYS = {"import_id", "imported", "duplicates", "errors", "converted_rows", "by_topic"}
ANSWER_KEYS |= {"source", "mapping", "codes", "unresolved_codes"}  # how the file was read


def sample(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"sample bank {path.name} is not in ../shared/samples")
    return str(path)


def questions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def bank_with_an_error(tmp_path: Path) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng", "Chủ đề"])
    sheet.append(["Câu một?", "Có", "Không", "A", "Hiến pháp"])
    sheet.append(["Câu hai?", "Có", "Không", "E", "Hiến pháp"])
    path = tmp_path / "loi.xlsx"
    book.save(path)
    return str(path)


def invoke(runner, *args):
    result = runner.invoke(args=["questions", *args])
    db.session.expire_all()
    return result


def test_import_prints_a_vietnamese_summary(runner):
    result = invoke(runner, "import", sample(SMALL))
    assert result.exit_code == 0, result.output
    assert "Đã nhập 26 câu hỏi (lần nhập #1)." in result.output
    assert "Câu trùng đã bỏ qua: 0." in result.output
    assert "Phổ biến, giáo dục pháp luật: Dễ (Một đáp án 1)" in result.output
    assert questions_count() == 26


def test_the_large_sample_imports_ten_thousand_questions(runner):
    result = invoke(runner, "import", sample(LARGE), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 10_000
    assert questions_count() == 10_000


def test_json_prints_exactly_the_api_answer(runner):
    result = invoke(runner, "import", sample(SMALL), "--json")
    answer = json.loads(result.stdout)
    assert set(answer) == ANSWER_KEYS
    record = db.session.scalars(select(QuestionImport)).one()
    assert answer == record.report
    assert (answer["import_id"], answer["imported"], answer["errors"]) == (record.id, 26, [])


def test_dry_run_reports_what_would_be_imported_and_writes_nothing(runner):
    result = invoke(runner, "import", sample(SMALL), "--dry-run", "--json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert (answer["import_id"], answer["imported"]) == (None, 26)
    assert questions_count() == 0
    assert db.session.scalar(select(func.count()).select_from(QuestionImport)) == 0


def test_importing_again_finds_only_duplicates(runner):
    invoke(runner, "import", sample(SMALL))
    result = invoke(runner, "import", sample(SMALL), "--json")
    assert result.exit_code == 0
    assert (json.loads(result.stdout)["imported"], json.loads(result.stdout)["duplicates"]) == (
        0,
        26,
    )


def test_a_file_with_errors_exits_1_and_writes_nothing(runner, tmp_path):
    path = bank_with_an_error(tmp_path)
    result = invoke(runner, "import", path, "--json")
    assert result.exit_code == 1
    answer = json.loads(result.stdout)
    assert set(answer) == ANSWER_KEYS
    assert (answer["imported"], answer["import_id"]) == (0, None)
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in answer["errors"]] == [
        ("Sheet", 3, "D", "answer_option_missing")
    ]
    assert questions_count() == 0
    readable = invoke(runner, "import", path)
    assert readable.exit_code == 1
    assert "Tệp có 1 lỗi nên không câu hỏi nào được nhập" in readable.output
    assert "[Sheet, dòng 3, cột D]" in readable.output


def test_a_dry_run_of_a_file_with_errors_also_exits_1(runner, tmp_path):
    result = invoke(runner, "import", bank_with_an_error(tmp_path), "--dry-run")
    assert result.exit_code == 1


def test_accept_partial_imports_the_valid_rows(runner, tmp_path):
    result = invoke(runner, "import", bank_with_an_error(tmp_path), "--accept-partial", "--json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert answer["imported"] == 1
    assert len(answer["errors"]) == 1
    assert questions_count() == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"hello", "invalid_workbook"), (b"", "invalid_workbook")],
    ids=["text", "empty-file"],
)
def test_a_bad_file_exits_1_with_the_api_error(runner, tmp_path, content, reason):
    path = tmp_path / "bank.xlsx"
    path.write_bytes(content)
    result = invoke(runner, "import", str(path), "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert (error["code"], error["details"]["reason"]) == ("invalid_workbook", reason)
    plain = invoke(runner, "import", str(path))
    assert plain.exit_code == 1
    assert 'Lỗi: Tệp "bank.xlsx" không phải bảng tính' in plain.output


def test_export_then_import_gives_only_duplicates(runner, tmp_path):
    invoke(runner, "import", sample(SMALL))
    target = tmp_path / "xuat.xlsx"
    result = invoke(runner, "export", str(target))
    assert result.exit_code == 0
    assert target.exists()
    again = json.loads(invoke(runner, "import", str(target), "--json").stdout)
    assert (again["imported"], again["duplicates"]) == (0, 26)


def test_export_applies_filters(runner, tmp_path):
    invoke(runner, "import", sample(SMALL))
    target = tmp_path / "de.xlsx"
    assert (
        invoke(runner, "export", str(target), "--difficulty", "easy", "--q", "phap luat").exit_code
        == 0
    )
    rows = list(openpyxl.load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    expected = db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(
            Question.difficulty == "easy",
            Question.search_text.contains("phap"),
            Question.search_text.contains("luat"),
        )
    )
    assert 0 < len(rows) == expected


def test_undo_and_its_refusal(runner, now):
    invoke(runner, "import", sample(SMALL))
    invoke(runner, "import", sample(SMALL))  # a second, empty import
    db.session.scalars(select(Question)).first().used_at = now()
    db.session.commit()
    refused = invoke(runner, "undo", "1")
    assert refused.exit_code != 0
    assert "Không thể hoàn tác" in refused.output
    assert questions_count() == 26
    done = invoke(runner, "undo", "2")
    assert done.exit_code == 0
    assert "Đã hoàn tác lần nhập #2" in done.output
    missing = invoke(runner, "undo", "99")
    assert missing.exit_code != 0
    assert "Không tìm thấy" in missing.output


# --- Word, Moodle, codes and a manual mapping on the command line ---------------------------------


def written(tmp_path: Path, data: bytes, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("data", "name", "imported"),
    [
        (banks.word_list("answer_table"), "de-thi.docx", 3),
        (banks.MOODLE_QUIZ, "moodle.xml", 4),
    ],
    ids=["word", "moodle"],
)
def test_word_and_moodle_files_import(runner, tmp_path, data, name, imported):
    result = invoke(runner, "import", "--json", written(tmp_path, data, name))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == imported
    assert questions_count() == imported


def test_a_file_needing_a_mapping_is_mapped_on_the_command_line(runner, tmp_path):
    path = written(tmp_path, banks.unread_bank(3), "can-chon-cot.xlsx")
    refused = invoke(runner, "import", path)
    assert refused.exit_code == 1
    assert "Lựa chọn thứ nhất  → ?   [16 tuổi | 16 tuổi | 16 tuổi]" in refused.stderr
    assert "--mapping" in refused.stderr
    mapping = json.dumps(banks.UNREAD_MAPPING)
    result = invoke(runner, "import", "--json", "--mapping", mapping, path)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["imported"] == 3
    again = invoke(runner, "import", written(tmp_path, banks.unread_bank(4), "lan-sau.xlsx"))
    assert again.exit_code == 0, again.output
    assert "Đã dùng cách đọc cột đã lưu" in again.stdout
    assert questions_count() == 4


def test_mapping_and_codes_can_come_from_files(runner, tmp_path):
    codes = tmp_path / "ma.json"
    codes.write_text(json.dumps({"topic": banks.PLATFORM_TOPICS}, ensure_ascii=False))
    path = written(tmp_path, banks.platform_bank(4), "nen-tang.xlsx")
    refused = invoke(runner, "import", path)
    assert refused.exit_code == 1
    assert "Mã chủ đề chưa có tên: 2, 1" in refused.stdout
    result = invoke(runner, "import", "--codes", str(codes), path)
    assert result.exit_code == 0, result.output
    assert questions_count() == 4
    topics = db.session.scalars(select(Topic.name).order_by(Topic.name)).all()
    assert topics == ["Dân sự", "Hiến pháp"]


def test_a_bad_mapping_exits_1_naming_the_option(runner, tmp_path):
    path = written(tmp_path, banks.unread_bank(2), "x.xlsx")
    result = invoke(runner, "import", "--mapping", '{"B": "cau_hoi"}', path)
    assert result.exit_code == 1
    assert '--mapping: Trường "cau_hoi" không hợp lệ' in result.stderr


def test_export_to_an_xml_file_writes_moodle_xml(runner, tmp_path):
    invoke(runner, "import", written(tmp_path, banks.MOODLE_QUIZ, "moodle.xml"))
    target = tmp_path / "ra.xml"
    result = invoke(runner, "export", "--type", "fill_in", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").count("<question type=") == 2  # category + question
