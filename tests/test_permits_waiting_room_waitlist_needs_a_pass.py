"""During an open release, joining the waiting list of one of its slots needs the waiting
room's pass, as booking does (web and API): without one the pilgrim is sent to the line
(429 with the queue, or the waiting room's page); the join uses the pass up, booking no seat."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from permits.models import Slot, WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

WAITLIST = "/api/v1/permits/waitlist/"
BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slots(rawdah_men):
    slots = release_slots(rawdah_men, count=2, capacity=3)
    Slot.objects.filter(pk=slots[0].pk).update(remaining=0)  # the first one is full
    # Opened a second ago, at a rate that has admitted the first in line by the first poll.
    release_of(slots, opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1000)
    return slots


def join(client, slot, **headers):
    return client.post(WAITLIST, {"slot": slot.pk}, content_type="application/json",
                       headers=headers)


def pass_of(answer):
    return Client().get(answer.json()["queue"]["url"]).json()["pass"]


def test_joining_without_a_pass_answers_429_with_the_queue(app_client, slots):
    response = join(app_client(PilgrimFactory(gender="male")), slots[0])

    assert response.status_code == 429
    assert response.json()["code"] == "queue"
    assert response.json()["queue"]["url"].startswith("http://testserver/api/v1/permits/queue/")
    assert not WaitlistEntry.objects.exists()


def test_joining_with_the_pass_puts_the_pilgrim_on_the_list_and_uses_the_pass_up(
        app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))
    queue_pass = pass_of(join(client, slots[0]))

    joined = join(client, slots[0], **{"Queue-Pass": queue_pass})
    booked = client.post(BOOKINGS, {"slot": slots[1].pk, "accept_instructions": True},
                         content_type="application/json", headers={"Queue-Pass": queue_pass})

    assert joined.status_code == 201, joined.content
    assert WaitlistEntry.objects.filter(slot=slots[0]).count() == 1
    assert booked.status_code == 429  # used up by the join: back to the line


def test_a_retried_join_returns_its_entry_without_a_pass(app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))
    first = join(client, slots[0], **{"Queue-Pass": pass_of(join(client, slots[0]))})

    again = join(client, slots[0])

    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]


def test_a_pass_of_another_account_does_not_join(app_client, slots):
    owner = app_client(PilgrimFactory(gender="male"))
    queue_pass = pass_of(join(owner, slots[0]))

    other = join(app_client(PilgrimFactory(gender="male")), slots[0], **{"Queue-Pass": queue_pass})

    assert other.status_code == 429
    assert not WaitlistEntry.objects.exists()


def test_the_web_join_sends_to_the_waiting_room_then_joins_with_the_pass(client, slots):
    pilgrim = PilgrimFactory(gender="male")
    client.force_login(pilgrim)
    url = f"/permits/slot/{slots[0].pk}/waitlist/"

    refused = client.post(url)

    assert refused.status_code == 302 and "/queue/" in refused["Location"]
    assert not WaitlistEntry.objects.exists()
    client.get(refused["Location"])  # admitted: the pass goes into the session
    joined = client.post(url)
    assert joined.status_code == 302 and joined["Location"] == "/permits/mine/"
    assert WaitlistEntry.objects.filter(user=pilgrim, slot=slots[0]).count() == 1
