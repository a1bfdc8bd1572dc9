"""Ordering a package: the pilgrim and up to 13 companions, identified and eligible, all in
the same package; a mobile number serves one booking; the channels are acknowledged."""

import datetime
from decimal import Decimal

import pytest

from accounts.identity import saudi_id_with_check_digit
from packages.errors import PackageError
from packages.models import Contract
from packages.services import contract_order
from portal.calendars import RIYADH
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, companion, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)  # 11/06/1448


def order(pilgrim, package, companions=(), **kwargs):
    options = {"holder": {"identity_expires_on": datetime.date(2030, 1, 1)},
               "acknowledged_channels": True, "payment_plan": "full", "now": NOW}
    options.update(kwargs)
    return contract_order(acting_user=pilgrim, package=package, companions=list(companions),
                          **options)


def refused(code, *args, **kwargs):
    with pytest.raises(PackageError) as error:
        order(*args, **kwargs)
    assert error.value.code == code
    return error.value


def test_an_order_records_price_acknowledgement_policy_and_takes_the_places():
    pilgrim, package = PilgrimFactory(), PackageFactory(price=Decimal("8092.55"))
    contract = order(pilgrim, package, [companion(pilgrim), companion(pilgrim, is_mahram=True)])
    assert contract.status == Contract.Status.ORDERED
    assert (contract.clients, contract.price_per_person, contract.value) == (
        3, Decimal("8092.55"), Decimal("24277.65"))
    assert contract.channels_acknowledged_by == pilgrim
    assert contract.channels_acknowledged_at == NOW
    assert {c["kind"] for c in contract.acknowledged_channels} == {
        "mobile", "email", "phone", "whatsapp"}
    assert contract.refund_policy["season"] == 1448
    assert contract.season_id == 1448
    package.refresh_from_db()
    assert package.places_sold == 3


def test_the_channels_must_be_acknowledged():
    refused("acknowledge_channels", PilgrimFactory(), PackageFactory(),
            acknowledged_channels=False)


def test_at_most_13_companions():
    pilgrim = PilgrimFactory()
    companions = [companion(pilgrim) for _ in range(14)]
    refused("too_many_companions", pilgrim, PackageFactory(), companions)
    assert order(pilgrim, PackageFactory(), companions[:13]).clients == 14


def test_every_person_must_be_identified():
    pilgrim = PilgrimFactory()
    refused("invalid_identity", pilgrim, PackageFactory(),
            [companion(pilgrim, id_number="1234567890")])


def test_under_12_hijri_years_is_not_eligible():
    pilgrim = PilgrimFactory()
    refused("too_young", pilgrim, PackageFactory(),
            [companion(pilgrim, date_of_birth=datetime.date(2016, 1, 1))])


def test_the_identity_must_be_valid_to_the_end_of_dhu_al_hijjah():
    pilgrim = PilgrimFactory()
    refused("identity_expires", pilgrim, PackageFactory(),
            [companion(pilgrim, identity_expires_on=datetime.date(2027, 5, 20))])


def test_a_recent_hajj_is_not_eligible():
    pilgrim = PilgrimFactory()
    after_the_first_timers_phase = datetime.datetime(2027, 2, 1, 12, 0, tzinfo=RIYADH)
    refused("hajj_too_recent", pilgrim, PackageFactory(),
            [companion(pilgrim, last_hajj_year=1445)], now=after_the_first_timers_phase)


def test_a_person_cannot_be_on_two_bookings_of_the_season():
    first, second = PilgrimFactory(), PilgrimFactory()
    number = saudi_id_with_check_digit("187654321")
    order(first, PackageFactory(), [companion(first, id_number=number)])
    refused("person_booked", second, PackageFactory(), [companion(second, id_number=number)])


def test_a_mobile_number_serves_one_booking_only():
    first = order(PilgrimFactory(), PackageFactory())
    refused("mobile_used", PilgrimFactory(profile__mobile=first.contact_mobile),
            PackageFactory())


def test_a_mobile_is_free_again_once_its_booking_is_cancelled():
    from packages.services import contract_cancel

    pilgrim = PilgrimFactory()
    contract = order(pilgrim, PackageFactory())
    contract_cancel(contract=contract, reason="pilgrim", now=NOW)
    assert order(pilgrim, PackageFactory()).contact_mobile == contract.contact_mobile


def test_an_unpublished_or_sold_out_package_cannot_be_ordered():
    refused("not_published", PilgrimFactory(), PackageFactory(status="draft"))
    pilgrim = PilgrimFactory()
    refused("sold_out", pilgrim, PackageFactory(places_total=1), [companion(pilgrim)])


def test_the_order_is_told_by_sms():
    from notifications.models import SmsMessage

    contract = ordered_contract(pilgrim=PilgrimFactory(), package=PackageFactory(), now=NOW)
    sms = SmsMessage.objects.get(idempotency_key=f"packages:contract:{contract.pk}:ordered")
    assert contract.reference in sms.text
    assert sms.recipient == contract.contact_mobile
