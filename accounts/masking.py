"""Masking of identity numbers wherever they leave the owner's own view (lists, logs)."""

import logging
import re

# A Saudi national ID or iqama is 10 digits starting with 1 or 2; passports are letters and
# digits. Logs mask any run of 8 or more digits so no identity number reaches a log file.
_LONG_DIGITS = re.compile(r"\b(\d{2})\d{4,}(\d{2})\b")


def mask_identity_number(value: str) -> str:
    """Keep the first and last two characters: '1012345678' -> '10******78'."""
    value = str(value or "")
    if len(value) <= 4:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


def mask_digits_in_text(text: str) -> str:
    return _LONG_DIGITS.sub(lambda m: m.group(1) + "*" * (len(m.group(0)) - 4) + m.group(2), text)


class MaskIdentityNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits_in_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
