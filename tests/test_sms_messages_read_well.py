"""Messages a person can read: no word said twice where a service's name already says it,
counts in the right plural, dates in both calendars as on the pages, and people by name."""

import datetime

import pytest
from allauth.account.utils import user_display
from django.urls import reverse
from django.utils import timezone

from notifications.models import SmsMessage
from permits import services
from permits.booking import booking_create
from portal.calendars import RIYADH, format_dual_datetime
from tests.factories.accounts import PilgrimFactory, UserFactory
from tests.factories.packages import PackageFactory, ordered_contract
from tests.factories.permits import SlotFactory, service_by_code, sms_text
from tests.fixtures.permits import NOW

pytestmark = pytest.mark.django_db


def booked(language, service="umrah"):
    slot = SlotFactory(service=service_by_code(service))
    pilgrim = PilgrimFactory(profile__preferred_language=language)
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True, now=NOW)
    return booking, sms_text(booking, "booked")


def test_a_service_named_permit_is_not_followed_by_permit_again(permit_services):
    booking, text = booked("en")

    assert "permit permit" not in text.lower()
    assert text == (f"Permit {booking.permit.number} (Umrah permit) is issued for "
                    f"{format_dual_datetime(booking.slot.starts_at, language='en')}.")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_booking_date_reads_in_both_calendars_in_the_reader_language(
        permit_services, language):
    booking, text = booked(language)

    assert format_dual_datetime(booking.slot.starts_at, language=language) in text
    assert "1448" in text and "2026" in text  # Hijri and Gregorian years


def test_formatting_the_booking_date_costs_the_rush_path_no_query(
        permit_services, django_assert_max_num_queries):
    """The date is arithmetic: building the booked SMS's row (permits.booking's path, with the
    recipient read already) adds no round trip for the calendars."""
    booking, _text = booked("ar")

    with django_assert_max_num_queries(0):
        row = services.notice_row(booking, "booked", recipient=("+966500000009", "ar"))

    assert format_dual_datetime(booking.slot.starts_at, language="ar") in row.text


@pytest.mark.parametrize(("companions", "words"), [(0, "(1 pilgrim)"), (1, "(2 pilgrims)")])
def test_the_order_counts_pilgrims_in_the_right_plural(companions, words):
    from tests.factories.packages import companion

    pilgrim = PilgrimFactory(profile__preferred_language="en")
    contract = ordered_contract(
        pilgrim=pilgrim, package=PackageFactory(),
        companions=[companion(pilgrim) for _ in range(companions)],
        now=datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH))

    text = SmsMessage.objects.get(
        idempotency_key=f"packages:contract:{contract.pk}:ordered").text
    assert words in text


def test_people_are_named_by_their_profile_not_their_username():
    pilgrim = PilgrimFactory(username="pilgrim", profile__full_name="Aisha Al-Harbi")

    assert user_display(pilgrim) == "Aisha Al-Harbi"


def test_the_username_shows_only_when_no_name_is_known():
    assert user_display(UserFactory(username="pilgrim", first_name="", last_name="")) == "pilgrim"


def test_the_dashboard_greets_the_pilgrim_by_their_profile_name(client):
    pilgrim = PilgrimFactory(username="pilgrim", first_name="", last_name="",
                             profile__full_name="Aisha Al-Harbi")
    client.force_login(pilgrim)

    content = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Welcome, <bdi>Aisha Al-Harbi</bdi>" in content.decode()


@pytest.mark.parametrize(("capacity", "words"), [(1, "1 seat left"), (2, "2 seats left")])
def test_the_booking_page_counts_seats_in_the_right_plural(client, rawdah_men, capacity, words):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=2)
    slot = SlotFactory(service=rawdah_men, starts_at=start,
                       ends_at=start + datetime.timedelta(minutes=10), capacity=capacity)
    client.force_login(PilgrimFactory())

    page = client.get(f"/permits/slot/{slot.pk}/book/", HTTP_ACCEPT_LANGUAGE="en")

    assert f"· {words}</p>" in page.content.decode()
