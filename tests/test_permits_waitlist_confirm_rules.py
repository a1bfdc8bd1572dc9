"""Confirming a waiting-list offer books, so it passes the same rules as any booking
(permits.rules.check_booking): a service whose season's rule is gone, or that staff switched
off, refuses the confirmation, and the held seats stay held for the offer."""

import pytest

from permits import services
from permits.booking import booking_create
from permits.errors import PermitError
from permits.models import Booking, ServiceRule, WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer(rawdah_men, pilgrim):
    """The pilgrim's entry, offered the seat a cancellation freed."""
    slot = SlotFactory(service=rawdah_men, capacity=1)
    holder = PilgrimFactory()
    booked = booking_create(acting_user=holder, slot=slot, instructions_accepted=True, now=NOW)
    entry = services.waitlist_join(acting_user=pilgrim, slot=slot, now=NOW)
    services.booking_cancel(booking=booked, acting_user=holder, now=NOW)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    return entry


def refused_confirmation(entry, pilgrim):
    with pytest.raises(PermitError) as refused:
        services.waitlist_confirm(token=entry.token, acting_user=pilgrim, now=NOW)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert not Booking.objects.filter(user=pilgrim).exists()
    return refused.value.code


def test_a_confirmation_is_refused_once_the_services_rule_is_gone(offer, pilgrim):
    ServiceRule.objects.filter(service=offer.slot.service).delete()

    assert refused_confirmation(offer, pilgrim) == "service_closed"


def test_a_confirmation_is_refused_while_the_service_is_switched_off(offer, pilgrim):
    service = offer.slot.service
    service.is_active = False
    service.save()

    assert refused_confirmation(offer, pilgrim) == "service_closed"


def test_the_same_offer_confirms_while_the_service_is_open(offer, pilgrim):
    booking = services.waitlist_confirm(token=offer.token, acting_user=pilgrim, now=NOW)

    assert booking.status == Booking.Status.BOOKED and booking.permit.number
