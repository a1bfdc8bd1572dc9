"""Ledger rows are never changed nor removed, whoever tries: PostgreSQL refuses an UPDATE or a
DELETE of an entry, a transfer or an account, by raw SQL as through the ORM. A mistake is
corrected by a new transfer that reverses it."""

from decimal import Decimal

import pytest
from django.db import ProgrammingError, connection, transaction

from ledger import selectors
from ledger.models import Account, Entry, Transfer
from tests.factories.ledger import CURRENCY, SEASON, capture

pytestmark = pytest.mark.django_db

PROVIDER = 7
REFUSED = "ledger rows are append-only"


@pytest.fixture
def payment():
    return capture(provider_id=PROVIDER, amount="1000.00", memo="first instalment")


def refused(sql, params=()):
    """Run one statement in a savepoint; the error it raises (none: None)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    except ProgrammingError as exc:
        return exc
    return None


@pytest.mark.parametrize("sql", [
    "UPDATE ledger_entry SET amount = amount * 2 WHERE transfer_id = %s",
    "DELETE FROM ledger_entry WHERE transfer_id = %s",
    "UPDATE ledger_transfer SET memo = 'corrected' WHERE id = %s",
    "DELETE FROM ledger_transfer WHERE id = %s",
])
def test_raw_sql_cannot_update_or_delete_a_transfer_or_its_entries(payment, sql):
    error = refused(sql, [payment.pk])
    assert error is not None and REFUSED in str(error)
    assert Entry.objects.filter(transfer=payment).count() == 3
    assert Transfer.objects.get(pk=payment.pk).memo == "first instalment"


@pytest.mark.parametrize("sql", [
    "UPDATE ledger_account SET provider_id = provider_id + 1 WHERE provider_id = %s",
    "DELETE FROM ledger_account WHERE provider_id = %s",
])
def test_raw_sql_cannot_update_or_delete_an_account(payment, sql):
    error = refused(sql, [PROVIDER])
    assert error is not None and REFUSED in str(error)
    assert Account.objects.filter(provider_id=PROVIDER).count() == 3


def test_the_orm_cannot_change_an_entry_either(payment):
    entry = payment.entries.get(account__kind=Account.Kind.GUARANTEE_WITHHELD)
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(amount=Decimal("0.01"))
    with pytest.raises(ProgrammingError, match=REFUSED), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).delete()
    assert selectors.guarantee_balance(provider_id=PROVIDER, season_id=SEASON,
                                       currency=CURRENCY) == Decimal("50.00")


def test_a_row_lock_is_not_a_change(payment):
    """The services lock the guarantee's account row to serialise payments from it."""
    with transaction.atomic():
        locked = Account.objects.select_for_update().get(
            provider_id=PROVIDER, kind=Account.Kind.GUARANTEE_WITHHELD)
    assert locked.currency == CURRENCY
