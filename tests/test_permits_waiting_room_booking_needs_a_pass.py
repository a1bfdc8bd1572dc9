"""During an open release, booking one of its slots without a valid pass is refused with the
waiting room's 429 contract, for the mobile apps:

    429, Retry-After, {"code": "queue", "detail", "queue": {"url", "position",
    "estimated_wait_s", "retry_after_ms"}}

and GET on that url answers {"state", "position", "estimated_wait_s", "retry_after_s",
"retry_after_ms", "pass"}, with no session (the token in the url is bound to the account)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory, release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"
WEB_BOOKING = {"idempotency_key": "web-1", "accept_instructions": "on",
               "companions-TOTAL_FORMS": "0", "companions-INITIAL_FORMS": "0",
               "companions-MIN_NUM_FORMS": "0", "companions-MAX_NUM_FORMS": "13"}


def book(client, slot, **headers):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True},
                       content_type="application/json", headers=headers)


@pytest.fixture
def slots(rawdah_men):
    slots = release_slots(rawdah_men, count=2, capacity=10)
    # Opened a second ago, at a rate that has admitted the first in line by the first poll.
    release_of(slots, opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1000)
    return slots


def test_booking_a_release_slot_without_a_pass_answers_429_with_the_queue(app_client, slots):
    response = book(app_client(PilgrimFactory(gender="male")), slots[0],
                    **{"Accept-Language": "en"})

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["code"] == "queue"
    assert body["detail"].startswith("Many people are booking this release")
    assert set(body["queue"]) == {"url", "position", "estimated_wait_s", "retry_after_ms"}
    assert body["queue"]["position"] == 0  # first in line, and the rate has room: admitted
    assert body["queue"]["url"].startswith("http://testserver/api/v1/permits/queue/")
    assert not Booking.objects.exists()


def test_the_queue_url_answers_without_a_session_and_gives_the_pass(app_client, slots):
    url = book(app_client(PilgrimFactory(gender="male")), slots[0]).json()["queue"]["url"]

    answer = Client().get(url)  # no cookie, no token: the url is enough

    assert answer.status_code == 200
    body = answer.json()
    assert body["state"] == "admitted"
    assert body["pass"]
    assert {"state", "position", "estimated_wait_s", "retry_after_s", "pass"} <= set(body)


def test_a_tampered_queue_url_is_not_found(app_client, slots):
    url = book(app_client(PilgrimFactory(gender="male")), slots[0]).json()["queue"]["url"]

    assert Client().get(url.rstrip("/") + "x/").status_code == 404


def test_the_pass_books_once(app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))
    queue_pass = Client().get(book(client, slots[0]).json()["queue"]["url"]).json()["pass"]

    booked = book(client, slots[0], **{"Queue-Pass": queue_pass})
    again = book(client, slots[1], **{"Queue-Pass": queue_pass})

    assert booked.status_code == 201, booked.content
    assert again.status_code == 429  # used up: back to the line
    assert Booking.objects.count() == 1


def test_the_pass_is_bound_to_its_account(app_client, slots):
    owner = app_client(PilgrimFactory(gender="male"))
    queue_pass = Client().get(book(owner, slots[0]).json()["queue"]["url"]).json()["pass"]

    other = book(app_client(PilgrimFactory(gender="male")), slots[0],
                 **{"Queue-Pass": queue_pass})

    assert other.status_code == 429
    assert not Booking.objects.exists()


def test_a_booking_that_fails_leaves_the_pass_usable(app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))
    queue_pass = Client().get(book(client, slots[0]).json()["queue"]["url"]).json()["pass"]

    refused = client.post(BOOKINGS, {"slot": slots[0].pk, "accept_instructions": False},
                          content_type="application/json", headers={"Queue-Pass": queue_pass})
    booked = book(client, slots[0], **{"Queue-Pass": queue_pass})

    assert refused.status_code == 400
    assert booked.status_code == 201


def test_a_replay_of_a_booking_made_is_answered_before_the_pass_is_checked(app_client, slots):
    client = app_client(PilgrimFactory(gender="male"))
    queue_pass = Client().get(book(client, slots[0]).json()["queue"]["url"]).json()["pass"]
    first = book(client, slots[0], **{"Queue-Pass": queue_pass, "Idempotency-Key": "k-1"})

    replay = book(client, slots[0], **{"Idempotency-Key": "k-1"})  # no pass: it is used up

    assert replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]


def test_a_slot_of_no_release_books_without_a_pass(app_client, slots, rawdah_men):
    other = SlotFactory(service=rawdah_men, starts_at=slots[-1].starts_at + timedelta(hours=1),
                        ends_at=slots[-1].ends_at + timedelta(hours=1), capacity=3)

    assert book(app_client(PilgrimFactory(gender="male")), other).status_code == 201


def test_the_web_booking_page_of_a_release_slot_sends_to_the_waiting_room(client, slots):
    pilgrim = PilgrimFactory(gender="male")
    client.force_login(pilgrim)

    response = client.get(f"/permits/slot/{slots[0].pk}/book/")

    assert response.status_code == 302
    assert "/queue/" in response["Location"]
    page = client.get(response["Location"], headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert b"It is your turn" in page.content
    # Admitted: the pass is in the session, and the booking page opens and books with it.
    assert client.get(f"/permits/slot/{slots[0].pk}/book/").status_code == 200
    booked = client.post(f"/permits/slot/{slots[0].pk}/book/", WEB_BOOKING)
    assert booked.status_code == 302 and booked["Location"] == "/permits/mine/"
    assert Booking.objects.filter(user=pilgrim).count() == 1
    # The pass is used up: the next booking page is the waiting room again.
    assert "/queue/" in client.get(f"/permits/slot/{slots[1].pk}/book/")["Location"]
