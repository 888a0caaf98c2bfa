"""Cell text hygiene, folding for search, fingerprints, and the legacy-encoding plumbing."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time

import pytest

from questions.importer import fingerprint, fold
from questions.importer import text as text_module
from questions.importer.text import CellCleaner, display
from tests.questions.importer.builders import HEADER, bank_row, parse, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (18.0, "18"),
        (0.5, "0.5"),
        (1e6, "1000000"),
        (-0.0, "0"),
        (0.1 + 0.2, "0.3"),
        (7, "7"),
        (True, "Đúng"),
        (False, "Sai"),
        (date(2013, 1, 1), "01/01/2013"),
        (datetime(2013, 1, 1), "01/01/2013"),
        (datetime(2013, 1, 1, 7, 30), "01/01/2013 07:30"),
        (time(7, 30), "07:30"),
    ],
)
def test_non_text_cells_read_as_excel_shows_them(value: object, shown: str) -> None:
    assert display(value) == shown  # type: ignore[arg-type]


def test_whitespace_of_every_kind_collapses_to_one_space() -> None:
    cleaner = CellCleaner()
    assert cleaner.text("  Câu\u00a0hỏi\n\tnày \u3000 là  gì? ") == "Câu hỏi này là gì?"
    assert cleaner.text("  plain  ascii\n") == "plain ascii"


def test_zero_width_characters_are_removed() -> None:
    assert CellCleaner().text("Hiến\u200b pháp\ufeff") == "Hiến pháp"


def test_decomposed_text_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Quyền và nghĩa vụ")
    assert CellCleaner().text(decomposed) == "Quyền và nghĩa vụ"


def test_fold_drops_case_diacritics_and_extra_spaces() -> None:
    assert fold("  ĐÁP  Án ĐÚNG ") == "dap an dung"
    assert fold(unicodedata.normalize("NFD", "Nghị định")) == "nghi dinh"


def test_fingerprint_ignores_option_order_case_spacing_and_normal_form() -> None:
    base = fingerprint("Hiến pháp năm nào?", ["2013", "1992", "Năm 1980"])
    assert re.fullmatch(r"[0-9a-f]{32}", base)
    assert fingerprint("HIẾN PHÁP  năm nào?", ["năm 1980", "2013", "1992"]) == base
    assert (
        fingerprint(
            unicodedata.normalize("NFD", "Hiến pháp năm nào?"), ["1992", "2013", "Năm 1980"]
        )
        == base
    )


def test_fingerprint_is_stable_across_releases() -> None:
    # blake2b-128 of the casefolded question, then the sorted options, joined by U+001F.
    # Stored fingerprints depend on this: changing it needs a data migration.
    assert fingerprint("Hiến pháp năm nào?", ["2013", "1992"]) == "42c0f081052702fd4c31779a17df0d18"


def test_fingerprint_tells_different_questions_apart() -> None:
    base = fingerprint("Hiến pháp năm nào?", ["2013", "1992"])
    assert fingerprint("Hiến pháp năm nào?", ["2013", "1993"]) != base
    assert fingerprint("Hiến pháp nam nào?", ["2013", "1992"]) != base
    assert fingerprint("Hiến pháp năm nào?", ["2013", "1992", "1992"]) != base


def test_parsed_fingerprint_matches_the_public_helper() -> None:
    rows = [HEADER, bank_row("Hiến  pháp năm nào?", ["2013", "1992"], "A")]
    question = parse(xlsx_bytes({"S": rows})).questions[0]
    assert question.fingerprint == fingerprint("Hiến pháp năm nào?", ["1992", "2013"])


def test_unicode_vietnamese_cells_never_reach_the_legacy_converter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(
        text_module, "convert_legacy", lambda cell: (seen.append(cell), (cell, None))[1]
    )
    cleaner = CellCleaner()
    for cell in ("Điều 8 Luật Phổ biến", "Quyền con người", "plain ascii", "Năm 2013", "Café"):
        cleaner.text(cell)
    assert seen == ["Café"]


def test_converted_rows_are_recorded_once_per_row_with_their_encoding(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fake(cell: str) -> tuple[str, str | None]:
        return (cell.replace("¸", "á"), "tcvn3") if "¸" in cell else (cell, None)

    monkeypatch.setattr(text_module, "convert_legacy", fake)
    rows = [
        HEADER,
        bank_row("C¸c quyÒn?", ["M¸y", "Hai"], "A"),
        bank_row("Bình thường?", ["Một", "Hai"], "B"),
    ]
    report = parse(xlsx_bytes({"S": rows}))
    assert [(r.sheet, r.row, r.encoding) for r in report.converted_rows] == [("S", 2, "tcvn3")]
    assert report.questions[0].options[0].text == "Máy"


def test_real_legacy_cells_are_converted_end_to_end() -> None:
    legacy = pytest.importorskip("questions.importer.legacy")
    encode = getattr(legacy, "encode_legacy", None)
    if encode is None:
        pytest.skip("legacy.encode_legacy is not available")
    question = "Luật Phổ biến, giáo dục pháp luật có hiệu lực từ ngày nào?"
    rows = [
        HEADER,
        bank_row(encode(question, "tcvn3"), [encode("Ngày mồng một", "vni"), "2013"], "A"),
    ]
    report = parse(xlsx_bytes({"S": rows}))
    assert report.questions[0].text == question
    assert report.questions[0].options[0].text == "Ngày mồng một"
    assert [(r.row, r.encoding) for r in report.converted_rows] == [(2, "tcvn3")]
