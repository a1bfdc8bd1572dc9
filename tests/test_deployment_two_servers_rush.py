"""The production shape: several web servers and workers, one PostgreSQL and one Redis. A rush
through two gunicorn servers, with two Celery workers sending the SMS, keeps every invariant
the one-process tests prove: no seat sold twice, one permit per person, exactly one SMS per
booking.

Real processes only: two gunicorn servers and two workers (each its own process and
connections), the fake SMS gateway without deduplication (so a double send would show). Each
pilgrim asks for the same slot on both servers at the same moment, with different
idempotency keys, so the two requests are two bookings for the same person in a race that
only the database can settle.
"""

import threading
import uuid
from collections import Counter

import pytest

from tests.factories.accounts import PilgrimFactory
from tests.servers import Servers, Visitor

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PILGRIMS = 24
SEATS = 10


@pytest.fixture
def two_servers(tmp_path):
    running = Servers(tmp_path)
    yield running.start(), running.start()
    running.stop_all()


def rush(ports, people, slot_id) -> list[tuple[int, int, int]]:
    """Every pilgrim books on every server at once: (pilgrim, server, status) per request."""
    calls = [(index, port) for index in range(len(people)) for port in ports]
    start, results = threading.Barrier(len(calls)), []

    def book(index, port):
        visitor = Visitor(port, people[index].user)
        visitor.token = people[index].token  # one sign-in, valid on every server
        start.wait()
        status, _ = visitor.call("POST", "/api/v1/permits/bookings/",
                                 {"slot": slot_id, "companions": [],
                                  "accept_instructions": True},
                                 **{"Idempotency-Key": uuid.uuid4().hex})
        results.append((index, port, status))

    threads = [threading.Thread(target=book, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_a_rush_through_two_servers_and_two_workers_keeps_every_invariant(
    two_servers, start_celery_worker, sms_gateway, wall_clock_rawdah_slot
):
    from notifications.models import SmsMessage
    from permits.models import Booking

    slot = wall_clock_rawdah_slot(capacity=SEATS)
    sms_gateway.deduplicate = False
    start_celery_worker()
    start_celery_worker()
    people = [Visitor(two_servers[0], PilgrimFactory(gender="male")) for _ in range(PILGRIMS)]
    for person in people:
        person.log_in_app()
    for port in two_servers:  # each server has answered once: no cold start decides the race
        warm = Visitor(port, people[0].user)
        warm.token = people[0].token
        assert warm.call("GET", "/api/v1/permits/bookings/")[0] == 200

    results = rush(two_servers, people, slot.pk)

    statuses = Counter(status for _, _, status in results)
    assert len(results) == 2 * PILGRIMS
    assert [status for status in statuses if status >= 500] == []
    assert statuses[201] == SEATS  # every seat sold, none twice
    assert set(statuses) <= {201, 403, 409}  # the rest: sold out, busy, or already holding one
    served = {port for _, port, status in results if status == 201}
    assert served == set(two_servers)  # both servers sold seats

    slot.refresh_from_db()
    booked = Booking.objects.filter(slot=slot, status=Booking.Status.BOOKED)
    assert slot.remaining == 0 and booked.count() == SEATS
    holders = Counter(booked.values_list("user_id", flat=True))
    assert set(holders.values()) == {1}  # one permit per person

    messages = SmsMessage.objects.filter(user_id__in=holders)
    assert messages.count() == SEATS
    sms_gateway.wait_for_deliveries(SEATS, timeout=60)
    keys = Counter(body["idempotency_key"] for body in sms_gateway.delivered)
    assert set(keys) == set(messages.values_list("idempotency_key", flat=True))
    assert set(keys.values()) == {1}  # exactly one SMS per booking, though two workers send
