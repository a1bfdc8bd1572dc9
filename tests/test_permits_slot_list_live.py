"""The slot list shows the seats as they are: right after a booking and right after a
cancellation, in the same shape the serializer gives, with the slot's times as they are."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits.api import SlotSerializer
from permits.models import Slot
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db

SLOTS = "/api/v1/permits/slots/"
BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slot(rawdah_men):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=3)
    season_of(start.date())  # the rules of that day's year, whatever the day
    return SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=2)


def listed(client, slot):
    day = timezone.localtime(slot.starts_at).date()
    response = client.get(SLOTS, {"service": "rawdah_men", "date": day})
    assert response.status_code == 200
    return response.json()


def test_the_list_is_what_the_serializer_gives(app_client, pilgrim, slot):
    slot.refresh_from_db()

    assert listed(app_client(pilgrim), slot) == [SlotSerializer(slot).data]


def test_a_booking_shows_in_the_next_list_and_the_last_seat_as_gone(app_client, pilgrim, slot):
    client = app_client(pilgrim)
    assert listed(client, slot)[0]["remaining"] == 2

    booked = client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True},
                         content_type="application/json")
    other = app_client(PilgrimFactory())

    assert booked.status_code == 201, booked.content
    assert listed(client, slot)[0]["remaining"] == 1
    assert listed(other, slot)[0]["remaining"] == 1


def test_a_cancellation_gives_the_seat_back_in_the_next_list(app_client, pilgrim, slot):
    client = app_client(pilgrim)
    booked = client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True},
                         content_type="application/json").json()
    assert listed(client, slot)[0]["remaining"] == 1

    cancelled = client.post(f"{BOOKINGS}{booked['id']}/cancel/")

    assert cancelled.status_code == 200
    assert listed(client, slot)[0]["remaining"] == 2


def test_a_slot_moved_or_added_shows_in_the_next_list(app_client, pilgrim, slot):
    client = app_client(pilgrim)
    listed(client, slot)
    Slot.objects.filter(pk=slot.pk).update(ends_at=slot.ends_at + timedelta(minutes=5),
                                           capacity=4)
    later = SlotFactory(service=slot.service, starts_at=slot.starts_at + timedelta(hours=1),
                        ends_at=slot.starts_at + timedelta(hours=1, minutes=10), capacity=3)

    rows = listed(client, slot)

    slot.refresh_from_db()
    assert rows == [SlotSerializer(slot).data, SlotSerializer(later).data]
