"""A permit neither used nor cancelled bars a new one: the booker is told so, with the day
the bar ends in both calendars, in their language, once."""

from datetime import timedelta

import pytest

from notifications.models import SmsMessage
from permits import services
from permits.booking import booking_create
from permits.models import Booking, ServiceRule
from portal.calendars import format_dual, local_date
from tests.factories.accounts import PilgrimFactory
from tests.factories.notifications import shown
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


def missed_booking(rawdah_men, language):
    slot = SlotFactory(service=rawdah_men, starts_at=NOW - timedelta(days=100),
                       ends_at=NOW - timedelta(days=100) + timedelta(minutes=10))
    return booking_create(acting_user=PilgrimFactory(profile__preferred_language=language),
                          slot=slot, companions=[], instructions_accepted=True,
                          now=slot.starts_at - timedelta(days=1))


def no_show_sms(booking, event="no_show_barred"):
    return SmsMessage.objects.filter(idempotency_key=f"permit-booking:{booking.pk}:{event}")


def test_the_booker_learns_the_no_show_and_when_the_bar_ends(rawdah_men):
    booking = missed_booking(rawdah_men, "en")
    bar = ServiceRule.objects.get(service=rawdah_men, season=1448).no_show_bar_days

    services.bookings_mark_no_show(now=NOW)

    text = no_show_sms(booking).get().text
    until = local_date(booking.slot.starts_at + timedelta(days=bar))
    assert text.startswith(f"Permit {booking.permit.number} (Rawdah visit, men) for ")
    assert text.endswith(f"was neither used nor cancelled: no new permit for it can be booked "
                         f"until {format_dual(until, language='en')}.")
    # Both calendars, as on the pages: the Hijri date, then the Gregorian one.
    assert "AH · " in text and until.strftime("%B %Y") in text


def test_an_arabic_reader_reads_it_in_arabic_with_both_calendars(rawdah_men):
    booking = missed_booking(rawdah_men, "ar")

    services.bookings_mark_no_show(now=NOW)

    sms = no_show_sms(booking).get()
    assert sms.language == "ar"
    assert shown(sms.text).startswith(f"التصريح رقم {booking.permit.number} (")
    assert "لم يُستخدم ولم يُلغَ" in sms.text
    assert format_dual(booking.slot.starts_at, language="ar") in sms.text


def test_a_service_without_a_bar_says_only_that_the_permit_went_unused(rawdah_men):
    ServiceRule.objects.filter(service=rawdah_men).update(no_show_bar_days=None)
    booking = missed_booking(rawdah_men, "en")

    services.bookings_mark_no_show(now=NOW)

    assert no_show_sms(booking, "no_show").get().text.endswith(
        "was neither used nor cancelled.")
    assert not no_show_sms(booking).exists()


def test_the_sweep_tells_each_no_show_once(rawdah_men):
    booking = missed_booking(rawdah_men, "en")

    assert services.bookings_mark_no_show(now=NOW) == 1
    assert services.bookings_mark_no_show(now=NOW + timedelta(minutes=1)) == 0

    assert Booking.objects.get(pk=booking.pk).status == Booking.Status.NO_SHOW
    assert no_show_sms(booking).count() == 1
