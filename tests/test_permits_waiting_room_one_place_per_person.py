"""A person holds one place in a release's line, whatever the number of tabs or devices."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slots(rawdah_men):
    return release_slots(rawdah_men, count=2, capacity=20)


def test_joining_again_keeps_the_one_place(slots, waiting_room):
    release = waiting_room.release_info(
        release_of(slots, opens_at=timezone.now(), admit_per_second=1).pk)
    start = release.opens_at
    first = waiting_room.join(release, user_id=1, now=start)
    waiting_room.join(release, user_id=2, now=start)

    again = waiting_room.join(release, user_id=1, now=start + 0.1)

    assert (first.position, again.position) == (1, 1)
    assert waiting_room.figures(release.id)["in_line"] == 2


def test_joining_again_in_the_prequeue_draws_no_second_ticket(slots, waiting_room):
    release = waiting_room.release_info(
        release_of(slots, opens_at=timezone.now() + timedelta(minutes=5)).pk)
    for tab in range(5):
        waiting_room.join(release, user_id=1, now=release.opens_at - 60 + tab)

    assert waiting_room.figures(release.id)["prequeue"] == 1


def test_two_devices_booking_get_the_same_place(slots, app_client, waiting_room):
    release = release_of(slots, opens_at=timezone.now() + timedelta(seconds=30))
    pilgrim = PilgrimFactory(gender="male")
    phone, tablet = app_client(pilgrim), app_client(pilgrim)

    answers = [client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True},
                           content_type="application/json")
               for client, slot in ((phone, slots[0]), (tablet, slots[1]))]

    assert [answer.status_code for answer in answers] == [429, 429]
    assert answers[0].json()["queue"]["url"] == answers[1].json()["queue"]["url"]
    assert answers[0].json()["queue"]["position"] is None  # drawn at the opening
    assert waiting_room.figures(release.pk)["prequeue"] == 1
