"""Unit and locality lists from Excel: names and headcounts, bad rows reported in Vietnamese."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from contest.accounts import organizations
from contest.accounts.models import Organization
from contest.core.audit import AuditEntry
from contest.core.errors import InvalidInput
from contest.core.extensions import db


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_organization_import_reads_names_and_headcounts_under_headers(app):
    data = workbook(
        [
            ["STT", "Tên cơ quan, đơn vị", "Biên chế"],
            [1, "Sở Tư pháp", 85],
            [2, "Sở Giáo dục và Đào tạo", "1.200"],
            [3, "UBND xã An Phú", None],
        ]
    )

    report = organizations.import_organizations("unit", data, "don-vi.xlsx")

    units = {o.name: o.headcount for o in organizations.list_organizations("unit")}
    assert units == {"Sở Tư pháp": 85, "Sở Giáo dục và Đào tạo": 1200, "UBND xã An Phú": None}
    assert report.errors == []
    assert len(report.added) == 3


def test_organization_import_without_header_takes_the_first_column(app):
    data = workbook([["Phường Tân Định", 30], ["Xã Bình Hưng", 12]])

    organizations.import_organizations("locality", data, "dia-phuong.xlsx")

    localities = [(o.name, o.headcount) for o in organizations.list_organizations("locality")]
    assert localities == [("Phường Tân Định", 30), ("Xã Bình Hưng", 12)]


def test_organization_import_reports_bad_rows_in_vietnamese_and_keeps_the_rest(app):
    data = workbook(
        [
            ["Đơn vị", "Số lượng"],
            ["Sở Tư pháp", "nhiều"],
            [None, 5],
            ["Sở Y tế", 40],
            ["Sở Y tế", 41],
        ]
    )

    report = organizations.import_organizations("unit", data, "don-vi.xlsx")

    assert report.errors == [
        "Dòng 2: số lượng “nhiều” không phải số nguyên không âm.",
        "Dòng 3: thiếu tên.",
        "Dòng 5: “Sở Y tế” trùng với dòng 4.",
    ]
    assert [(o.name, o.headcount) for o in organizations.list_organizations("unit")] == [
        ("Sở Y tế", 40)
    ]


def test_organization_import_updates_headcounts_of_existing_names(app):
    organizations.add_organizations("unit", ["Sở Tư pháp"])

    report = organizations.import_organizations(
        "unit", workbook([["Tên đơn vị", "Headcount"], ["Sở Tư pháp", 90]]), "a.xlsx"
    )

    assert (report.added, report.updated) == ([], ["Sở Tư pháp"])
    assert db.session.query(Organization).one().headcount == 90
    entry = db.session.query(AuditEntry).filter_by(action="organizations.import").one()
    assert entry.after == {
        "kind": "unit",
        "file": "a.xlsx",
        "added": 0,
        "updated": ["Sở Tư pháp"],
        "errors": 0,
    }


def test_organization_import_refuses_a_file_that_is_not_a_workbook(app):
    with pytest.raises(InvalidInput) as excinfo:
        organizations.import_organizations("unit", b"ten,so luong\n", "danh-sach.csv")

    assert excinfo.value.code == "invalid_workbook"
    assert "không được hỗ trợ" in excinfo.value.message
