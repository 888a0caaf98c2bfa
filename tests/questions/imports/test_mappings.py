"""Remembered mappings: the next file with the same headers is read without a click."""

from __future__ import annotations

from sqlalchemy import func, select

from contest.core.extensions import db
from questions.imports import mappings
from questions.imports.choices import ImportChoices, read_choices
from questions.models import ImportMapping
from tests.questions.importer.builders import xlsx_bytes
from tests.questions.imports import banks

LIMIT = 20 * 1024 * 1024


def read(data: bytes, choices: ImportChoices | None = None) -> mappings.Reading:
    choices = choices or ImportChoices()
    return mappings.read_upload(data, "bank.xlsx", choices, max_bytes=LIMIT, known=frozenset())


def shifted(data_rows: list[list[object]], columns: int) -> bytes:
    """The same sheet with empty columns in front (the headers start further right)."""
    return xlsx_bytes({"Sheet1": [[None] * columns + row for row in data_rows]})


def unread_rows(count: int) -> list[list[object]]:
    rows: list[list[object]] = [banks.UNREAD_HEADER]
    for n in range(1, count + 1):
        rows.append([n, f"Câu {n}?", "16 tuổi", "18 tuổi", "20 tuổi", "B", "Dân sự"])
    return rows


def remember_unread(user_id=None) -> ImportMapping:
    choices = read_choices(banks.UNREAD_MAPPING, None, None)
    reading = read(banks.unread_bank(2), choices)
    entry = mappings.remember(reading.report.mapping, reading.choices, user_id)
    db.session.commit()
    return entry


def test_a_given_mapping_is_remembered_with_every_columns_field(app, make_user):
    user = make_user("organizer")
    entry = remember_unread(user.id)
    assert entry.columns == {str(i): f for i, f in enumerate(banks.UNREAD_MAPPING.values())}
    assert entry.headers == banks.UNREAD_HEADER
    assert entry.saved_by_id == user.id


def test_the_remembered_mapping_reads_a_file_whose_headers_start_further_right(app):
    remember_unread()
    reading = read(shifted(unread_rows(2), 2))
    assert reading.applied == "saved"
    assert len(reading.report.questions) == 2
    assert reading.report.questions[0].options[1].is_correct


def test_a_given_mapping_wins_over_the_remembered_one(app):
    remember_unread()
    given = ImportChoices({**{i: "ignore" for i in range(7)}, 1: "question", 2: "option_a"})
    given.mapping.update({3: "option_b", 4: "option_c", 5: "key"})
    reading = read(banks.unread_bank(2), given)
    assert reading.applied == "given"
    assert {q.topic for q in reading.report.questions} == {"Sheet1"}  # topic column ignored


def test_remembering_the_same_choices_again_changes_nothing(app, make_user, now):
    first = remember_unread()
    saved_at = first.saved_at
    remember_unread(make_user("organizer").id)
    entry = db.session.scalars(select(ImportMapping)).one()
    assert (entry.saved_at, entry.saved_by_id) == (saved_at, None)


def test_new_codes_are_added_to_the_remembered_ones(app):
    data = banks.platform_bank(2)
    first = read(data, ImportChoices(codes={"topic": {"1": "Hiến pháp"}}))
    mappings.remember(first.report.mapping, first.choices, None)
    second = read(data, ImportChoices(codes={"topic": {"2": "Dân sự"}}))
    mappings.remember(second.report.mapping, second.choices, None)
    db.session.commit()
    entry = db.session.scalars(select(ImportMapping)).one()
    assert entry.codes == {"topic": {"1": "Hiến pháp", "2": "Dân sự"}}
    assert read(data).report.unresolved_codes == {}


def test_nothing_is_remembered_without_choices(app):
    reading = read(banks.platform_bank(2))
    assert mappings.remember(reading.report.mapping, reading.choices, None) is None
    assert db.session.scalar(select(func.count()).select_from(ImportMapping)) == 0
