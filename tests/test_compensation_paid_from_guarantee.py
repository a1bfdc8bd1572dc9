"""A claim paid from the guarantee is a ledger movement out of it, up to its balance; what
the balance does not cover is owed by the provider, due within the season's working days
(data), and the provider's staff are told."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from accounts import roles
from compensation import selectors, services
from compensation.models import ProviderDebt, SeasonPolicy
from ledger.models import Transfer
from portal.calendars import RIYADH
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import NOW, approved_claim, care_agent, paid_contract_for

pytestmark = pytest.mark.django_db
# Monday 23 November 2026: the claim is paid the day after the complaint.
PAID_AT = NOW + datetime.timedelta(days=1)


def guarantee(claim):
    return selectors.guarantee_available(provider_id=claim.provider_id, season_id=1448)


def pay_from_guarantee(claim):
    return services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee",
                              now=PAID_AT)


def test_a_claim_paid_from_the_guarantee_lowers_it(payment_gateway):
    # The paid contract withheld 5% of 8,092.55 = 404.63; the Arafat lunch is 1%, at most 50.
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())
    assert guarantee(claim) == Decimal("404.63")

    paid = pay_from_guarantee(claim)

    assert (paid.status, paid.paid_from) == ("paid", "guarantee")
    assert guarantee(claim) == Decimal("354.63")
    transfer = Transfer.objects.get(kind="compensation_paid")
    assert (transfer.key, transfer.source_id) == (claim.payout_key, str(claim.pk))
    assert not ProviderDebt.objects.exists()


def test_a_claim_above_the_balance_pays_the_balance_and_the_provider_owes_the_rest(
        payment_gateway, django_capture_on_commit_callbacks):
    SeasonPolicy.objects.create(season_id=1448, debt_working_days=5)
    claim = approved_claim(contract=paid_contract_for())  # housing 10%: 809.26 SAR
    staff = StaffUserFactory(role=roles.PROVIDER_STAFF, provider=claim.provider)

    with django_capture_on_commit_callbacks(execute=True):
        pay_from_guarantee(claim)

    assert guarantee(claim) == Decimal("0.00")
    debt = ProviderDebt.objects.get(claim=claim)
    assert (debt.amount, debt.status, debt.provider_id) == (
        Decimal("404.63"), "owed", claim.provider_id)
    # Five working days (Sunday to Thursday) after Monday 23 November: Monday 30 November.
    assert debt.due_at == datetime.datetime(2026, 11, 30, 23, 59, 59, tzinfo=RIYADH)
    assert len(mail.outbox) == 1 and staff.email in mail.outbox[0].to
    assert "404.63" in mail.outbox[0].body


def test_with_nothing_withheld_the_provider_owes_the_whole_claim():
    claim = approved_claim()  # ordered, never paid: the guarantee holds nothing

    pay_from_guarantee(claim)

    assert ProviderDebt.objects.get(claim=claim).amount == Decimal("809.26")
    assert not Transfer.objects.exists()
