"""Choices about columns and codes, read from JSON as the API and the command line send them."""

from __future__ import annotations

import pytest

from contest.core.errors import InvalidInput
from questions.imports.choices import ImportChoices, column_index, column_letter, read_choices


def test_column_letters_and_indexes_are_inverse():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert all(column_index(column_letter(i)) == i for i in range(1000))


def test_a_mapping_names_columns_by_letter_in_either_case():
    choices = read_choices('{"b": "question", "AA": "option_a"}', "3", None)
    assert choices == ImportChoices({1: "question", 26: "option_a"}, 3, None)


def test_blank_fields_are_not_given():
    assert read_choices("", " ", None) == ImportChoices()
    assert not ImportChoices().given


def test_codes_are_trimmed_and_spaces_collapsed():
    choices = read_choices(None, None, {"topic": {" 1 ": "  Hiến   pháp "}})
    assert choices.codes == {"topic": {"1": "Hiến pháp"}}


def test_every_bad_field_is_named_at_once():
    with pytest.raises(InvalidInput) as refused:
        read_choices('{"B": "nope"}', "x", '{"topic": []}')
    assert set(refused.value.details["fields"]) == {"mapping", "header_row", "codes"}


def test_choices_round_trip_through_a_pages_hidden_fields():
    choices = ImportChoices({1: "question", 2: "option_a"}, 2, {"topic": {"1": "Hiến pháp"}})
    fields = choices.to_json()
    assert read_choices(fields["mapping"], fields["header_row"], fields["codes"]) == choices
