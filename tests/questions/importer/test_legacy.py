"""Specifications for reading cells typed in legacy Vietnamese fonts (TCVN3, VNI)."""

import timeit
import unicodedata

import pytest

from questions.importer.legacy import (
    TCVN3,
    VIETNAMESE_LETTERS,
    VNI,
    convert_legacy,
    decode_legacy,
    encode_legacy,
)
from questions.importer.legacy.detect import _may_be_legacy
from tests.questions.importer.builders import SAMPLES

LEGAL_SENTENCES = [
    "Luật Giao thông đường bộ năm 2008 quy định về quy tắc giao thông đường bộ.",
    "Người điều khiển xe mô tô phải đội mũ bảo hiểm có cài quai đúng quy cách.",
    "Công dân có quyền và nghĩa vụ bảo vệ Tổ quốc theo quy định của Hiến pháp.",
    "Điều 8. Ngày 9 tháng 11 hằng năm là Ngày Pháp luật nước Cộng hòa xã hội chủ nghĩa Việt Nam.",
    "Người nào có hành vi trộm cắp tài sản thì bị truy cứu trách nhiệm hình sự.",
    "Hợp đồng dân sự là sự thỏa thuận giữa các bên về việc xác lập, thay đổi hoặc "
    "chấm dứt quyền, nghĩa vụ dân sự.",
    "Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên được kết hôn.",
    "Trẻ em có quyền được chăm sóc, nuôi dưỡng để phát triển toàn diện.",
    "Mọi người có nghĩa vụ tuân theo Hiến pháp và pháp luật.",
    "Quốc hội là cơ quan đại biểu cao nhất của Nhân dân.",
    "Xử phạt vi phạm hành chính người điều khiển phương tiện vượt đèn đỏ.",
    "Thời hạn khiếu nại lần đầu là 90 ngày, kể từ ngày nhận được quyết định.",
    "Bảo vệ môi trường là trách nhiệm của mọi cơ quan, tổ chức và cá nhân.",
    "Nghiêm cấm lợi dụng quyền tự do tín ngưỡng, tôn giáo để xâm phạm an ninh.",
]

# Typed by hand from published TCVN3 and VNI tables, not produced by encode_legacy,
# so a wrong table cannot pass by symmetry.
TCVN3_LITERALS = [
    ("Xin chµo c¸c b¹n", "Xin chào các bạn"),
    ("T«i ®i häc", "Tôi đi học"),
    ("LuËt Giao th«ng ®\xadêng bé", "Luật Giao thông đường bộ"),
    ("Bé luËt H×nh sù n¨m 2015", "Bộ luật Hình sự năm 2015"),
    ("Kho¶n 2, §iÒu 12 (söa ®æi n¨m 2020).", "Khoản 2, Điều 12 (sửa đổi năm 2020)."),
    ("Ng\xadêi lao ®éng ®\xadîc nghØ viÖc riªng", "Người lao động được nghỉ việc riêng"),
    ("Thèng nhÊt", "Thống nhất"),
]
VNI_LITERALS = [
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("Toâi ñi hoïc", "Tôi đi học"),
    ("Luaät Giao thoâng ñöôøng boä", "Luật Giao thông đường bộ"),
    ("Boä luaät Hình söï naêm 2015", "Bộ luật Hình sự năm 2015"),
    ("Khoaûn 2, Ñieàu 12 (söûa ñoåi naêm 2020).", "Khoản 2, Điều 12 (sửa đổi năm 2020)."),
    ("Ngöôøi lao ñoäng ñöôïc nghæ vieäc rieâng", "Người lao động được nghỉ việc riêng"),
]

UNCHANGED = [
    "",
    "Sai",
    "A, C",
    "01/01/2013",
    "Article 8 of the Constitution",
    "Copyright © 2024 Microsoft® Corporation",
    "Water boils at 100 °C; ½ cup; 5 × 4; price 20 €",
    "Un café à Paris, s'il vous plaît",
    "Je ne sais pas où.",
    "Müller & Söhne GmbH, España",
    "Sun, Män, Zis, Mit, Fro, Fri, Sam",
    "Hà Nội – 2025 “trích dẫn”…",
    "Hoà bình, khoá học, thuý",
    "Hoà bình",
    "© Bộ Tư pháp 2024",
    "Nhiệt độ 25°C, giá 50.000 €",
    "Kích thước 5 µm",
    "5 µm",
    "OÙ EST LA GARE ?",
    "Microsoft® Word",
]


def _sample_cells(name: str) -> list[str]:
    """Read every text cell of a shared sample workbook, skipping when it is absent."""
    calamine = pytest.importorskip("python_calamine")
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"sample workbook {path} is not available")
    rows = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return [cell for row in rows.to_python() for cell in row if isinstance(cell, str)]


@pytest.mark.parametrize(("legacy", "expected"), TCVN3_LITERALS)
def test_tcvn3_cell_is_converted_to_unicode(legacy: str, expected: str) -> None:
    assert convert_legacy(legacy) == (expected, TCVN3)


@pytest.mark.parametrize(("legacy", "expected"), VNI_LITERALS)
def test_vni_cell_is_converted_to_unicode(legacy: str, expected: str) -> None:
    assert convert_legacy(legacy) == (expected, VNI)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("sentence", LEGAL_SENTENCES)
def test_legal_sentence_in_legacy_encoding_is_converted(sentence: str, encoding: str) -> None:
    assert convert_legacy(encode_legacy(sentence, encoding)) == (sentence, encoding)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("sentence", LEGAL_SENTENCES[:6])
def test_uppercase_sentence_in_legacy_encoding_is_converted(sentence: str, encoding: str) -> None:
    upper = sentence.upper()
    assert convert_legacy(encode_legacy(upper, encoding)) == (upper, encoding)


def test_tcvn3_capitals_typed_in_vntimeh_are_restored() -> None:
    legacy = "§IÒU 5. QUYÒN Vµ NGHÜA Vô CñA C¤NG D¢N"
    assert convert_legacy(legacy) == ("ĐIỀU 5. QUYỀN VÀ NGHĨA VỤ CỦA CÔNG DÂN", TCVN3)


def test_tcvn3_single_capital_word_follows_its_capital_neighbours() -> None:
    legacy = "LuËt GTVT: LUËT GIAO TH¤NG §\xa6êNG Bé"
    expected = "Luật GTVT: LUẬT GIAO THÔNG ĐƯỜNG BỘ"
    assert convert_legacy(legacy) == (expected, TCVN3)


def test_tcvn3_title_case_word_before_acronym_stays_title_case() -> None:
    assert convert_legacy("Bé GTVT ban hµnh") == ("Bộ GTVT ban hành", TCVN3)


def test_tcvn3_word_with_a_typing_slip_is_decoded_as_typed() -> None:
    # "Lu©t" should have been "LuËt"; the rest of the cell still proves it is TCVN3.
    legacy = "Lu©t Giao th«ng ®\xadêng bé"
    assert convert_legacy(legacy) == ("Luât Giao thông đường bộ", TCVN3)


def test_tcvn3_toned_capital_opening_a_cell_decodes_lowercase() -> None:
    # .VnTime had no code for Ủ; without the font the capital cannot be recovered.
    assert convert_legacy("ñy ban nh©n d©n") == ("ủy ban nhân dân", TCVN3)


def test_vni_capitals_are_converted() -> None:
    legacy = "LUAÄT GIAO THOÂNG ÑÖÔØNG BOÄ"
    assert convert_legacy(legacy) == ("LUẬT GIAO THÔNG ĐƯỜNG BỘ", VNI)


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("§iÒu 8", ("Điều 8", TCVN3)),
        ("H§ND tØnh, 50.000®", ("HĐND tỉnh, 50.000đ", TCVN3)),
        ("Ñieàu 8", ("Điều 8", VNI)),
        ("UBND tænh, 50.000ñ", ("UBND tỉnh, 50.000đ", VNI)),
    ],
)
def test_digits_abbreviations_and_punctuation_pass_through(
    legacy: str, expected: tuple[str, str]
) -> None:
    assert convert_legacy(legacy) == expected


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [("Coù", "Có"), ("Khoâng", "Không"), ("Ñuùng", "Đúng"), ("Deã", "Dễ")],
)
def test_short_vni_answer_is_converted(legacy: str, expected: str) -> None:
    assert convert_legacy(legacy) == (expected, VNI)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_conversion_output_is_nfc(encoding: str) -> None:
    text, _ = convert_legacy(encode_legacy(LEGAL_SENTENCES[0], encoding))
    assert unicodedata.is_normalized("NFC", text)


def test_there_are_134_vietnamese_letters_with_diacritics() -> None:
    assert len(set(VIETNAMESE_LETTERS)) == len(VIETNAMESE_LETTERS) == 134
    assert all(unicodedata.is_normalized("NFC", letter) for letter in VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", list(VIETNAMESE_LETTERS))
def test_every_letter_round_trips_through_vni(letter: str) -> None:
    assert decode_legacy(encode_legacy(letter, VNI), VNI) == letter


@pytest.mark.parametrize("letter", list(VIETNAMESE_LETTERS))
def test_every_letter_round_trips_through_tcvn3(letter: str) -> None:
    # Toned capitals share the lowercase code; inside a capitals word they come back.
    word = f"TH{letter}" if letter.isupper() else f"th{letter}"
    assert decode_legacy(encode_legacy(word, TCVN3), TCVN3) == word


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_letters_have_distinct_legacy_spellings(encoding: str) -> None:
    letters = VIETNAMESE_LETTERS.lower() if encoding == TCVN3 else VIETNAMESE_LETTERS
    spellings = {encode_legacy(letter, encoding) for letter in set(letters)}
    assert len(spellings) == len(set(letters))


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_text_is_left_unchanged(text: str) -> None:
    assert convert_legacy(text) == (text, None)


@pytest.mark.parametrize("sentence", LEGAL_SENTENCES)
def test_unicode_vietnamese_is_left_unchanged(sentence: str) -> None:
    for text in (sentence, sentence.upper()):
        assert convert_legacy(text) == (text, None)


@pytest.mark.parametrize("sentence", LEGAL_SENTENCES)
def test_decomposed_unicode_vietnamese_is_left_unchanged(sentence: str) -> None:
    nfd = unicodedata.normalize("NFD", sentence)
    assert convert_legacy(nfd) == (nfd, None)
    assert not _may_be_legacy(nfd)


@pytest.mark.parametrize("text", ["Bé", "Cô", "Tèt"])  # TCVN3 Bộ, VNI Cơ, TCVN3 Tốt
def test_text_readable_both_as_unicode_and_as_legacy_is_left_unchanged(
    text: str,
) -> None:
    assert convert_legacy(text) == (text, None)


def test_cell_mixing_unicode_and_legacy_letters_is_left_unchanged() -> None:
    text = "Luật LuËt"
    assert convert_legacy(text) == (text, None)


def test_ascii_text_takes_the_fast_path() -> None:
    assert not _may_be_legacy("Article 8 (2013): A, B, C")


def test_legacy_text_takes_the_full_check() -> None:
    assert all(_may_be_legacy(legacy) for legacy, _ in TCVN3_LITERALS + VNI_LITERALS)


@pytest.mark.parametrize(
    "text", UNCHANGED + [legacy for legacy, _ in TCVN3_LITERALS + VNI_LITERALS]
)
def test_no_cell_is_converted_without_passing_the_fast_path(text: str) -> None:
    assert convert_legacy(text)[1] is None or _may_be_legacy(text)


@pytest.mark.parametrize("name", ["ngan-hang-cau-hoi-mau.xlsx", "ngan-hang-10000-cau.xlsx"])
def test_sample_workbook_cells_take_the_fast_path_and_stay_unchanged(
    name: str,
) -> None:
    cells = _sample_cells(name)
    assert not any(_may_be_legacy(cell) for cell in cells)
    # A benchmark line (best of three), not an assertion: timings vary with the machine.
    elapsed = min(timeit.repeat(lambda: [convert_legacy(c) for c in cells], number=1, repeat=3))
    print(f"convert_legacy: {len(cells)} cells of {name} in {elapsed * 1000:.1f} ms")
    results = [convert_legacy(cell) for cell in cells]
    assert results == [(cell, None) for cell in cells]
