"""The example banks the README points to import as it says (docs/examples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contest.core.extensions import db
from questions.imports import BadWorkbook, ImportChoices, commit_import, preview_import

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


def test_the_word_example_imports_six_questions_of_every_type(app):
    outcome = commit_import(EXAMPLES / "de-thi-mau.docx", "de-thi-mau.docx")
    db.session.commit()
    kinds = sorted(q.qtype for q in outcome.report.questions)
    assert (outcome.imported, outcome.report.errors) == (6, [])
    assert kinds == ["fill_in", "multiple", "single", "single", "single", "true_false"]


def test_the_moodle_example_imports_four_questions(app):
    outcome = commit_import(EXAMPLES / "ngan-hang-moodle.xml", "ngan-hang-moodle.xml")
    assert (outcome.imported, set(outcome.report.by_topic())) == (4, {"Hiến pháp", "Dân sự"})


def test_the_topic_code_example_asks_for_the_codes_names(app):
    outcome = preview_import(EXAMPLES / "ngan-hang-ma-linh-vuc.xlsx", "ngan-hang-ma-linh-vuc.xlsx")
    assert outcome.report.unresolved_codes == {"topic": ["1", "2", "3"]}
    assert outcome.report.mapping.unsure == ("unknown_columns",)


def test_the_mapping_example_needs_its_columns_chosen(app):
    path = EXAMPLES / "ngan-hang-can-chon-cot.xlsx"
    with pytest.raises(BadWorkbook) as refused:
        preview_import(path, path.name)
    assert refused.value.details["reason"] == "no_header"
    mapping = {0: "ignore", 1: "question", 2: "option_a", 3: "option_b", 4: "option_c"}
    mapping |= {5: "key", 6: "topic"}
    assert preview_import(path, path.name, choices=ImportChoices(mapping)).imported == 3
