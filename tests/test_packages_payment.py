"""Paying through the gateway adapter (a real local fake gateway, never a mock): in full or
20% within 72 hours then 40%/40% by the season's dates; a failed payment keeps the places
until the deadline; an overdue booking is cancelled by the beat's sweep."""

import datetime
from decimal import Decimal

import pytest

from notifications.models import SmsMessage
from packages.errors import PackageError
from packages.models import Contract, Instalment, Package
from packages.services import contract_pay, contracts_cancel_overdue
from permits.models import Booking, ServiceRule
from portal.calendars import RIYADH, from_hijri
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


def sms_keys(contract):
    prefix = f"packages:contract:{contract.pk}:"
    return [k.removeprefix(prefix) for k in SmsMessage.objects.filter(
        idempotency_key__startswith=prefix).order_by("id").values_list("idempotency_key",
                                                                       flat=True)]


def test_paying_in_full_pays_the_contract_and_requests_the_hajj_permit(payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    contract = contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert contract.paid_at == NOW
    assert contract.status == Contract.Status.PERMIT_REQUESTED
    request = Booking.objects.get(contract=contract)
    assert request.service.code == "hajj" and request.status == Booking.Status.REQUESTED
    assert request.seats == contract.clients
    assert len(payment_gateway.state.charges) == 1
    assert sms_keys(contract) == ["ordered", "provider_channel", "paid"]


def test_a_permit_request_that_cannot_be_made_leaves_the_payment_standing(payment_gateway):
    # Not a refusal of the person (that refunds: test_packages_hajj_refused_after_payment):
    # the season's Hajj rule is gone between the order and the payment.
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    ServiceRule.objects.filter(service__code="hajj", season=1448).delete()
    contract = contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert contract.status == Contract.Status.PAID
    assert not Booking.objects.filter(contract=contract).exists()


def test_instalments_are_20_percent_within_72_hours_then_40_and_40_by_season_dates():
    contract = ordered_contract(pilgrim=PilgrimFactory(), now=NOW, payment_plan="instalments",
                                package=PackageFactory(price=Decimal("10000.00")))
    steps = list(contract.instalments.values_list("amount", "due_at"))
    assert [amount for amount, _due in steps] == [Decimal("2000.00"), Decimal("4000.00"),
                                                  Decimal("4000.00")]
    assert steps[0][1] == NOW + datetime.timedelta(hours=72)
    # 15 Sha'ban and 1 Shawwal 1448, end of the day in Riyadh.
    assert steps[1][1].astimezone(RIYADH).date() == from_hijri(1448, 8, 15)
    assert steps[2][1].astimezone(RIYADH).date() == from_hijri(1448, 10, 1)


def test_each_instalment_is_paid_in_turn(payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW,
                                payment_plan="instalments")
    for _ in range(2):
        contract = contract_pay(contract=contract, card_token="tok_ok", now=NOW)
        assert contract.status == Contract.Status.ORDERED
    contract = contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert contract.status == Contract.Status.PERMIT_REQUESTED
    with pytest.raises(PackageError) as error:
        contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert error.value.code == "nothing_due"


def test_a_declined_payment_keeps_the_places_and_can_be_retried(payment_gateway):
    package = PackageFactory()
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW)
    with pytest.raises(PackageError) as error:
        contract_pay(contract=contract, card_token="tok_declined", now=NOW)
    assert error.value.code == "payment_failed"
    assert Package.objects.get(pk=package.pk).places_sold == 1
    assert Contract.objects.get(pk=contract.pk).status == Contract.Status.ORDERED
    later = NOW + datetime.timedelta(hours=70)
    assert contract_pay(contract=contract, card_token="tok_ok", now=later).status == (
        Contract.Status.PERMIT_REQUESTED)


def test_an_unreachable_gateway_is_reported_and_nothing_is_charged(settings):
    settings.PAYMENT_GATEWAY_URL = "http://127.0.0.1:9"
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    with pytest.raises(PackageError) as error:
        contract_pay(contract=contract, card_token="tok_ok", now=NOW)
    assert error.value.code == "gateway_unavailable"
    assert contract.instalments.get().status == Instalment.Status.DUE


def test_an_overdue_booking_is_cancelled_its_places_released_and_the_pilgrim_told():
    package = PackageFactory()
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=NOW,
                                payment_plan="instalments")
    assert contracts_cancel_overdue(now=NOW + datetime.timedelta(hours=71)) == 0
    assert contracts_cancel_overdue(now=NOW + datetime.timedelta(hours=73)) == 1
    contract.refresh_from_db()
    assert (contract.status, contract.cancel_reason) == ("cancelled", "overdue")
    assert contract.refund.amount == 0 and contract.refund.rule_code == "full_refund"
    assert Package.objects.get(pk=package.pk).places_sold == 0
    cancelled = SmsMessage.objects.get(idempotency_key__endswith=f"{contract.pk}:cancelled")
    assert "0.00" in cancelled.text
    assert contracts_cancel_overdue(now=NOW + datetime.timedelta(hours=80)) == 0


def test_paying_after_the_deadline_is_refused():
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    with pytest.raises(PackageError):
        contract_pay(contract=contract, card_token="tok_ok",
                     now=NOW + datetime.timedelta(hours=73))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_cancels_overdue_bookings_on_a_real_worker(celery_worker_process):
    from packages.tasks import cancel_overdue_bookings

    package = PackageFactory()
    past = datetime.datetime.now(tz=RIYADH) - datetime.timedelta(days=4)
    contract = ordered_contract(pilgrim=PilgrimFactory(), package=package, now=past)
    cancel_overdue_bookings.delay()
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        contract.refresh_from_db()
        if contract.status == "cancelled":
            break
        time.sleep(0.2)
    assert contract.status == "cancelled"
    assert Package.objects.get(pk=package.pk).places_sold == 0
