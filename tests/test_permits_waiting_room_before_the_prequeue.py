"""Before a release's pre-queue window, its slots cannot be booked and nobody can take a
place: the refusal says when it opens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]


@pytest.fixture
def slots(rawdah_men):
    slots = release_slots(rawdah_men, count=1, capacity=10)
    release_of(slots, opens_at=timezone.now() + timedelta(hours=2), prequeue_minutes=15)
    return slots


def test_booking_before_the_prequeue_says_when_it_opens(app_client, slots, waiting_room):
    response = app_client(PilgrimFactory(gender="male")).post(
        "/api/v1/permits/bookings/", {"slot": slots[0].pk, "accept_instructions": True},
        content_type="application/json", headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert response.json()["code"] == "release_not_open"
    assert "the queue opens 15 minutes before" in response.json()["detail"]


def test_the_waiting_page_before_the_prequeue_takes_no_place(client, slots, waiting_room):
    client.force_login(PilgrimFactory(gender="male"))
    release_id = slots[0].releases.get().pk

    page = client.get(f"/permits/release/{release_id}/queue/", headers={"Accept-Language": "en"})

    assert page.status_code == 200
    assert b"the queue opens 15 minutes before" in page.content
    assert waiting_room.figures(release_id)["prequeue"] == 0
