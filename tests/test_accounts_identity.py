"""A Saudi national ID starts with 1, an iqama with 2; both have 10 digits and a valid check
digit. A passport number has 6 to 15 letters and digits."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.identity import saudi_id_with_check_digit, validate_identity_number

NATIONAL_ID = saudi_id_with_check_digit("101234567")  # 1012345672
IQAMA = saudi_id_with_check_digit("212345678")


def error_code(id_type, number):
    with pytest.raises(ValidationError) as caught:
        validate_identity_number(id_type, number)
    return caught.value.code


def test_the_check_digit_follows_the_saudi_algorithm():
    # Odd positions doubled (digits of the product summed) plus even positions: 10 + 10 = 20.
    assert NATIONAL_ID == "1012345672"
    validate_identity_number("national_id", "1000000008")


@pytest.mark.parametrize("id_type, number", [
    ("national_id", NATIONAL_ID), ("iqama", IQAMA), ("national_id", " 1012-345-672 "),
    ("passport", "A1234567"), ("passport", "ab12cd"), ("passport", "X" * 15),
])
def test_valid_numbers_pass(id_type, number):
    validate_identity_number(id_type, number)


def test_a_wrong_check_digit_is_refused():
    assert error_code("national_id", "1012345673") == "check_digit"
    assert error_code("iqama", IQAMA[:-1] + str((int(IQAMA[-1]) + 1) % 10)) == "check_digit"


def test_the_prefix_must_match_the_document():
    assert error_code("national_id", IQAMA) == "saudi_prefix"
    assert error_code("iqama", NATIONAL_ID) == "saudi_prefix"


@pytest.mark.parametrize("number", ["101234567", "10123456720", "10123456AB", ""])
def test_a_saudi_number_has_exactly_ten_digits(number):
    assert error_code("national_id", number) in {"saudi_format", "required"}


@pytest.mark.parametrize("number", ["A1234", "A" * 16, "AB-12*34"])
def test_a_passport_has_six_to_fifteen_letters_and_digits(number):
    assert error_code("passport", number) == "passport_format"


def test_an_unknown_document_type_is_refused():
    assert error_code("driving_licence", NATIONAL_ID) == "unknown_type"


def test_the_message_names_the_document_in_the_reader_language():
    # Messages are lazy: they are translated when shown, in the language active then.
    with pytest.raises(ValidationError) as caught:
        validate_identity_number("iqama", NATIONAL_ID)
    with translation.override("en"):
        assert caught.value.messages == ["A Resident identity (iqama) number starts with 2."]
    with translation.override("ar"):
        assert caught.value.messages != ["A Resident identity (iqama) number starts with 2."]
