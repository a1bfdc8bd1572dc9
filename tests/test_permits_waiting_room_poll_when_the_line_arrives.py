"""A waiting place is told to poll again when the line should reach it (retry_after_ms), so
that the admitted book at the release's rate instead of all at the next whole second; never
later than 1.9 s, so that a sell-out reaches everyone within 2 s, and never sooner than
0.2 s. Retry-After and retry_after_s say the same in whole seconds, rounded up."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from permits.waiting_room import POLL_LATEST_MS
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_info_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


@pytest.fixture
def release(rawdah_men, waiting_room):  # the queue is clean before the release is read
    return release_info_of(release_slots(rawdah_men, count=1, capacity=100),
                           opens_at=timezone.now() - timedelta(seconds=5), admit_per_second=10)


def places(release, waiting_room, count):
    return [waiting_room.join(release, user_id=user_id, now=release.opens_at)
            for user_id in range(1, count + 1)]


def test_each_place_is_asked_back_when_the_line_reaches_it(release, waiting_room):
    third, seventh = places(release, waiting_room, 7)[2::4]

    # Ten seats a second: the third place's turn comes in 0.3 s, the seventh's in 0.7 s.
    assert (third.position, seventh.position) == (3, 7)
    assert 300 <= third.retry_after_ms < 400
    assert 700 <= seventh.retry_after_ms < 800
    assert third.retry_after_s == seventh.retry_after_s == 1


def test_asked_back_at_its_turn_the_place_is_admitted(release, waiting_room):
    seventh = places(release, waiting_room, 7)[-1]

    again = release.opens_at + seventh.retry_after_ms / 1000
    assert waiting_room.poll(release.id, user_id=7, now=again).state == "admitted"


def test_far_back_in_the_line_the_wait_between_polls_keeps_the_sold_out_promise(
        release, waiting_room):
    last = places(release, waiting_room, 40)[-1]

    assert last.estimated_wait_s == 4
    assert last.retry_after_ms == waiting_room.POLL_LATEST_MS < 2000
    assert last.retry_after_s == 2


def test_the_first_in_line_is_not_asked_to_poll_at_once(release, waiting_room):
    first = places(release, waiting_room, 1)[0]

    assert first.retry_after_ms == waiting_room.POLL_SOONEST_MS


@pytest.fixture
def slot_opening_now(rawdah_men, waiting_room):
    slots = release_slots(rawdah_men, count=1, capacity=10)
    release = release_info_of(slots, opens_at=timezone.now(), admit_per_second=1)
    # Thirty accounts ahead, a second each: the line reaches this pilgrim half a minute after
    # opening, so however slowly the machine runs this test, the wait is past the ceiling.
    for user_id in range(10**9, 10**9 + 30):
        waiting_room.join(release, user_id=user_id, now=release.opens_at)
    return slots[0]


def test_the_refusal_and_the_poll_carry_it_beside_the_whole_seconds(app_client,
                                                                    slot_opening_now):
    refusal = app_client(PilgrimFactory(gender="male")).post(
        "/api/v1/permits/bookings/", {"slot": slot_opening_now.pk, "accept_instructions": True},
        content_type="application/json")
    queue = refusal.json()["queue"]
    poll = Client().get(queue["url"])

    assert refusal.status_code == 429
    assert queue["retry_after_ms"] == POLL_LATEST_MS  # thirty-first in line at a seat a second
    assert refusal.headers["Retry-After"] == "2"
    body = poll.json()
    assert body["state"] == "waiting"
    assert 0 < body["retry_after_ms"] <= POLL_LATEST_MS
    assert poll.headers["Retry-After"] == str(body["retry_after_s"]) == str(
        -(-body["retry_after_ms"] // 1000))
