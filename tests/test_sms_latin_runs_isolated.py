"""In an Arabic SMS, a value with Latin letters (the permit number, a Latin name) sits between
first-strong isolate and pop (U+2068, U+2069), so the phone keeps the Arabic sentence in
order around it; an English SMS, Arabic values, dates and links carry no such marks."""

import pytest

from notifications.services import sms_row
from permits.booking import booking_create
from portal.calendars import format_dual_datetime
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory, service_by_code, sms_text
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db

FSI, PDI = "\u2068", "\u2069"


def booked(language):
    slot = SlotFactory(service=service_by_code("umrah"))
    pilgrim = PilgrimFactory(profile__preferred_language=language)
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True, now=NOW)
    return booking, sms_text(booking, "booked")


def test_the_permit_number_is_isolated_in_an_arabic_sms(permit_services):
    booking, text = booked("ar")

    assert f"{FSI}{booking.permit.number}{PDI}" in text
    # The date is Arabic and digits: nothing to isolate, and it reads as on the pages.
    assert format_dual_datetime(booking.slot.starts_at, language="ar") in text
    assert text.count(FSI) == text.count(PDI) == 1


def test_an_english_sms_has_no_isolates(permit_services):
    _booking, text = booked("en")

    assert FSI not in text and PDI not in text


def row(language, **context):
    return sms_row(to="+966500000001", message="%(name)s: %(link)s %(amount)s",
                   context=context, language=language, idempotency_key="k")


def test_arabic_values_numbers_and_links_are_left_bare():
    text = row("ar", name="أحمد", link="https://portal.example/p/1", amount=250).text

    assert text == "أحمد: https://portal.example/p/1 250"


def test_a_latin_name_in_arabic_counts_two_more_characters():
    plain = row("en", name="John Smith", link="", amount=1).text
    arabic = row("ar", name="John Smith", link="", amount=1).text

    assert arabic == f"{FSI}John Smith{PDI}:  1"
    assert len(arabic) == len(plain) + 2
