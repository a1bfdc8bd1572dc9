"""Refund records come from cancelling a contract through the real service:

    refund = cancelled_refund(contract=contract, now=now)
"""

from packages.models import Contract
from packages.services import contract_cancel


def cancelled_refund(*, contract, now, reason=Contract.CancelReason.PILGRIM):
    return contract_cancel(contract=contract, reason=reason, now=now)
