"""Identity document numbers: the one validator every app uses (profiles, companions, ...).

Saudi national IDs start with 1 and iqamas with 2; both are 10 digits whose last digit is a
Luhn-style check digit, so a mistyped digit is caught before it reaches the Ministry of
Interior. Passports vary by country: 6 to 15 letters and digits.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .choices import IdType

SAUDI_ID_LENGTH = 10
SAUDI_PREFIX = {IdType.NATIONAL_ID: "1", IdType.IQAMA: "2"}
_PASSPORT = re.compile(r"[A-Z0-9]{6,15}")

MESSAGES = {
    "unknown_type": _("Unknown identity document type."),
    "required": _("Enter the identity document number."),
    "saudi_format": _("A %(document)s number has exactly %(length)d digits."),
    "saudi_prefix": _("A %(document)s number starts with %(prefix)s."),
    "check_digit": _("This %(document)s number is not valid: check the digits."),
    "passport_format": _("A passport number has 6 to 15 letters and digits."),
}


def normalize_identity_number(id_type: str, number: str) -> str:
    """Strip spaces and dashes; passports are compared in upper case."""
    cleaned = re.sub(r"[\s-]", "", str(number or ""))
    return cleaned.upper() if id_type == IdType.PASSPORT else cleaned


def saudi_checksum(digits: str) -> int:
    """Double the digits in odd positions (summing the product's digits), add the others."""
    total = 0
    for position, char in enumerate(digits, start=1):
        value = int(char)
        if position % 2:
            value = sum(divmod(value * 2, 10))
        total += value
    return total


def saudi_id_with_check_digit(first_nine: str) -> str:
    """Complete nine digits with the check digit that makes the number valid."""
    remainder = saudi_checksum(first_nine + "0") % 10
    return first_nine + str((10 - remainder) % 10)


def _error(key, **params):
    return ValidationError(MESSAGES[key], code=key, params=params or None)


def validate_identity_number(id_type: str, number: str) -> None:
    """Raise a translated ValidationError (with a `code`) when the number cannot be right."""
    if id_type not in IdType.values:
        raise _error("unknown_type")
    number = normalize_identity_number(id_type, number)
    if not number:
        raise _error("required")
    if id_type == IdType.PASSPORT:
        if not _PASSPORT.fullmatch(number):
            raise _error("passport_format")
        return
    document = IdType(id_type).label
    if len(number) != SAUDI_ID_LENGTH or not number.isdigit():
        raise _error("saudi_format", document=document, length=SAUDI_ID_LENGTH)
    if not number.startswith(SAUDI_PREFIX[id_type]):
        raise _error("saudi_prefix", document=document, prefix=SAUDI_PREFIX[id_type])
    if saudi_checksum(number) % 10:
        raise _error("check_digit", document=document)
