"""The ledger against the payment gateway's own records: every movement across the portal's
edge must appear on both sides, for the same amount.

A movement is matched by its key: the transfer's idempotency key is the one the portal sent
the gateway for that charge, refund or payout (a payment's ledger transfer is posted with
the payment attempt's `idempotency_key`). The gateway's records are those of the period the
ledger covers (its settlement report for the season); one the gateway lists twice shows up
as a doubled amount.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from . import selectors


@dataclass(frozen=True)
class GatewayRecord:
    key: str
    # What the gateway moved into the portal: positive for a capture, negative for a refund
    # or a payout (the ledger's sign for the same movement, seen from inside the portal).
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Difference:
    key: str
    currency: str
    ledger: Decimal | None  # None: the ledger has no such movement
    gateway: Decimal | None  # None: the gateway has no such record


def reconcile(records: Iterable[GatewayRecord]) -> list[Difference]:
    """The movements on which the ledger and the gateway disagree (none: they agree), sorted
    by key: a record the ledger lacks, a ledger movement the gateway lacks, or two amounts."""
    gateway = defaultdict(Decimal)
    for record in records:
        gateway[(record.key, record.currency)] += record.amount
    ledger = selectors.gateway_movements()
    differences = []
    for key, currency in sorted(ledger.keys() | gateway.keys()):
        ours, theirs = ledger.get((key, currency)), gateway.get((key, currency))
        if ours != theirs:
            differences.append(Difference(key=key, currency=currency, ledger=ours,
                                          gateway=theirs))
    return differences
