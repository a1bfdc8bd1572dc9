"""Writes to the money ledger: `post` moves money, the domain helpers encode the money rules.

Chart of accounts (per provider, season and currency; ledger.models.Account.Kind):

- guarantee_withheld: the guarantee the ministry holds from the provider's revenue (the
  season's percentage of every payment actually captured). Compensation is paid from it; a
  refund takes back its share; after the season what remains is released to the provider.
- owed_to_provider: the rest of the payments, what the portal owes the provider. It may go
  below zero: a refund after the provider's money was released is then owed by the provider.
- gateway: the world outside the portal, reached through the payment gateway (pilgrims'
  cards, payouts). Money entering the portal comes from it, money leaving goes to it.

Sign convention: an entry's amount is what the movement puts INTO its account (positive) or
takes OUT of it (negative), and an account's balance is the sum of its entries. The legs of a
transfer sum to zero in each currency, so money is never created nor lost: the gateway
account's balance is minus what the portal holds for the provider's season, i.e.
gateway + guarantee_withheld + owed_to_provider == 0 at all times.

What happened (payments received, refunds paid, compensation paid, guarantee released) is
the transfer's kind, not an account: a balance answers "how much is there now", and the
totals per kind (ledger.selectors.totals) answer "how much moved, and why". An account per
kind of movement would either be a pass-through that always sums to zero, or stand in for the
outside world, splitting the gateway's side in four and leaving the reconciliation with the
gateway four accounts to add up instead of one.

The transfers (amount A, the season's guarantee percentage p):

    payment received     gateway -A     guarantee +share(A, p)   owed +(A - share)
    refund paid          guarantee -min(share(A, p), its balance)   owed -(the rest)
                         gateway +A
    compensation paid    guarantee -min(A, its balance)   gateway +(that)
                         (the part not covered is returned: the caller records it as owed
                         by the provider, outside the ledger)
    guarantee released   guarantee -(its balance)   owed +(its balance)

The rate is data (the season's `guarantee_percent`), passed in by the caller, never a literal
here. A refund takes the guarantee's share of the amount it reverses at the same percentage
the payment was split with; if compensation already spent the guarantee (or it was
released), the guarantee gives what it has and the provider's part gives the rest.

Every service runs in transaction.atomic, so a caller that writes its own change (a refund's
status, a claim paid) in its transaction writes the ledger's entries with it, or neither.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from . import selectors
from .errors import LedgerError
from .models import Account, Entry, Transfer
from .money import checked_amount, checked_currency, checked_percent, guarantee_split, is_cents

Kind = Account.Kind
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CompensationPayment:
    """What compensation_paid did: the transfer (None when the guarantee had nothing), the
    part paid from the guarantee and the part it did not cover."""

    transfer: Transfer | None
    paid: Decimal
    uncovered: Decimal


# --- Accounts -----------------------------------------------------------------------------


def account_get(*, provider_id: int, season_id: int, kind: str, currency: str) -> Account:
    """The account of that kind for the provider's season, opened on first use.

    get_or_create retries its SELECT when a concurrent transaction opened the same account
    first (the unique constraint decides), so two first payments at once share one account.
    """
    if kind not in Kind.values:
        raise LedgerError("unknown_kind", kind=kind)
    account, _created = Account.objects.get_or_create(
        provider_id=provider_id, season_id=season_id, kind=kind,
        currency=checked_currency(currency))
    return account


def _accounts(provider_id, season_id, currency) -> dict[str, Account]:
    return {kind: account_get(provider_id=provider_id, season_id=season_id, kind=kind,
                              currency=currency) for kind in Kind.values}


def _lock(account: Account) -> Account:
    """Serialise every movement that reads this account's balance to decide its amount (two
    claims paid at once must not spend the same guarantee). The row is never updated: FOR
    UPDATE only takes the row lock, and the append-only trigger does not fire."""
    return Account.objects.select_for_update().get(pk=account.pk)


# --- Posting ------------------------------------------------------------------------------


def _checked_legs(legs) -> list[tuple[Account, Decimal]]:
    legs = list(legs)
    if len(legs) < 2:
        raise LedgerError("too_few_legs")
    if len({account.pk for account, _amount in legs}) != len(legs):
        raise LedgerError("same_account_twice")
    totals = defaultdict(Decimal)
    for account, amount in legs:
        if not is_cents(amount) or amount == 0:
            raise LedgerError("leg_amount", amount=amount)
        totals[account.currency] += amount
    for currency, total in sorted(totals.items()):
        if total != 0:
            raise LedgerError("unbalanced", currency=currency, total=total)
    return legs


def _same_movement(transfer: Transfer, *, kind, source, source_id, legs) -> bool:
    posted = {(entry.account_id, entry.amount) for entry in transfer.entries.all()}
    return (transfer.kind, transfer.source, transfer.source_id) == (kind, source, source_id) \
        and posted == {(account.pk, amount) for account, amount in legs}


@transaction.atomic
def post(*, key: str, kind: str, legs: Iterable[tuple[Account, Decimal]], source: str,
         source_id: str | int, memo: str = "", acting_user=None) -> Transfer:
    """Move money: one transfer with one entry per (account, signed amount) leg.

    The legs must sum to zero in each currency (checked here, and again by PostgreSQL at
    commit). A second call with the same key returns the transfer the first one posted and
    posts nothing; the same key with other legs, kind or source is refused ("key_reused"),
    since it means two different movements were given one key.
    """
    if not key:
        raise LedgerError("key_required")
    if kind not in Transfer.Kind.values:
        raise LedgerError("unknown_kind", kind=kind)
    source_id = str(source_id)
    legs = _checked_legs(legs)
    try:
        # The savepoint keeps the caller's transaction usable when the key is taken.
        with transaction.atomic():
            transfer = Transfer.objects.create(
                key=key, kind=kind, source=source, source_id=source_id, memo=memo,
                acting_user_id=getattr(acting_user, "pk", None))
    except IntegrityError:
        # A concurrent call with this key waited on the unique index until the first one
        # committed; under READ COMMITTED this new statement sees its transfer.
        transfer = Transfer.objects.filter(key=key).first()
        if transfer is None:
            raise
        if not _same_movement(transfer, kind=kind, source=source, source_id=source_id,
                              legs=legs):
            raise LedgerError("key_reused", key=key) from None
        return transfer
    Entry.objects.bulk_create(
        Entry(transfer=transfer, account=account, amount=amount, currency=account.currency)
        for account, amount in legs)
    return transfer


def _replayed(*, key, kind, source, source_id) -> Transfer | None:
    """The transfer a previous call with this key posted, for the helpers whose legs depend
    on balances that the first call changed (so the legs cannot be compared, only what the
    movement was for)."""
    transfer = Transfer.objects.filter(key=key).first()
    if transfer is not None and (transfer.kind, transfer.source, transfer.source_id) != (
            kind, source, str(source_id)):
        raise LedgerError("key_reused", key=key)
    return transfer


# --- The money rules ----------------------------------------------------------------------


@transaction.atomic
def payment_captured(*, provider_id: int, season_id: int, amount: Decimal, currency: str,
                     guarantee_percent: Decimal, key: str, source: str, source_id: str | int,
                     memo: str = "", acting_user=None) -> Transfer:
    """A pilgrim's payment the gateway captured: the season's percentage of it is withheld as
    the provider's guarantee, the rest is owed to the provider.

    `guarantee_percent` is the season's `guarantee_percent` (5.00 means 5%)."""
    amount = checked_amount(amount)
    share, rest = guarantee_split(amount, checked_percent(guarantee_percent))
    accounts = _accounts(provider_id, season_id, currency)
    legs = [(accounts[Kind.GATEWAY], -amount),
            (accounts[Kind.GUARANTEE_WITHHELD], share),
            (accounts[Kind.OWED_TO_PROVIDER], rest)]
    return post(key=key, kind=Transfer.Kind.PAYMENT_RECEIVED,
                legs=[(account, value) for account, value in legs if value],
                source=source, source_id=source_id, memo=memo, acting_user=acting_user)


@transaction.atomic
def refund_paid(*, provider_id: int, season_id: int, amount: Decimal, currency: str,
                guarantee_percent: Decimal, key: str, source: str, source_id: str | int,
                memo: str = "", acting_user=None) -> Transfer:
    """A refund of `amount` of a captured payment, gone back to the pilgrim: the guarantee
    gives back its share of it (at the percentage the payment was split with), as far as its
    balance goes, and what the provider is owed gives the rest."""
    amount = checked_amount(amount)
    share, _rest = guarantee_split(amount, checked_percent(guarantee_percent))
    accounts = _accounts(provider_id, season_id, currency)
    guarantee = _lock(accounts[Kind.GUARANTEE_WITHHELD])
    replay = _replayed(key=key, kind=Transfer.Kind.REFUND_PAID, source=source,
                       source_id=source_id)
    if replay is not None:
        return replay
    from_guarantee = max(min(share, selectors.account_balance(account=guarantee)), ZERO)
    legs = [(accounts[Kind.GATEWAY], amount),
            (guarantee, -from_guarantee),
            (accounts[Kind.OWED_TO_PROVIDER], -(amount - from_guarantee))]
    return post(key=key, kind=Transfer.Kind.REFUND_PAID,
                legs=[(account, value) for account, value in legs if value],
                source=source, source_id=source_id, memo=memo, acting_user=acting_user)


@transaction.atomic
def compensation_paid(*, provider_id: int, season_id: int, amount: Decimal, currency: str,
                      key: str, source: str, source_id: str | int, memo: str = "",
                      acting_user=None) -> CompensationPayment:
    """Compensation of `amount` paid to a pilgrim from the provider's guarantee, up to the
    guarantee's balance. The part it does not cover is returned as `uncovered`: the caller
    records it as owed by the provider (with its deadline), in the same transaction.

    When the guarantee is empty nothing is posted (a transfer cannot move nothing), and a
    retry with the same key computes again; the caller's own record of the claim paid, in
    the same transaction, is what keeps that retry from happening.
    """
    amount = checked_amount(amount)
    accounts = _accounts(provider_id, season_id, currency)
    guarantee = _lock(accounts[Kind.GUARANTEE_WITHHELD])
    transfer = _replayed(key=key, kind=Transfer.Kind.COMPENSATION_PAID, source=source,
                         source_id=source_id)
    if transfer is not None:
        paid = -transfer.entries.get(account=guarantee).amount
        return CompensationPayment(transfer=transfer, paid=paid, uncovered=amount - paid)
    paid = max(min(amount, selectors.account_balance(account=guarantee)), ZERO)
    if paid:
        transfer = post(key=key, kind=Transfer.Kind.COMPENSATION_PAID,
                        legs=[(guarantee, -paid), (accounts[Kind.GATEWAY], paid)],
                        source=source, source_id=source_id, memo=memo,
                        acting_user=acting_user)
    return CompensationPayment(transfer=transfer, paid=paid, uncovered=amount - paid)


@transaction.atomic
def guarantee_release(*, provider_id: int, season_id: int, currency: str, key: str,
                      source: str, source_id: str | int, memo: str = "",
                      acting_user=None) -> Transfer | None:
    """Release what remains of the provider's guarantee for the season: it becomes owed to
    the provider. None when nothing remains (nothing to post). Whether the release is due
    (the season's date passed, no complaint or claim open) is the caller's decision."""
    accounts = _accounts(provider_id, season_id, currency)
    guarantee = _lock(accounts[Kind.GUARANTEE_WITHHELD])
    replay = _replayed(key=key, kind=Transfer.Kind.GUARANTEE_RELEASED, source=source,
                       source_id=source_id)
    if replay is not None:
        return replay
    remaining = selectors.account_balance(account=guarantee)
    if remaining <= 0:
        return None
    return post(key=key, kind=Transfer.Kind.GUARANTEE_RELEASED,
                legs=[(guarantee, -remaining), (accounts[Kind.OWED_TO_PROVIDER], remaining)],
                source=source, source_id=source_id, memo=memo, acting_user=acting_user)
