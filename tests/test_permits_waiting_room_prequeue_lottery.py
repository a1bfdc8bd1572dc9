"""Everyone who arrives in a release's pre-queue window gets a random place at the opening:
arriving earlier by a second buys nothing, and racing the clock gains a bot nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

ARRIVALS = 40


@pytest.fixture
def release(rawdah_men, waiting_room):
    opens_at = timezone.now() + timedelta(minutes=10)
    release = release_of(release_slots(rawdah_men, count=2, capacity=50), opens_at=opens_at,
                         prequeue_minutes=15, admit_per_second=1)
    return waiting_room.release_info(release.pk)


def test_before_the_opening_a_pilgrim_is_in_the_prequeue_with_no_position(release,
                                                                          waiting_room):
    place = waiting_room.join(release, user_id=1, now=release.opens_at - 60)

    assert place.state == "prequeue"
    assert place.position is None
    assert place.as_json()["pass"] is None
    assert 1 <= place.retry_after_s <= 60


def test_the_order_of_arrival_in_the_prequeue_does_not_decide_the_place(release, waiting_room):
    arrivals = list(range(1, ARRIVALS + 1))
    for second, user_id in enumerate(arrivals):
        waiting_room.join(release, user_id=user_id, now=release.prequeue_from + second)

    opened = release.opens_at + 0.001
    positions = {user_id: waiting_room.poll(release.id, user_id=user_id, now=opened).position
                 for user_id in arrivals}

    assert sorted(positions.values()) == list(range(1, ARRIVALS + 1))
    by_place = sorted(arrivals, key=positions.get)
    # A draw that gave back the arrival order has a chance of 1 in 40! (about 1e-48).
    assert by_place != arrivals


def test_those_who_came_after_the_opening_queue_behind_the_whole_prequeue(release,
                                                                          waiting_room):
    for user_id in range(1, 11):
        waiting_room.join(release, user_id=user_id, now=release.opens_at - 30)

    late = waiting_room.join(release, user_id=99, now=release.opens_at + 0.5)

    assert late.state == "waiting"
    assert late.position == 11
