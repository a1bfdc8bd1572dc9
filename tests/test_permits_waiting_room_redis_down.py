"""If the waiting room's Redis is down during an open release, booking its slots is refused
with a clear, translated message (fail closed), and nobody's place is lost when it returns.
Booking a slot of no release goes on as usual."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory, release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"
# A port nothing listens on: Redis refuses at once, as a stopped server does.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def book(client, slot, language="en"):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True},
                       content_type="application/json", headers={"Accept-Language": language})


@pytest.fixture
def slots(rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=10)
    release_of(slots, opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1)
    return slots


def test_booking_a_release_slot_with_redis_down_is_refused(app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))

    with override_settings(WAITING_ROOM_REDIS_URL=REDIS_DOWN):
        english = book(client, slots[0])
        arabic = book(client, slots[0], language="ar")

    assert english.status_code == 503
    assert english.json()["code"] == "queue_unavailable"
    assert "cannot be reached" in english.json()["detail"]
    assert arabic.json()["detail"] != english.json()["detail"]  # said in Arabic
    assert not Booking.objects.exists()


def test_a_slot_of_no_release_books_with_the_queue_down(app_client, slots, rawdah_men):
    other = SlotFactory(service=rawdah_men, starts_at=slots[0].starts_at + timedelta(hours=1),
                        ends_at=slots[0].ends_at + timedelta(hours=1), capacity=3)

    with override_settings(WAITING_ROOM_REDIS_URL=REDIS_DOWN):
        response = book(app_client(PilgrimFactory(gender="male")), other)

    assert response.status_code == 201


def test_a_place_taken_before_the_outage_is_kept(app_client, slots, waiting_room):
    first = app_client(PilgrimFactory(gender="male"))
    second = app_client(PilgrimFactory(gender="male"))
    book(first, slots[0])
    place = book(second, slots[0]).json()["queue"]

    with override_settings(WAITING_ROOM_REDIS_URL=REDIS_DOWN):
        assert book(second, slots[0]).status_code == 503

    again = book(second, slots[0]).json()["queue"]
    assert again["url"] == place["url"]
    assert again["position"] <= place["position"]


def test_the_waiting_page_says_the_queue_cannot_be_reached(client, slots):
    client.force_login(PilgrimFactory(gender="male"))
    release_id = slots[0].releases.get().pk

    with override_settings(WAITING_ROOM_REDIS_URL=REDIS_DOWN):
        page = client.get(f"/permits/release/{release_id}/queue/",
                          headers={"Accept-Language": "en"})

    assert page.status_code == 503
    assert b"cannot be reached just now" in page.content
