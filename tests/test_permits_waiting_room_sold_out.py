"""When a release sells out, everyone still waiting is told at their next poll (which the
queue asks for within 2 seconds), and the waiting page offers the waiting list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


@pytest.fixture
def one_seat(rawdah_men):
    return release_slots(rawdah_men, count=1, capacity=1)


def test_everyone_waiting_sees_sold_out_at_the_next_poll(one_seat, waiting_room):
    release = waiting_room.release_info(
        release_of(one_seat, opens_at=timezone.now(), admit_per_second=1).pk)
    start = release.opens_at
    for user_id in (1, 2, 3):
        waiting = waiting_room.join(release, user_id=user_id, now=start)
        assert waiting.retry_after_s <= 2  # sold-out reaches them within 2 s
    first = waiting_room.poll(release.id, user_id=1, now=start + 1)
    assert first.state == "admitted"
    assert waiting_room.pass_claim(release, user_id=1, queue_pass=first.queue_pass,
                                   now=start + 1.2)

    waiting_room.pass_use(release, user_id=1, seats=1)

    assert [waiting_room.poll(release.id, user_id=user_id, now=start + 1.5).state
            for user_id in (2, 3)] == ["sold_out", "sold_out"]
    assert waiting_room.poll(release.id, user_id=2, now=start + 1.5).as_json() == {
        "state": "sold_out", "position": None, "estimated_wait_s": None, "retry_after_s": 0,
        "retry_after_ms": 0, "pass": None, "seats_left": 0, "pass_valid_s": 0}


def test_a_pass_not_used_in_time_expires_and_its_seat_goes_to_the_next(one_seat,
                                                                       waiting_room):
    release = waiting_room.release_info(
        release_of(one_seat, opens_at=timezone.now(), admit_per_second=1,
                   pass_seconds=30).pk)
    start = release.opens_at
    waiting_room.join(release, user_id=1, now=start)
    waiting_room.join(release, user_id=2, now=start)
    assert waiting_room.poll(release.id, user_id=1, now=start + 5).state == "admitted"
    assert waiting_room.poll(release.id, user_id=2, now=start + 5).state == "waiting"

    later = start + 5 + 30

    assert waiting_room.poll(release.id, user_id=1, now=later).state == "expired"
    assert waiting_room.poll(release.id, user_id=2, now=later).state == "admitted"


def test_the_waiting_page_offers_the_waiting_list_at_sold_out(one_seat, client, waiting_room):
    release = release_of(one_seat, opens_at=timezone.now() - timedelta(seconds=1),
                         admit_per_second=1000)
    info = waiting_room.release_info(release.pk)
    first = waiting_room.join(info, user_id=0, now=timezone.now().timestamp())
    waiting_room.pass_claim(info, user_id=0, queue_pass=first.queue_pass,
                            now=timezone.now().timestamp())
    waiting_room.pass_use(info, user_id=0, seats=1)
    pilgrim = PilgrimFactory(gender="male")
    client.force_login(pilgrim)

    page = client.get(f"/permits/release/{release.pk}/queue/?slot={one_seat[0].pk}",
                      headers={"Accept-Language": "en"})

    assert page.status_code == 200
    assert b"Every seat of this release is taken." in page.content
    assert f"/permits/slot/{one_seat[0].pk}/waitlist/".encode() in page.content
    assert b'http-equiv="refresh"' not in page.content  # nothing left to wait for
