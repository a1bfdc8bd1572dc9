"""The front server (permits/queue_server.py with --portal) before a real gunicorn, as the
reverse proxy routes a rush: an arrival's pass-less booking of an open release gets the
portal's own 429 and its place in the line without reaching the portal; every other booking
(with a pass, outside any release) is forwarded and answered by the portal; the portal down
is a clear 502 that books nothing."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory, release_of, release_slots
from tests.fixtures.worker import django_subprocess_env
from tests.servers import Servers, Visitor, free_port

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("waiting_room")]

BOOKINGS = "/api/v1/permits/bookings/"


@pytest.fixture
def slot(rawdah_men):
    slot = release_slots(rawdah_men, count=1, capacity=10)[0]
    # Opened a second ago, admitting at once whoever joins.
    release_of([slot], opens_at=timezone.now() - timedelta(seconds=1), admit_per_second=1000)
    return slot


@pytest.fixture
def portal(tmp_path, slot):
    running = Servers(tmp_path)
    port = running.start()
    yield port, running.running[0][0]
    running.stop_all()


def start_front(portal_port: int):
    """The front server, ready once it holds the releases of now."""
    process = subprocess.Popen(
        [sys.executable, "-m", "permits.queue_server", "--bind", "127.0.0.1:0",
         "--portal", f"127.0.0.1:{portal_port}"],
        cwd=settings.BASE_DIR, env=django_subprocess_env(DEBUG="0"), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    line = process.stdout.readline()
    assert line.startswith("Waiting room polls on"), line
    return process, int(line.split("http://127.0.0.1:")[1].split("/")[0])


@pytest.fixture
def front(portal):
    process, port = start_front(portal[0])
    yield port
    process.terminate()
    process.wait(timeout=10)


def signed_in(portal_port, front_port):
    """A pilgrim signed in at the portal (the app's token), calling through the front."""
    pilgrim = Visitor(portal_port, PilgrimFactory(gender="male"))
    pilgrim.log_in_app()
    pilgrim.conn = http.client.HTTPConnection("127.0.0.1", front_port, timeout=10)
    return pilgrim


def book(visitor, slot_id, **headers):
    status, content = visitor.call("POST", BOOKINGS, {"slot": slot_id, "companions": [],
                                                      "accept_instructions": True}, **headers)
    return status, json.loads(content)


def test_an_arrival_is_answered_by_the_front_as_the_portal_answers_it(portal, front, slot,
                                                                      waiting_room):
    port, gunicorn = portal
    direct = Visitor(port, PilgrimFactory(gender="male"))
    direct.log_in_app()
    portal_status, portal_body = book(direct, slot.pk)
    pilgrim = signed_in(port, front)

    os.killpg(gunicorn.pid, signal.SIGSTOP)  # the portal answers nothing now
    try:
        status, body = book(pilgrim, slot.pk)
    finally:
        os.killpg(gunicorn.pid, signal.SIGCONT)

    release = waiting_room.release_for_slot(slot.pk, now=time.time())
    assert (portal_status, status) == (429, 429)
    assert body["code"] == portal_body["code"] == "queue"
    assert body["detail"] == portal_body["detail"]
    assert body["queue"]["url"].endswith(
        waiting_room.poll_path(release_id=release.id, user_id=pilgrim.user.pk))
    place = waiting_room.poll(release.id, user_id=pilgrim.user.pk, now=time.time())
    assert place.state == "admitted"  # the line took them: one place, theirs
    assert not Booking.objects.exists()


def test_the_booking_with_the_pass_is_forwarded_and_made_by_the_portal(portal, front, slot):
    pilgrim = signed_in(portal[0], front)
    _status, refused = book(pilgrim, slot.pk)
    poll = "/" + refused["queue"]["url"].split("/", 3)[3]
    queue_pass = json.loads(pilgrim.call("GET", poll)[1])["pass"]

    status, booked = book(pilgrim, slot.pk, **{"Queue-Pass": queue_pass,
                                               "Idempotency-Key": "with-pass"})

    assert status == 201, booked
    assert Booking.objects.get(user=pilgrim.user).pk == booked["id"]


def test_a_booking_outside_any_release_is_the_portals(portal, front, slot, rawdah_men):
    first = slot
    ordinary = SlotFactory(service=rawdah_men, starts_at=first.starts_at + timedelta(hours=1),
                           ends_at=first.ends_at + timedelta(hours=1))  # in no release
    pilgrim = signed_in(portal[0], front)

    status, booked = book(pilgrim, ordinary.pk, **{"Accept-Language": "ar"})
    refused, error = book(pilgrim, ordinary.pk + 10_000, **{"Accept-Language": "ar"})

    assert status == 201, booked
    assert Booking.objects.filter(user=pilgrim.user, slot=ordinary).count() == 1
    assert refused == 404 and error["detail"]  # the portal's own translated refusal


def test_the_portal_down_is_a_clear_502_that_books_nothing(portal, slot):
    pilgrim = signed_in(portal[0], portal[0])
    process, port = start_front(free_port())  # nobody listens there
    try:
        pilgrim.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        status, body = book(pilgrim, slot.pk, **{"Queue-Pass": "any.1"})
        arrival_status, _ = book(pilgrim, slot.pk)  # the front still answers arrivals
    finally:
        process.terminate()
        process.wait(timeout=10)

    assert (status, body["code"]) == (502, "portal_unavailable")
    assert arrival_status == 429
    assert not Booking.objects.exists()


def test_a_booking_and_a_poll_on_one_connection_are_answered_in_order(portal, front, slot,
                                                                     waiting_room):
    pilgrim = signed_in(portal[0], front)
    release = waiting_room.release_for_slot(slot.pk, now=time.time())
    body = json.dumps({"slot": slot.pk, "companions": [], "accept_instructions": True})
    poll = waiting_room.poll_path(release_id=release.id, user_id=pilgrim.user.pk)
    raw = (f"POST {BOOKINGS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           f"X-Session-Token: {pilgrim.token}\r\nContent-Length: {len(body)}\r\n\r\n{body}"
           f"GET {poll} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").encode()

    with socket.create_connection(("127.0.0.1", front), timeout=10) as sock:
        sock.sendall(raw)
        stream = sock.makefile("rb")
        statuses = []
        for _ in range(2):
            statuses.append(int(stream.readline().split()[1]))
            length = 0
            while (line := stream.readline().strip()):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            stream.read(length)

    assert statuses == [429, 200]  # the poll found the place the booking had just taken
