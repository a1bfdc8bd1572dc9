"""The IBAN a pilgrim gives for a payout: Saudi, and its check digits right.

schwifty checks the ISO 13616 structure of the country (Saudi Arabia: SA, two check digits,
a two-digit bank code and an 18-character account, 24 in all) and the mod-97 check digits
that catch a mistyped or swapped character. The bank code is not checked against a list of
banks: schwifty's registry names Saudi banks without their IBAN codes, and a list of ours
would go stale; the gateway refuses an account that does not exist.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import InvalidChecksumDigits, SchwiftyException

SAUDI_ARABIA = "SA"

MESSAGES = {
    "required": _("Enter the IBAN of the account to be paid."),
    "not_saudi": _("Enter a Saudi IBAN: it starts with SA."),
    "invalid_format": _("A Saudi IBAN has 24 characters: SA followed by 22 more."),
    "invalid_checksum": _("This IBAN is not valid: check it for a mistyped character."),
}


def iban_clean(value) -> str:
    """The IBAN in its compact form (SA0380000000608010167519) or a ValidationError.

    Accepts it as people write it: in groups of four, in lower case, with Arabic-Indic or
    Persian digits (the keyboard of many pilgrims' phones).
    """
    compact = _compact(str(value or ""))
    if not compact:
        raise ValidationError(MESSAGES["required"], code="required")
    if not compact.startswith(SAUDI_ARABIA):
        raise ValidationError(MESSAGES["not_saudi"], code="not_saudi")
    try:
        iban = IBAN(compact)
    except InvalidChecksumDigits as exc:
        raise ValidationError(MESSAGES["invalid_checksum"], code="invalid_checksum") from exc
    except SchwiftyException as exc:
        raise ValidationError(MESSAGES["invalid_format"], code="invalid_format") from exc
    return iban.compact


def _compact(text: str) -> str:
    characters = []
    for character in text:
        if character.isspace() or character in "-.":
            continue
        if character.isdecimal():
            character = str(unicodedata.decimal(character))
        characters.append(character.upper())
    return "".join(characters)
