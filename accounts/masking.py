"""Masking of identity numbers wherever they leave the owner's own view (lists, logs).

Who may see a number in full is decided in accounts.selectors.identity_number_for; this
module only masks.
"""

import logging
import re

# A Saudi national ID or iqama is 10 digits starting with 1 or 2; passports are letters and
# digits. Logs mask any run of 8 or more digits, and any upper-case letters-and-digits token
# of passport length with at least 5 digits, so no identity number reaches a log file.
_LONG_DIGITS = re.compile(r"\b\d{8,}\b")
_PASSPORT_LIKE = re.compile(r"\b(?=[A-Z0-9]*[A-Z])(?=(?:[A-Z]*\d){5})[A-Z0-9]{6,15}\b")


def mask_identity_number(value: str) -> str:
    """Keep the first and last two characters: '1012345678' -> '10******78'."""
    value = str(value or "")
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_digits_in_text(text: str) -> str:
    masked = _LONG_DIGITS.sub(lambda m: mask_identity_number(m.group(0)), text)
    return _PASSPORT_LIKE.sub(lambda m: mask_identity_number(m.group(0)), masked)


class MaskIdentityNumbersFilter(logging.Filter):
    """A handler filter: masks the message and any traceback before the record is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # The formatter reuses exc_text when set, so the traceback is masked as well.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_digits_in_text(record.exc_text)
        return True
