"""Seats a cancellation gives back to a release's slot go back to its queue: after a sell-out,
the next in line is admitted for them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from permits import services
from permits.booking import booking_create
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


def test_a_cancelled_seat_goes_to_the_next_in_line(rawdah_men, waiting_room,
                                                   django_capture_on_commit_callbacks):
    slots = release_slots(rawdah_men, count=1, capacity=1)
    release = waiting_room.release_info(release_of(
        slots, opens_at=timezone.now() - timedelta(seconds=5), admit_per_second=10).pk)
    first, second = PilgrimFactory(gender="male"), PilgrimFactory(gender="male")
    now = timezone.now().timestamp()
    queue_pass = waiting_room.join(release, user_id=first.pk, now=now).queue_pass
    waiting_room.join(release, user_id=second.pk, now=now)
    booking = booking_create(acting_user=first, slot=slots[0], instructions_accepted=True,
                             queue_pass=queue_pass)
    assert waiting_room.poll(release.id, user_id=second.pk,
                             now=timezone.now().timestamp()).state == "sold_out"

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=booking, acting_user=first)

    assert waiting_room.poll(release.id, user_id=second.pk,
                             now=timezone.now().timestamp()).state == "admitted"
