"""An offer from the waiting list that lapses unconfirmed tells its holder that the seats
went on and they are off the list (the next in line gets the offer), in their language, once."""

from datetime import timedelta

import pytest

from notifications.models import SmsMessage
from permits import services
from permits.booking import booking_create
from permits.models import WaitlistEntry
from portal.calendars import format_dual_datetime
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_slot(rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=2)
    holder = PilgrimFactory()
    booking_create(acting_user=holder, slot=slot, companions=[DependantFactory(owner=holder)],
                   instructions_accepted=True, now=NOW)
    return slot


def lapse(slot, language):
    entry = services.waitlist_join(
        acting_user=PilgrimFactory(profile__preferred_language=language), slot=slot, now=NOW)
    following = services.waitlist_join(acting_user=PilgrimFactory(), slot=slot, now=NOW)
    holder = slot.bookings.get()
    services.booking_cancel(booking=holder, acting_user=holder.user, now=NOW)
    entry.refresh_from_db()
    services.waitlist_expire_offers(now=entry.offer_expires_at + timedelta(seconds=1))
    entry.refresh_from_db()
    following.refresh_from_db()
    return entry, following


def lapsed_sms(entry):
    return SmsMessage.objects.filter(idempotency_key=f"permit-waitlist:{entry.pk}:lapsed")


def test_the_holder_of_a_lapsed_offer_is_told(full_slot):
    entry, following = lapse(full_slot, "en")

    assert entry.status == WaitlistEntry.Status.EXPIRED
    assert following.status == WaitlistEntry.Status.OFFERED
    assert lapsed_sms(entry).get().text == (
        "The seats offered to you for Rawdah visit, men on "
        f"{format_dual_datetime(full_slot.starts_at, language='en')} were not confirmed in "
        "time and went to the next in line. You are no longer on its waiting list.")


def test_an_arabic_holder_reads_it_in_arabic_with_both_calendars(full_slot):
    entry, _following = lapse(full_slot, "ar")

    text = lapsed_sms(entry).get().text
    assert "زيارة الروضة الشريفة للرجال" in text
    assert format_dual_datetime(full_slot.starts_at, language="ar") in text
    assert "1448" in text and "2026" in text


def test_the_lapse_is_told_once(full_slot):
    entry, _following = lapse(full_slot, "en")

    services.waitlist_expire_offers(now=entry.offer_expires_at + timedelta(minutes=5))

    assert lapsed_sms(entry).count() == 1
