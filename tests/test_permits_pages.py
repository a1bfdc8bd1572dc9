"""Pilgrim pages: choose a service, calendar, book with companions, my permits, print, cancel."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits.models import Booking, Permit
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_slot(rawdah_men):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())  # the permit rules of that day's Hijri year, whatever the day
    return SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=3)


@pytest.fixture
def pilgrim_client(client, pilgrim):
    client.force_login(pilgrim)
    client.user = pilgrim
    return client


def booking_post(slot, key="k1", companions=()):
    data = {"idempotency_key": key, "accept_instructions": "on",
            "companions-TOTAL_FORMS": str(len(companions)), "companions-INITIAL_FORMS": "0",
            "companions-MIN_NUM_FORMS": "0", "companions-MAX_NUM_FORMS": "13"}
    for i, companion in enumerate(companions):
        data.update({f"companions-{i}-{key}": value for key, value in companion.items()})
    return data


def test_service_list_and_calendar_show_seats_left(pilgrim_client, page_slot):
    services = pilgrim_client.get("/permits/", HTTP_ACCEPT_LANGUAGE="en")
    day = timezone.localtime(page_slot.starts_at).date().isoformat()
    calendar = pilgrim_client.get(f"/permits/rawdah_men/?day={day}", HTTP_ACCEPT_LANGUAGE="en")

    assert "Rawdah visit, men" in services.content.decode()
    assert calendar.status_code == 200
    assert f'data-slot="{page_slot.pk}"' in calendar.content.decode()
    assert "3 / 3" in calendar.content.decode()


def test_a_strangers_number_on_the_page_invites_them_and_shows_only_what_was_typed(
        pilgrim_client, page_slot):
    victim = PilgrimFactory(profile__full_name="Registered Victim Name")
    typed = {"id_type": "national_id", "id_number": victim.profile.id_number,
             "mobile": "+966599887766"}

    response = pilgrim_client.post(f"/permits/slot/{page_slot.pk}/book/",
                                   booking_post(page_slot, companions=[typed]), follow=True)

    page = response.content.decode()
    booking = Booking.objects.get()
    assert (booking.seats, booking.held_seats) == (2, 1)
    assert not booking.persons.filter(person__user=victim).exists()
    assert "Registered Victim Name" not in page
    assert "+966599887766" in page


def test_booking_with_a_companion_from_the_page_then_print_and_cancel(pilgrim_client, page_slot):
    companion = {"dependant": DependantFactory(owner=pilgrim_client.user, full_name="Omar").pk}

    response = pilgrim_client.post(f"/permits/slot/{page_slot.pk}/book/",
                                   booking_post(page_slot, companions=[companion]))
    again = pilgrim_client.post(f"/permits/slot/{page_slot.pk}/book/",
                                booking_post(page_slot, companions=[companion]))

    assert response.status_code == 302
    assert again.status_code == 302
    booking = Booking.objects.get()
    assert booking.seats == 2
    mine = pilgrim_client.get("/permits/mine/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert booking.permit.number in mine
    assert "data:image/svg+xml" in mine
    booker = booking.persons.get(role="booker").person.full_name
    assert f"<bdi>{booker}</bdi>, <bdi>Omar</bdi>" in mine
    printed = pilgrim_client.get(f"/permits/permit/{booking.permit.number}/",
                                 HTTP_ACCEPT_LANGUAGE="en")
    assert printed.status_code == 200
    page = printed.content.decode()
    # The permit in the pilgrim's preferred language, the page around it in the one browsed.
    assert 'lang="ar" dir="rtl"' in page and "رقم التصريح" in page
    assert '<html lang="en" dir="ltr">' in page and "Print or save as PDF" in page

    pilgrim_client.post(f"/permits/booking/{booking.pk}/cancel/")
    assert Permit.objects.get().status == Permit.Status.CANCELLED


def test_a_sold_out_slot_offers_the_waiting_list(pilgrim_client, rawdah_men, page_slot):
    page_slot.remaining = 0
    page_slot.save()

    response = pilgrim_client.post(f"/permits/slot/{page_slot.pk}/book/", booking_post(page_slot),
                                   HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert "Join the waiting list" in response.content.decode()
