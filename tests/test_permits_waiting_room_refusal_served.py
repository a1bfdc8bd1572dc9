"""Through a real gunicorn (hajjportal/wsgi.py in front of Django), the refusal before Django
keeps the booking API's rules: a retry of a booking already made gets its replay, not a place
in the line; a browser's session cookie without the CSRF token is refused by Django and joins
no queue, and with it gets the 429 like the app's token."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots
from tests.servers import Servers, Visitor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def port(tmp_path):
    running = Servers(tmp_path)
    yield running.start()
    running.stop_all()


@pytest.fixture
def slot(rawdah_men):
    slot = release_slots(rawdah_men, count=1, capacity=10)[0]
    # Opened a second ago, admitting at once whoever joins.
    release_of([slot], opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1000)
    return slot


def book(visitor, slot, **headers):
    status, content = visitor.call("POST", BOOKINGS, {"slot": slot.pk, "companions": [],
                                                      "accept_instructions": True}, **headers)
    return status, json.loads(content)


def test_a_retry_of_a_booking_already_made_gets_its_replay_not_a_place(port, slot):
    from permits.models import Booking

    pilgrim = Visitor(port, PilgrimFactory(gender="male"))
    pilgrim.log_in_app()
    book(pilgrim, slot, **{"Idempotency-Key": "first"})  # Django reads the release
    status, refused = book(pilgrim, slot, **{"Idempotency-Key": "second"})  # the shim
    assert status == 429
    poll = "/" + refused["queue"]["url"].split("/", 3)[3]
    queue_pass = json.loads(pilgrim.call("GET", poll)[1])["pass"]
    booked = book(pilgrim, slot, **{"Idempotency-Key": "booking", "Queue-Pass": queue_pass})

    replayed = book(pilgrim, slot, **{"Idempotency-Key": "booking"})  # the pass left out

    assert booked[0] == 201
    assert replayed == booked
    assert Booking.objects.filter(user=pilgrim.user).count() == 1


def test_a_session_cookie_needs_the_csrf_token_to_join_the_queue(port, slot, waiting_room):
    browser = Visitor(port, PilgrimFactory(gender="male"))
    browser.log_in_web()
    release = waiting_room.release_for_slot(slot.pk, now=timezone.now().timestamp())
    app = Visitor(port, PilgrimFactory(gender="male"))
    app.log_in_app()
    book(app, slot)  # Django reads the release: the shim may answer from now on

    without = book(browser, slot)
    in_line = waiting_room.poll(release.id, user_id=browser.user.pk,
                                now=timezone.now().timestamp())
    with_token = book(browser, slot, **{"X-CSRFToken": browser.cookies["csrftoken"].value})

    assert without[0] == 403
    assert in_line.state == "none"  # no place taken
    assert with_token[0] == 429
    assert with_token[1]["queue"]["url"].endswith(
        waiting_room.poll_path(release_id=release.id, user_id=browser.user.pk))
