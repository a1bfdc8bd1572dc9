"""Several processes sending the same Idempotency-Key at once all get the first answer.

Real processes, each with its own PostgreSQL connection, send one request under one key
together (tests/racing.py). For a booking, another process holds the booker's person lock
for a moment, so every racer is inside the booking path before the first can finish: the
moment where, without the store, the twins wait on that lock, then find the first booking in
the person's history and answer 403 too_frequent. The control runs send the same race to the
same views with the store taken off (the decorated method's `__wrapped__`) and show the
failure the assertions catch, so a green race means something.
"""

import json
import multiprocessing
import time

import psycopg
import pytest
from django.db import connections
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.utils.encoders import JSONEncoder

from packages.api import ContractListView
from packages.models import Contract
from permits.api import BookingListView
from permits.locking import lock_id
from permits.models import Booking
from permits.services import person_for_user
from tests.factories.packages import package_on_sale_today
from tests.factories.permits import wall_clock_slot
from tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6
LOCK_HELD_SECONDS = 1.5  # under the booking's 5 s lock_timeout and the store's 5 s wait


class BookingWithoutStore(BookingListView):
    post = BookingListView.post.__wrapped__


class ContractOrderWithoutStore(ContractListView):
    post = ContractListView.post.__wrapped__


def send(view_class, user_id, path, body, key):
    """One API call as the user, with the key; (status, body) as the client reads them."""
    from accounts.models import User

    request = APIRequestFactory().post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=key)
    force_authenticate(request, user=User.objects.get(pk=user_id))
    try:
        response = view_class.as_view()(request)
    except Exception as exc:  # what the server answers 500 for, as the client sees it
        return 500, {"code": type(exc).__name__}
    return response.status_code, json.loads(json.dumps(response.data, cls=JSONEncoder))


def hold_lock(lock_key, held):
    """In a process of its own: hold a person's advisory lock for a moment, on a connection
    of its own (nothing inherited from the parent through the fork is touched)."""
    with psycopg.connect(**connections["default"].get_connection_params(), autocommit=True) as own:
        own.execute("SELECT pg_advisory_lock(%s)", [lock_id(lock_key)])
        held.set()
        time.sleep(LOCK_HELD_SECONDS)
        own.execute("SELECT pg_advisory_unlock(%s)", [lock_id(lock_key)])


def race_bookings(view_class, pilgrim, slot):
    lock_key = person_for_user(user=pilgrim).lock_key
    connections.close_all()  # the children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    held = context.Event()
    holder = context.Process(target=hold_lock, args=(lock_key, held))
    holder.start()
    assert held.wait(timeout=30)
    body = {"slot": slot.pk, "accept_instructions": True, "companions": []}
    try:
        return race(send, [(view_class, pilgrim.pk, "/api/v1/permits/bookings/", body, "rush")
                           for _ in range(RACERS)])
    finally:
        holder.join(timeout=30)


@pytest.fixture
def slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=20)


def test_racing_twins_of_a_booking_all_get_the_first_booking(pilgrim, slot):
    results = race_bookings(BookingListView, pilgrim, slot)

    assert [status for status, _body in results] == [201] * RACERS, results
    assert len({json.dumps(body, sort_keys=True) for _status, body in results}) == 1
    assert Booking.objects.filter(user=pilgrim).count() == 1
    slot.refresh_from_db()
    assert slot.remaining == 19


def test_control_without_the_store_the_twins_are_refused_too_frequent(pilgrim, slot):
    results = race_bookings(BookingWithoutStore, pilgrim, slot)

    codes = [body.get("code") for status, body in results if status != 201]
    assert "too_frequent" in codes, results
    assert Booking.objects.filter(user=pilgrim).count() == 1


def race_orders(view_class, pilgrim):
    body = {"package": package_on_sale_today().pk, "payment_plan": "full",
            "acknowledge_channels": True, "identity_expires_on": "2030-01-01",
            "companions": []}
    return race(send, [(view_class, pilgrim.pk, "/api/v1/packages/contracts/", body, "order")
                       for _ in range(RACERS)])


def test_racing_twins_of_a_package_order_all_get_the_first_contract(pilgrim):
    results = race_orders(ContractListView, pilgrim)

    assert [status for status, _body in results] == [201] * RACERS, results
    assert len({body["id"] for _status, body in results}) == 1
    assert Contract.objects.filter(pilgrim=pilgrim).count() == 1


def test_control_without_the_store_the_twins_order_again(pilgrim):
    results = race_orders(ContractOrderWithoutStore, pilgrim)

    contracts = {body["id"] for status, body in results if status == 201}
    refused = [body["code"] for status, body in results if status != 201]
    assert len(contracts) > 1 or refused, results
