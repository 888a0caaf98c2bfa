"""Certificate codes: unambiguous, typed generously, printed in two groups."""

from contest.certificates.codes import ALPHABET, LENGTH, display, new_code, normalize


def test_the_alphabet_has_no_look_alike_characters():
    assert not set("01ILOU") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 30


def test_new_codes_use_only_the_alphabet():
    codes = {new_code() for _ in range(200)}

    assert len(codes) == 200
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)


def test_a_typed_code_ignores_case_spaces_and_dashes():
    assert normalize(" 7kd3m-qx9tb ") == "7KD3MQX9TB"
    assert normalize("7KD3M QX9TB") == "7KD3MQX9TB"


def test_a_typed_code_with_a_foreign_character_or_the_wrong_length_is_no_code():
    assert normalize("7KD3M-QX9T0") is None
    assert normalize("7KD3M") is None
    assert normalize(None) is None


def test_a_code_is_printed_in_two_groups_of_five():
    assert display("7KD3MQX9TB") == "7KD3M-QX9TB"
