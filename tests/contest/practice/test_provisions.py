"""Reading a legal basis as a law and a provision."""

import pytest

from contest.practice.provisions import Citation, law_key, parse_legal_basis, provision_order


@pytest.mark.parametrize(
    ("text", "law", "provision"),
    [
        (
            "Điều 8 Luật Phổ biến, giáo dục pháp luật năm 2012",
            "Luật Phổ biến, giáo dục pháp luật năm 2012",
            "Điều 8",
        ),
        ("Khoản 1 Điều 71 Hiến pháp năm 2013", "Hiến pháp năm 2013", "Khoản 1 Điều 71"),
        (
            "Điểm a khoản 1 Điều 8 Luật Hôn nhân và gia đình năm 2014",
            "Luật Hôn nhân và gia đình năm 2014",
            "Điểm a khoản 1 Điều 8",
        ),
        (
            "Điều 94 và khoản 1 Điều 102 Hiến pháp năm 2013",
            "Hiến pháp năm 2013",
            "Điều 94 và khoản 1 Điều 102",
        ),
        (
            "khoản 2 Điều 105 của Bộ luật Lao động năm 2019",
            "Bộ luật Lao động năm 2019",
            "Khoản 2 Điều 105",
        ),
        (
            "Luật Căn cước năm 2023 (Luật số 26/2023/QH15), điều khoản về hiệu lực thi hành",
            "Luật Căn cước năm 2023",
            "Điều khoản về hiệu lực thi hành",
        ),
        (
            "Quyết định số 72/2001/QĐ-TTg của Thủ tướng Chính phủ về Ngày Gia đình Việt Nam",
            "Quyết định số 72/2001/QĐ-TTg của Thủ tướng Chính phủ về Ngày Gia đình Việt Nam",
            "",
        ),
        ("Điều 3 Luật Tiếp cận thông tin", "Luật Tiếp cận thông tin", "Điều 3"),
    ],
)
def test_a_legal_basis_reads_as_its_law_and_provision(text, law, provision):
    assert parse_legal_basis(text) == [Citation(law, provision)]


def test_bases_separated_by_semicolons_are_read_one_by_one():
    citations = parse_legal_basis("Điều 5 Nghị định số 100/2019/NĐ-CP; Điều 3 Hiến pháp năm 2013.")

    assert citations == [
        Citation("Nghị định số 100/2019/NĐ-CP", "Điều 5"),
        Citation("Hiến pháp năm 2013", "Điều 3"),
    ]


def test_a_basis_naming_no_document_is_kept_whole_under_no_law():
    assert parse_legal_basis("theo quy định hiện hành") == [
        Citation(None, "Theo quy định hiện hành")
    ]
    assert parse_legal_basis("  ") == []
    assert parse_legal_basis(None) == []


def test_the_same_law_written_differently_is_one_law():
    assert law_key("Luật  Căn cước năm 2023") == law_key("luật căn cước năm 2023")


def test_provisions_sort_by_article_then_clause_with_whole_documents_last():
    provisions = ["", "Điều 10", "Khoản 2 Điều 3", "Điều 3", "Khoản 1 Điều 3"]

    assert sorted(provisions, key=provision_order) == [
        "Điều 3",
        "Khoản 1 Điều 3",
        "Khoản 2 Điều 3",
        "Điều 10",
        "",
    ]
