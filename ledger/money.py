"""Money as the ledger keeps it: a Decimal of whole cents beside a three-letter currency.

Amounts that come in are checked, never rounded: an amount in fractions of a cent, or a
float, is a caller's mistake that rounding would hide. Amounts the ledger computes (the
guarantee's share) are rounded half up to the cent, like every other share in the portal,
and the other part is the remainder, so the two always add up to the amount exactly.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import LedgerError

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def is_cents(value) -> bool:
    """A finite Decimal with no fraction of a cent (a float is refused: 0.1 is not 0.10)."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return False
    try:
        return value == value.quantize(CENT)
    except InvalidOperation:  # more digits than the context holds
        return False


def checked_amount(amount) -> Decimal:
    """A positive amount of whole cents, as the domain helpers take it."""
    if not is_cents(amount) or amount <= 0:
        raise LedgerError("amount", amount=amount)
    return amount.quantize(CENT)


def checked_currency(currency) -> str:
    if not isinstance(currency, str) or not _CURRENCY.match(currency):
        raise LedgerError("currency", currency=currency)
    return currency


def checked_percent(percent) -> Decimal:
    if not isinstance(percent, Decimal) or not percent.is_finite() or not (
            0 <= percent <= HUNDRED):
        raise LedgerError("percent", percent=percent)
    return percent


def guarantee_split(amount: Decimal, percent: Decimal) -> tuple[Decimal, Decimal]:
    """(the guarantee's share, the rest) of `amount` at `percent` (5.00 means 5%).

    The share is rounded half up to the cent; the rest is what remains, so
    share + rest == amount to the cent whatever the rounding did.
    """
    share = (amount * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return share, amount - share
