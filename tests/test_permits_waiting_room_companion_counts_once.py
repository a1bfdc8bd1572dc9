"""A pilgrim queued for a release who is also booked into someone else's booking of it (an
invited companion who accepts) counts once: on accepting, their own place in the line and
any pass they hold go, and the pass's seats go back to the queue for the next in line."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from consent.models import Invitation
from permits import waiting_room
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slots(rawdah_men):
    return release_slots(rawdah_men, count=1, capacity=10)


def book(client, slot, companions=(), **headers):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True,
                                  "companions": list(companions)},
                       content_type="application/json", headers=headers)


def invited(user):
    profile = user.profile
    return {"id_type": profile.id_type, "id_number": profile.id_number,
            "mobile": str(profile.mobile)}


def accept(app_client, user, booking_id, capture):
    invitation = Invitation.objects.get(purpose="permits.booking", object_id=booking_id)
    with capture(execute=True):
        answer = app_client(user).post(f"/api/v1/consent/invitations/{invitation.pk}/accept/")
    assert answer.status_code == 200, answer.content


def test_an_admitted_companion_who_accepts_gives_up_their_pass(
        app_client, slots, django_capture_on_commit_callbacks):
    release = release_of(slots, opens_at=timezone.now() - timedelta(seconds=1),
                         admit_per_second=1000)
    booker, companion = PilgrimFactory(gender="male"), PilgrimFactory(gender="male")
    booker_client, companion_client = app_client(booker), app_client(companion)
    booker_url = book(booker_client, slots[0]).json()["queue"]["url"]
    companion_url = book(companion_client, slots[0]).json()["queue"]["url"]
    assert Client().get(companion_url).json()["state"] == "admitted"
    booker_pass = Client().get(booker_url).json()["pass"]
    booking = book(booker_client, slots[0], [invited(companion)], **{"Queue-Pass": booker_pass})
    assert booking.status_code == 201, booking.content

    accept(app_client, companion, booking.json()["id"], django_capture_on_commit_callbacks)

    assert Client().get(companion_url).json()["state"] == "expired"  # no place of their own
    figures = waiting_room.figures(release.pk)
    assert figures["seats_in_flight"] == 0  # the companion's pass gave its seat back
    assert figures["seats_left"] == 10 - 2  # the booking's two seats, counted once


def test_a_waiting_companion_who_accepts_leaves_the_line(
        app_client, slots, django_capture_on_commit_callbacks):
    # One seat a second: the booker is admitted at once, the companion behind waits.
    release = release_of(slots, opens_at=timezone.now(), admit_per_second=1)
    booker, companion = PilgrimFactory(gender="male"), PilgrimFactory(gender="male")
    booker_client = app_client(booker)
    booker_url = book(booker_client, slots[0]).json()["queue"]["url"]
    companion_url = book(app_client(companion), slots[0]).json()["queue"]["url"]
    booker_pass = None
    for _ in range(30):  # the first second's admission
        answer = Client().get(booker_url).json()
        if answer["state"] == "admitted":
            booker_pass = answer["pass"]
            break
        time.sleep(0.1)
    assert booker_pass
    assert waiting_room.figures(release.pk)["in_line"] == 2
    booking = book(booker_client, slots[0], [invited(companion)], **{"Queue-Pass": booker_pass})
    assert booking.status_code == 201, booking.content

    accept(app_client, companion, booking.json()["id"], django_capture_on_commit_callbacks)

    assert waiting_room.figures(release.pk)["in_line"] == 0
    assert Client().get(companion_url).json()["state"] == "expired"


def test_a_companion_who_declines_keeps_their_place(
        app_client, slots, django_capture_on_commit_callbacks):
    release_of(slots, opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1000)
    booker, companion = PilgrimFactory(gender="male"), PilgrimFactory(gender="male")
    booker_client = app_client(booker)
    booker_url = book(booker_client, slots[0]).json()["queue"]["url"]
    booker_pass = Client().get(booker_url).json()["pass"]
    companion_url = book(app_client(companion), slots[0]).json()["queue"]["url"]
    booking = book(booker_client, slots[0], [invited(companion)], **{"Queue-Pass": booker_pass})
    invitation = Invitation.objects.get(purpose="permits.booking",
                                        object_id=booking.json()["id"])

    with django_capture_on_commit_callbacks(execute=True):
        app_client(companion).post(f"/api/v1/consent/invitations/{invitation.pk}/decline/")

    assert Client().get(companion_url).json()["state"] == "admitted"
