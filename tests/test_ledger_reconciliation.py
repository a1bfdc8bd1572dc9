"""The ledger agrees with the payment gateway's records movement by movement (matched by the
idempotency key both were given), and `ledger_check` proves every transfer balances and
prints each provider's season balances."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from ledger.reconciliation import Difference, GatewayRecord, reconcile
from tests.factories.ledger import CURRENCY, SEASON, capture, compensate, refund, release

pytestmark = pytest.mark.django_db

PROVIDER = 7


@pytest.fixture
def season():
    """Two payments, a refund and a compensation payout crossed the gateway; the release
    moved money inside the portal only."""
    capture(provider_id=PROVIDER, amount="1000.00", key="hajjportal-payment-1")
    capture(provider_id=PROVIDER, amount="500.00", key="hajjportal-payment-2")
    refund(provider_id=PROVIDER, amount="200.00", key="hajjportal-refund-1")
    compensate(provider_id=PROVIDER, amount="40.00", key="hajjportal-payout-1")
    release(provider_id=PROVIDER, key="release-7-1448")


def record(key, amount):
    return GatewayRecord(key=key, amount=Decimal(amount), currency=CURRENCY)


GATEWAY_REPORT = [record("hajjportal-payment-1", "1000.00"),
                  record("hajjportal-payment-2", "500.00"),
                  record("hajjportal-refund-1", "-200.00"),
                  record("hajjportal-payout-1", "-40.00")]


def test_the_ledger_and_the_gateway_agree(season):
    assert reconcile(GATEWAY_REPORT) == []


def test_a_payment_the_ledger_never_received_is_a_difference(season):
    found = reconcile([*GATEWAY_REPORT, record("hajjportal-payment-3", "300.00")])
    assert found == [Difference(key="hajjportal-payment-3", currency=CURRENCY, ledger=None,
                                gateway=Decimal("300.00"))]


def test_a_movement_the_gateway_does_not_know_is_a_difference(season):
    found = reconcile(GATEWAY_REPORT[1:])
    assert found == [Difference(key="hajjportal-payment-1", currency=CURRENCY,
                                ledger=Decimal("1000.00"), gateway=None)]


def test_a_charge_the_gateway_took_twice_is_a_difference(season):
    found = reconcile([*GATEWAY_REPORT, record("hajjportal-payment-2", "500.00")])
    assert found == [Difference(key="hajjportal-payment-2", currency=CURRENCY,
                                ledger=Decimal("500.00"), gateway=Decimal("1000.00"))]


def test_ledger_check_prints_every_providers_season_balances(season, capsys):
    capture(provider_id=8, amount="100.00")
    call_command("ledger_check")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "provider\tseason\tcurrency\tguarantee_withheld\towed_to_provider\tgateway"
    assert out[1:] == [f"7\t{SEASON}\tSAR\t0.00\t1260.00\t-1260.00",
                       f"8\t{SEASON}\tSAR\t5.00\t95.00\t-100.00",
                       "Every transfer balances."]


def test_ledger_check_fails_on_a_transfer_that_does_not_balance(season):
    """PostgreSQL refuses this one at commit, so it is rolled back before it could be; the
    check reads the rows as they are, so it speaks for rows that came in without the trigger
    (a restore) as well."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO ledger_transfer (kind, key, source, source_id, memo, "
                           "created_at) VALUES ('payment_received', 'odd', 'raw', '1', '', "
                           "now()) RETURNING id")
            odd = cursor.fetchone()[0]
            cursor.execute("INSERT INTO ledger_entry (transfer_id, account_id, amount, currency)"
                           " SELECT %s, id, 10.00, currency FROM ledger_account WHERE kind = "
                           "'gateway' AND provider_id = %s", [odd, PROVIDER])
        with pytest.raises(CommandError, match=f"1 transfer\\(s\\) do not balance: #{odd}"):
            call_command("ledger_check")
        transaction.set_rollback(True)
