"""After a release opens, places are first come, first served, and admission follows the
line at the release's rate, counted in seats (a party of three takes three)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.permits import release_info_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


@pytest.fixture
def release(rawdah_men, waiting_room):  # the queue is clean before the release is read
    return release_info_of(release_slots(rawdah_men, count=1, capacity=100),
                           opens_at=timezone.now() - timedelta(seconds=5), admit_per_second=2)


def test_after_the_opening_places_follow_the_order_of_arrival(release, waiting_room):
    start = release.opens_at  # nobody is admitted in the opening instant: no seconds yet
    places = [waiting_room.join(release, user_id=user_id, now=start).position
              for user_id in (7, 3, 9, 1)]

    assert places == [1, 2, 3, 4]


def test_admission_follows_the_line_at_the_release_s_rate(release, waiting_room):
    start = release.opens_at
    for user_id in (7, 3, 9, 1):
        waiting_room.join(release, user_id=user_id, now=start)

    after_one_second = {user_id: waiting_room.poll(release.id, user_id=user_id,
                                                   now=start + 1).state
                        for user_id in (7, 3, 9, 1)}

    assert after_one_second == {7: "admitted", 3: "admitted", 9: "waiting", 1: "waiting"}
    assert waiting_room.poll(release.id, user_id=9, now=start + 1).position == 1
    assert waiting_room.poll(release.id, user_id=9, now=start + 2).state == "admitted"


def test_admission_counts_seats_not_requests(release, waiting_room):
    start = release.opens_at
    waiting_room.join(release, user_id=5, seats=3, now=start)  # the booker and two companions
    waiting_room.join(release, user_id=6, seats=1, now=start)

    # Two seats a second: the party of three waits for its third seat, and the next in line
    # does not jump it.
    assert waiting_room.poll(release.id, user_id=5, now=start + 1).state == "waiting"
    assert waiting_room.poll(release.id, user_id=6, now=start + 1).state == "waiting"
    assert waiting_room.poll(release.id, user_id=5, now=start + 1.5).state == "admitted"
    assert waiting_room.poll(release.id, user_id=6, now=start + 1.5).state == "waiting"
    assert waiting_room.poll(release.id, user_id=6, now=start + 2).state == "admitted"


def test_the_estimated_wait_is_the_place_over_the_rate(release, waiting_room):
    for user_id in range(1, 11):
        place = waiting_room.join(release, user_id=user_id, now=release.opens_at)

    assert place.position == 10
    assert place.estimated_wait_s == 5
    assert place.retry_after_s <= 2
