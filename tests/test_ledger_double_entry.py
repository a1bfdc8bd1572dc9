"""Every ledger transfer moves money between accounts without creating or losing any: its
legs sum to zero in each currency. The service refuses anything else with a reason, a
retried call posts nothing twice, and PostgreSQL refuses an unbalanced transfer at commit
even when it is written by raw SQL."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from ledger import selectors, services
from ledger.errors import LedgerError
from ledger.models import Account, Entry, Transfer
from tests.factories.ledger import CURRENCY, SEASON, capture, next_key

PROVIDER = 7


def account(kind, *, currency=CURRENCY, provider_id=PROVIDER):
    return services.account_get(provider_id=provider_id, season_id=SEASON, kind=kind,
                                currency=currency)


def gateway(**kwargs):
    return account(Account.Kind.GATEWAY, **kwargs)


def owed(**kwargs):
    return account(Account.Kind.OWED_TO_PROVIDER, **kwargs)


def guarantee(**kwargs):
    return account(Account.Kind.GUARANTEE_WITHHELD, **kwargs)


def post(legs, *, key=None, kind=Transfer.Kind.PAYMENT_RECEIVED, source_id="1"):
    return services.post(key=key or next_key(), kind=kind, legs=legs,
                         source="packages.paymentattempt", source_id=source_id)


@pytest.mark.django_db
class TestTheServicePostsOnlyBalancedTransfers:
    def test_a_transfer_writes_one_entry_per_leg_summing_to_zero(self):
        transfer = post([(gateway(), Decimal("-100.00")), (guarantee(), Decimal("5.00")),
                         (owed(), Decimal("95.00"))])
        assert sorted(transfer.entries.values_list("amount", flat=True)) == [
            Decimal("-100.00"), Decimal("5.00"), Decimal("95.00")]
        assert {entry.currency for entry in transfer.entries.all()} == {CURRENCY}
        assert selectors.account_balance(account=owed()) == Decimal("95.00")

    def test_legs_that_do_not_sum_to_zero_are_refused(self):
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), Decimal("-100.00")), (owed(), Decimal("99.99"))])
        assert refused.value.code == "unbalanced"
        with translation.override("en"):
            assert str(refused.value) == ("The legs of a transfer must sum to zero in each "
                                          "currency: SAR sums to -0.01.")
        assert not Transfer.objects.exists()

    def test_each_currency_balances_on_its_own(self):
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), Decimal("-100.00")), (owed(currency="USD"), Decimal("100.00"))])
        assert refused.value.code == "unbalanced"

    def test_a_transfer_needs_two_legs(self):
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), Decimal("-100.00"))])
        assert refused.value.code == "too_few_legs"

    def test_an_account_appears_once_in_a_transfer(self):
        with pytest.raises(LedgerError) as refused:
            post([(owed(), Decimal("-1.00")), (owed(), Decimal("1.00"))])
        assert refused.value.code == "same_account_twice"

    @pytest.mark.parametrize("amount", [Decimal("0"), Decimal("0.001"), 1.5, "1.50"])
    def test_a_leg_moves_whole_cents_as_a_decimal(self, amount):
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), amount), (owed(), Decimal("1.50"))])
        assert refused.value.code == "leg_amount"

    def test_a_transfer_kind_is_one_of_the_ledgers(self):
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), Decimal("-1.00")), (owed(), Decimal("1.00"))], kind="gift")
        assert refused.value.code == "unknown_kind"


@pytest.mark.django_db
class TestAKeyPostsOnce:
    def test_a_retried_post_returns_the_first_transfer_and_posts_nothing(self):
        legs = [(gateway(), Decimal("-100.00")), (owed(), Decimal("100.00"))]
        first = post(legs, key="attempt-41")
        again = post(legs, key="attempt-41")
        assert again.pk == first.pk
        assert Transfer.objects.count() == 1
        assert Entry.objects.count() == 2

    def test_the_same_key_with_other_legs_is_refused(self):
        post([(gateway(), Decimal("-100.00")), (owed(), Decimal("100.00"))], key="attempt-42")
        with pytest.raises(LedgerError) as refused:
            post([(gateway(), Decimal("-200.00")), (owed(), Decimal("200.00"))],
                 key="attempt-42")
        assert refused.value.code == "key_reused"
        assert selectors.account_balance(account=owed()) == Decimal("100.00")

    def test_the_same_key_for_another_cause_is_refused(self):
        legs = [(gateway(), Decimal("-100.00")), (owed(), Decimal("100.00"))]
        post(legs, key="attempt-43", source_id="43")
        with pytest.raises(LedgerError) as refused:
            post(legs, key="attempt-43", source_id="44")
        assert refused.value.code == "key_reused"

    def test_a_payment_captured_twice_under_one_key_is_received_once(self):
        first = capture(provider_id=PROVIDER, amount="1000.00", key="pay-9", source_id=9)
        again = capture(provider_id=PROVIDER, amount="1000.00", key="pay-9", source_id=9)
        assert again.pk == first.pk
        assert selectors.balances(provider_id=PROVIDER, season_id=SEASON,
                                  currency=CURRENCY)[Account.Kind.GATEWAY] == Decimal("-1000.00")

    def test_a_refused_replay_leaves_the_callers_transaction_usable(self):
        post([(gateway(), Decimal("-1.00")), (owed(), Decimal("1.00"))], key="k")
        with transaction.atomic():
            with pytest.raises(LedgerError):
                post([(gateway(), Decimal("-2.00")), (owed(), Decimal("2.00"))], key="k")
            assert Transfer.objects.count() == 1  # the caller's transaction still answers


def raw_transfer(cursor, key):
    cursor.execute("INSERT INTO ledger_transfer (kind, key, source, source_id, memo, created_at)"
                   " VALUES ('payment_received', %s, 'raw', '1', '', now()) RETURNING id", [key])
    return cursor.fetchone()[0]


def raw_entry(cursor, transfer_id, account_id, amount, currency=CURRENCY):
    cursor.execute("INSERT INTO ledger_entry (transfer_id, account_id, amount, currency) "
                   "VALUES (%s, %s, %s, %s)", [transfer_id, account_id, amount, currency])


@pytest.mark.django_db(transaction=True)
class TestPostgresRefusesAnUnbalancedTransferAtCommit:
    def test_an_unbalanced_transfer_written_by_raw_sql_fails_at_commit(self):
        source, target = gateway().pk, owed().pk
        with pytest.raises(IntegrityError, match="does not balance: its SAR entries sum to"):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    transfer_id = raw_transfer(cursor, "raw-1")
                    raw_entry(cursor, transfer_id, source, "-100.00")
                    raw_entry(cursor, transfer_id, target, "90.00")
                # Every statement went through: only the COMMIT checks.
                assert Entry.objects.filter(transfer_id=transfer_id).count() == 2
        assert not Transfer.objects.filter(key="raw-1").exists()

    def test_a_balanced_transfer_written_by_raw_sql_commits(self):
        source, target = gateway().pk, owed().pk
        with transaction.atomic():
            with connection.cursor() as cursor:
                transfer_id = raw_transfer(cursor, "raw-2")
                raw_entry(cursor, transfer_id, source, "-100.00")
                raw_entry(cursor, transfer_id, target, "100.00")
        assert selectors.unbalanced_transfers() == []

    def test_a_transfer_without_entries_fails_at_commit(self):
        with pytest.raises(IntegrityError, match="has 0 entries"):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    raw_transfer(cursor, "raw-3")
        assert not Transfer.objects.exists()

    def test_an_entry_in_another_currency_than_its_account_fails_at_commit(self):
        source, target = gateway().pk, owed().pk
        with pytest.raises(IntegrityError, match="another currency than its account"):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    transfer_id = raw_transfer(cursor, "raw-4")
                    raw_entry(cursor, transfer_id, source, "-100.00", currency="USD")
                    raw_entry(cursor, transfer_id, target, "100.00", currency="USD")

    def test_the_services_transfers_pass_the_commit_check(self):
        capture(provider_id=PROVIDER, amount="1000.00")
        assert Transfer.objects.count() == 1
        assert selectors.unbalanced_transfers() == []
