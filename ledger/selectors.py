"""Reads of the money ledger. Every balance is a sum of entries, never a stored figure.

The chart of accounts and the sign convention are in ledger/services.py.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Window

from .models import Account, Entry, Transfer

ZERO = Decimal("0.00")
# The provider's own money in the portal: the gateway account is the outside world's side.
HELD = (Account.Kind.GUARANTEE_WITHHELD, Account.Kind.OWED_TO_PROVIDER)


@dataclass(frozen=True)
class StatementLine:
    """One entry of a provider's season statement, with the balances after it."""

    entry_id: int
    posted_at: datetime
    transfer_id: int
    transfer_kind: str
    account_kind: str
    source: str
    source_id: str
    memo: str
    amount: Decimal
    account_balance: Decimal  # of this entry's account, after it
    held: Decimal  # guarantee withheld + owed to the provider, after it


@dataclass(frozen=True)
class SeasonBalances:
    provider_id: int
    season_id: int
    currency: str
    balances: dict  # Account.Kind value -> Decimal


def _season_entries(provider_id, season_id, currency) -> QuerySet:
    return Entry.objects.filter(account__provider_id=provider_id, account__season_id=season_id,
                                currency=currency)


def account_balance(*, account: Account) -> Decimal:
    return account.entries.aggregate(total=Sum("amount"))["total"] or ZERO


def balances(*, provider_id: int, season_id: int, currency: str) -> dict[str, Decimal]:
    """Each account kind's balance for the provider's season (zero for an account never
    used), keyed by Account.Kind value."""
    rows = (_season_entries(provider_id, season_id, currency)
            .values_list("account__kind").annotate(total=Sum("amount")).order_by())
    return {kind: ZERO for kind in Account.Kind.values} | dict(rows)


def guarantee_balance(*, provider_id: int, season_id: int, currency: str) -> Decimal:
    """What remains of the provider's guarantee for the season: what compensation can be
    paid from, and what a release would give the provider."""
    return (_season_entries(provider_id, season_id, currency)
            .filter(account__kind=Account.Kind.GUARANTEE_WITHHELD)
            .aggregate(total=Sum("amount"))["total"] or ZERO)


def totals(*, provider_id: int, season_id: int, currency: str) -> dict[str, Decimal]:
    """How much each kind of transfer moved for the provider's season, keyed by
    Transfer.Kind value: payments received, refunds paid, compensation paid, guarantee
    released. A transfer's size is the sum of its positive legs (they equal its negative
    ones), so no kind needs a rule of its own."""
    rows = (_season_entries(provider_id, season_id, currency).filter(amount__gt=0)
            .values_list("transfer__kind").annotate(total=Sum("amount")).order_by())
    return {kind: ZERO for kind in Transfer.Kind.values} | dict(rows)


def statement(*, provider_id: int, season_id: int, currency: str) -> list[StatementLine]:
    """The provider's season as a statement: every entry on its guarantee and on what it is
    owed, in posting order, each with its account's running balance and the running total
    the portal holds for the provider (one query: window sums)."""
    entries = (_season_entries(provider_id, season_id, currency)
               .filter(account__kind__in=HELD)
               .annotate(account_balance=Window(Sum("amount"), partition_by=[F("account_id")],
                                                order_by=F("id").asc()),
                         held=Window(Sum("amount"), order_by=F("id").asc()))
               .values("id", "transfer__created_at", "transfer_id", "transfer__kind",
                       "account__kind", "transfer__source", "transfer__source_id",
                       "transfer__memo", "amount", "account_balance", "held")
               .order_by("id"))
    return [StatementLine(
        entry_id=row["id"], posted_at=row["transfer__created_at"],
        transfer_id=row["transfer_id"], transfer_kind=row["transfer__kind"],
        account_kind=row["account__kind"], source=row["transfer__source"],
        source_id=row["transfer__source_id"], memo=row["transfer__memo"],
        amount=row["amount"], account_balance=row["account_balance"], held=row["held"],
    ) for row in entries]


def transfers_of_provider(*, provider_id: int) -> QuerySet:
    """The transfers that moved any of the provider's money (provider staff see these)."""
    return Transfer.objects.filter(
        pk__in=Entry.objects.filter(account__provider_id=provider_id).values("transfer_id"))


def providers_and_seasons(*, provider_id: int | None = None) -> list[tuple[int, int, str]]:
    """(provider id, season id, currency) of every set of accounts, or of one provider's."""
    accounts = Account.objects.all()
    if provider_id is not None:
        accounts = accounts.filter(provider_id=provider_id)
    return list(accounts.order_by("provider_id", "season_id", "currency")
                .values_list("provider_id", "season_id", "currency").distinct())


def season_balances() -> list[SeasonBalances]:
    """Every provider's season with its balances by account kind (the reconciliation's
    and the `ledger_check` command's overview)."""
    grouped = defaultdict(lambda: {kind: ZERO for kind in Account.Kind.values})
    rows = (Entry.objects.values_list("account__provider_id", "account__season_id",
                                      "account__currency", "account__kind")
            .annotate(total=Sum("amount")).order_by())
    for provider_id, season_id, currency, kind, total in rows:
        grouped[(provider_id, season_id, currency)][kind] = total
    return [SeasonBalances(provider_id=provider_id, season_id=season_id, currency=currency,
                           balances=found)
            for (provider_id, season_id, currency), found in sorted(grouped.items())]


def unbalanced_transfers() -> list[int]:
    """Ids of transfers breaking double entry: fewer than two entries, entries that do not
    sum to zero in a currency, or an entry in another currency than its account. PostgreSQL
    refuses all three at commit; this is the check that says so of the rows themselves."""
    too_few = Transfer.objects.annotate(legs=Count("entries")).filter(legs__lt=2)
    not_zero = (Entry.objects.values("transfer_id", "currency")
                .annotate(total=Sum("amount")).filter(~Q(total=0)).order_by())
    mixed = Entry.objects.exclude(currency=F("account__currency"))
    found = set(too_few.values_list("id", flat=True))
    found |= {row["transfer_id"] for row in not_zero}
    found |= set(mixed.values_list("transfer_id", flat=True))
    return sorted(found)


def gateway_movements() -> dict[tuple[str, str], Decimal]:
    """What each transfer moved into the portal from the outside world, by (key, currency):
    positive for a payment captured, negative for a refund or compensation paid out. It is
    minus the transfer's leg on the gateway account; transfers without one (a release) moved
    nothing across."""
    rows = (Entry.objects.filter(account__kind=Account.Kind.GATEWAY)
            .values_list("transfer__key", "currency").annotate(total=Sum("amount")).order_by())
    return {(key, currency): -total for key, currency, total in rows}
