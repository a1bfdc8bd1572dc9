"""The IBAN a pilgrim gives for a payout is a Saudi one with right check digits
(portal/iban.py), kept in its compact form; a wrong one is refused in the pilgrim's language.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.iban import MESSAGES, iban_clean

IBAN = "SA0380000000608010167519"


@pytest.mark.parametrize("typed", [
    IBAN,
    "SA03 8000 0000 6080 1016 7519",
    "sa03-8000-0000-6080-1016-7519",
    "SA٠٣٨٠٠٠٠٠٠٠٦٠٨٠١٠١٦٧٥١٩",  # Arabic-Indic digits
    "SA۰۳۸۰۰۰۰۰۰۰۶۰۸۰۱۰۱۶۷۵۱۹",  # Persian digits
])
def test_a_saudi_iban_is_kept_compact_however_it_is_typed(typed):
    assert iban_clean(typed) == IBAN


def code_of(value):
    with pytest.raises(ValidationError) as refused:
        iban_clean(value)
    return refused.value.code


def test_one_mistyped_digit_fails_the_check_digits():
    assert code_of("SA0380000000608010167518") == "invalid_checksum"
    assert code_of("SA0380000000608010167591") == "invalid_checksum"  # two swapped


def test_a_valid_iban_of_another_country_is_refused():
    assert code_of("DE89370400440532013000") == "not_saudi"


@pytest.mark.parametrize("value", [
    "SA038000000060801016751",  # a character short
    "SA03800000006080101675190",  # one too many
    "SA78AB0000006080101675AB",  # the bank code is two digits
])
def test_a_wrong_length_or_shape_is_refused(value):
    assert code_of(value) == "invalid_format"


@pytest.mark.parametrize("value", ["", "   ", None])
def test_nothing_typed_asks_for_the_iban(value):
    assert code_of(value) == "required"


def test_the_refusal_reads_in_the_pilgrims_language():
    with translation.override("ar"):
        with pytest.raises(ValidationError) as refused:
            iban_clean("DE89370400440532013000")
        [message] = refused.value.messages
        assert message == str(MESSAGES["not_saudi"])
    assert message != "Enter a Saudi IBAN: it starts with SA."
