"""A Hajj request refused after the contract is paid in full, by our own eligibility check
or by the permit authority, cancels the contract with the refund of a refused permit and
tells the pilgrim why by SMS."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from notifications.models import SmsMessage
from packages.models import Contract
from packages.services import contract_pay
from permits.errors import PermitError
from permits.models import Booking, ServiceRule
from portal.calendars import RIYADH
from refunds.models import Refund
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract, paid_contract
from tests.factories.permits import report

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)
VALUE = Decimal("10000.00")
FEE = Decimal("67.85")  # the seeded 1448 e-service fee per client


def sms(contract, key):
    return SmsMessage.objects.get(
        idempotency_key=f"packages:contract:{contract.pk}:{key}").text


def test_refused_by_our_eligibility_check_after_paying_is_refunded_and_told(
        payment_gateway):
    pilgrim = PilgrimFactory()
    contract = ordered_contract(pilgrim=pilgrim, now=NOW, package=PackageFactory(price=VALUE))
    # The ministry raises the minimum age after the order: the pilgrim, 40, is now too young.
    ServiceRule.objects.filter(service__code="hajj", season=1448).update(min_age_hijri_years=60)

    contract = contract_pay(contract=contract, card_token="tok_ok", now=NOW)

    assert contract.status == Contract.Status.CANCELLED
    assert not Booking.objects.filter(contract=contract).exists()
    refund = Refund.objects.get(contract=contract)
    assert (refund.rule_code, refund.amount) == ("permit_refused", VALUE - FEE)
    with translation.override("ar"):
        reason = str(PermitError("too_young", name=pilgrim.profile.full_name, years=60).message)
    assert reason in sms(contract, "permit_refused")
    assert str(refund.amount) in sms(contract, "cancelled")


def test_refused_by_the_permit_authority_is_refunded_and_told(payment_gateway, plain_http,
                                                              client):
    # The authority's report is handled on the wall clock: the contract is of its season.
    contract = paid_contract(now=timezone.now(), price=VALUE)

    response = report(client, request=contract.reference, event="refused",
                      reason="Security clearance not granted")

    assert response.status_code == 200
    booking = Booking.objects.get(contract=contract)
    assert (booking.status, booking.decided_by) == (Booking.Status.REFUSED, None)
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.CANCELLED
    refund = Refund.objects.get(contract=contract)
    assert (refund.rule_code, refund.amount) == ("permit_refused", VALUE - FEE)
    refusal = SmsMessage.objects.get(idempotency_key=f"permit-booking:{booking.pk}:refused")
    assert "Security clearance not granted" in refusal.text
    assert str(refund.amount) in sms(contract, "cancelled")
