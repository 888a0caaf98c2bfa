"""Importing a bank: preview writes nothing, one transaction, duplicates, partial imports, undo."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from contest.core.audit import AuditEntry
from contest.core.extensions import db
from questions.imports import bulk, services
from questions.models import Question, QuestionImport, QuestionOption, QuestionVersion, Topic
from tests.questions.importer.builders import SAMPLES

SMALL = SAMPLES / "ngan-hang-cau-hoi-mau.xlsx"
LARGE = SAMPLES / "ngan-hang-10000-cau.xlsx"
HEADER = ["Câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Đáp án đúng", "Chủ đề", "Mức độ"]


def sample(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"sample bank {path.name} is not in ../shared/samples")
    return path


def write_bank(tmp_path: Path, rows: list[list], name: str = "bank.xlsx", header=HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def valid_row(n: int, topic: str = "Hiến pháp") -> list:
    return [
        f"Câu hỏi số {n} về pháp luật?",
        f"Đáp án {n}A",
        f"Đáp án {n}B",
        f"Đáp án {n}C",
        "B",
        topic,
        "Dễ",
    ]


def bad_row(n: int) -> list:
    return [f"Câu hỏi lỗi {n}?", f"X{n}", f"Y{n}", "", "D", "Hiến pháp", "Dễ"]


def row_counts() -> dict[str, int]:
    """Rows in every table of the schema."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sample_bank_imports_every_question_with_its_record(app):
    outcome = services.commit_import(sample(SMALL), SMALL.name, user_id=None)
    db.session.commit()
    assert (outcome.imported, outcome.report.duplicates, outcome.report.errors) == (26, 0, [])
    assert (count(Question), count(QuestionVersion)) == (26, 26)
    assert count(QuestionOption) == sum(len(q.options) for q in outcome.report.questions)
    record = db.session.scalars(select(QuestionImport)).one()
    assert (record.filename, record.imported, record.duplicates, record.error_count) == (
        SMALL.name,
        26,
        0,
        0,
    )
    assert len(record.sha256) == 64
    assert record.report == outcome.to_dict()
    assert outcome.to_dict()["import_id"] == record.id
    question = db.session.scalars(select(Question).order_by(Question.id)).first()
    assert question.import_id == record.id
    assert question.version == 1
    assert question.active
    assert question.current.text.startswith("Ngày Pháp luật")
    assert [o.label for o in question.current.options] == ["A", "B", "C", "D"]
    assert [o.is_correct for o in question.current.options] == [True, False, False, False]
    assert question.current.legal_basis.startswith("Điều 8")
    assert "phap luat" in question.search_text
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["question_import.create"]


def test_ten_thousand_question_sample_imports_completely(app):
    outcome = services.commit_import(sample(LARGE), LARGE.name)
    db.session.commit()
    assert outcome.imported == 10_000
    assert count(Question) == 10_000
    assert count(QuestionVersion) == 10_000
    by_type = dict(
        db.session.execute(select(Question.qtype, func.count()).group_by(Question.qtype)).all()
    )
    assert sum(by_type.values()) == 10_000
    assert db.session.scalar(select(func.count()).select_from(Topic)) == len(
        outcome.report.by_topic()
    )


def test_preview_writes_nothing(app):
    before = row_counts()
    outcome = services.preview_import(sample(SMALL), SMALL.name)
    db.session.commit()
    assert outcome.dry_run
    assert outcome.imported == 26
    assert outcome.record is None
    assert outcome.to_dict()["import_id"] is None
    assert row_counts() == before


def test_file_with_errors_writes_nothing_without_accept_partial(app, tmp_path):
    path = write_bank(tmp_path, [valid_row(1), bad_row(2), valid_row(3)])
    before = row_counts()
    with pytest.raises(services.ImportHasErrors) as refused:
        services.commit_import(path, path.name)
    db.session.rollback()
    assert row_counts() == before
    details = refused.value.details
    assert (details["import_id"], details["imported"]) == (None, 0)
    assert [(e["row"], e["column"]) for e in details["errors"]] == [(3, "E")]
    assert "2 lỗi" not in refused.value.message
    assert "1 lỗi" in refused.value.message


def test_preview_of_a_file_with_errors_would_import_nothing_unless_partial(app, tmp_path):
    path = write_bank(tmp_path, [valid_row(1), bad_row(2)])
    assert services.preview_import(path, path.name).imported == 0
    assert services.preview_import(path, path.name, accept_partial=True).imported == 1


def test_accept_partial_imports_exactly_the_valid_rows(app, tmp_path):
    path = write_bank(tmp_path, [valid_row(1), bad_row(2), valid_row(3), bad_row(4)])
    outcome = services.commit_import(path, path.name, accept_partial=True)
    db.session.commit()
    texts = set(db.session.scalars(select(QuestionVersion.text)))
    assert texts == {"Câu hỏi số 1 về pháp luật?", "Câu hỏi số 3 về pháp luật?"}
    record = db.session.get(QuestionImport, outcome.record.id)
    assert (record.imported, record.error_count, record.accept_partial) == (2, 2, True)
    assert len(record.report["errors"]) == 2


def test_duplicates_of_the_bank_are_skipped_and_counted(app, tmp_path):
    services.commit_import(write_bank(tmp_path, [valid_row(1), valid_row(2)], "a.xlsx"), "a.xlsx")
    db.session.commit()
    # Same questions with options in another order and other case are still duplicates.
    reordered = [
        "Câu hỏi số 1 về pháp luật?",
        "đáp án 1c",
        "Đáp án 1A",
        "Đáp án 1B",
        "C",
        "Hiến pháp",
        "Dễ",
    ]
    path = write_bank(tmp_path, [reordered, valid_row(2), valid_row(3)], "b.xlsx")
    outcome = services.commit_import(path, path.name)
    db.session.commit()
    assert (outcome.imported, outcome.report.duplicates) == (1, 2)
    assert count(Question) == 3


def test_questions_added_while_the_file_was_parsed_are_duplicates(app, tmp_path, monkeypatch):
    path = write_bank(tmp_path, [valid_row(1), valid_row(2)])
    stale = services.parse_upload(path, path.name)  # parsed before the other import commits
    services.commit_import(path, path.name)
    db.session.commit()
    monkeypatch.setattr(services, "parse_upload", lambda *args, **kwargs: stale)
    outcome = services.commit_import(path, path.name)
    db.session.commit()
    assert (outcome.imported, outcome.report.duplicates) == (0, 2)
    assert count(Question) == 2


def test_topics_join_existing_ones_ignoring_case(app, tmp_path):
    services.commit_import(write_bank(tmp_path, [valid_row(1, "Hiến pháp")], "a.xlsx"), "a.xlsx")
    services.commit_import(write_bank(tmp_path, [valid_row(2, "hiến  PHÁP")], "b.xlsx"), "b.xlsx")
    db.session.commit()
    assert db.session.scalars(select(Topic.name)).all() == ["Hiến pháp"]


def test_a_failure_mid_import_leaves_nothing_behind(app, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 10)
    real_batch = bulk.write_batch
    calls = []

    def fail_after_first_batch(*args, **kwargs):
        if calls:
            raise RuntimeError("database went away")
        calls.append(1)
        real_batch(*args, **kwargs)

    monkeypatch.setattr(bulk, "write_batch", fail_after_first_batch)
    before = row_counts()
    with pytest.raises(RuntimeError):
        services.commit_import(sample(SMALL), SMALL.name)
    assert count(Question) == 10  # the first batch was written in the transaction …
    db.session.rollback()
    assert row_counts() == before  # … and is gone with it


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"STT;Cau hoi\n1;Hien phap\n", "invalid_workbook"),
        (None, "empty_workbook"),
        ([["Họ tên", "Ngày sinh"], ["Nguyễn Văn A", "01/01/1990"]], "no_header"),
    ],
    ids=["text-named-xlsx", "empty-workbook", "no-header"],
)
def test_a_bad_file_is_refused_clearly_and_writes_nothing(app, tmp_path, content, reason):
    if isinstance(content, bytes):
        path = tmp_path / "bank.xlsx"
        path.write_bytes(content)
    else:
        rows = content or []
        path = write_bank(tmp_path, rows, header=None)
    before = row_counts()
    with pytest.raises(services.BadWorkbook) as refused:
        services.commit_import(path, path.name)
    db.session.rollback()
    assert row_counts() == before
    error = refused.value
    assert (error.code, error.status, error.details["reason"]) == ("invalid_workbook", 400, reason)
    assert error.message
    if reason == "no_header":
        assert error.details["headers_found"] == {"Câu hỏi": ["Họ tên", "Ngày sinh"]}


def test_a_file_over_the_limit_is_refused_with_413(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    with pytest.raises(services.BadWorkbook) as refused:
        services.commit_import(sample(SMALL), SMALL.name)
    assert (refused.value.code, refused.value.status) == ("file_too_large", 413)
    assert refused.value.details["reason"] == "file_too_large"
    assert "MB" in refused.value.message


def test_two_simultaneous_imports_of_one_file_add_its_questions_once(app, monkeypatch):
    import threading

    path = sample(SMALL)
    real_start = services._start
    both_parsed = threading.Barrier(2)

    def wait_then_start(*args, **kwargs):
        both_parsed.wait(timeout=30)  # neither has written when the other one parses
        return real_start(*args, **kwargs)

    monkeypatch.setattr(services, "_start", wait_then_start)
    imported, failures = [], []

    def run():
        with app.app_context():
            try:
                imported.append(services.commit_import(path, path.name).imported)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(imported) == [0, 26]
    assert count(Question) == 26
