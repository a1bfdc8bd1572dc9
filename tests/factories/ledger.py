"""Ledger movements come from the real services, with the season's rate passed as data:

    capture(provider_id=7, amount="1000.00")              # 50.00 withheld at 5%
    capture(provider_id=7, amount="1000.00", percent="2.50")
"""

import itertools
from decimal import Decimal

from ledger import services

SEASON = 1448
CURRENCY = "SAR"
PERCENT = Decimal("5.00")  # the seeded seasons' guarantee_percent
_numbers = itertools.count(1)


def next_key(prefix="test") -> str:
    return f"{prefix}-{next(_numbers)}"


def capture(*, provider_id, amount, season_id=SEASON, percent=PERCENT, key=None,
            source_id=None, memo=""):
    return services.payment_captured(
        provider_id=provider_id, season_id=season_id, amount=Decimal(amount),
        currency=CURRENCY, guarantee_percent=Decimal(percent), key=key or next_key("pay"),
        source="packages.paymentattempt", source_id=source_id or next(_numbers), memo=memo)


def refund(*, provider_id, amount, season_id=SEASON, percent=PERCENT, key=None,
           source_id=None):
    return services.refund_paid(
        provider_id=provider_id, season_id=season_id, amount=Decimal(amount),
        currency=CURRENCY, guarantee_percent=Decimal(percent), key=key or next_key("refund"),
        source="refunds.refund", source_id=source_id or next(_numbers))


def compensate(*, provider_id, amount, season_id=SEASON, key=None, source_id=None):
    return services.compensation_paid(
        provider_id=provider_id, season_id=season_id, amount=Decimal(amount),
        currency=CURRENCY, key=key or next_key("claim"), source="compensation.claim",
        source_id=source_id or next(_numbers))


def release(*, provider_id, season_id=SEASON, key=None):
    return services.guarantee_release(
        provider_id=provider_id, season_id=season_id, currency=CURRENCY,
        key=key or next_key("release"), source="packages.season", source_id=season_id)
