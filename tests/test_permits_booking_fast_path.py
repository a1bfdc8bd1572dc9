"""The rush-hour booking path stays lean and says the same as the slower, general one.

POST /api/v1/permits/bookings/ builds its response by hand and reads and writes in a fixed,
small number of statements (bench/booking measures why). These tests pin both: the response
equals what BookingSerializer says about the same booking, and an N+1 or an extra round
trip shows up as a failing count.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import selectors
from permits.api import BookingSerializer
from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"
# The user (the session comes from the cache), one read before the transaction, the locks
# with the person history, the booking with its persons and permit, the SMS row, the
# service-levels record and its survey SMS, the seat take.
BOOKING_STATEMENTS = 8


@pytest.fixture
def future_slot(rawdah_men):
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=3)
    return SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=5)


def book(client, slot, companions=(), **headers):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True,
                                  "companions": list(companions)},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_the_booking_response_is_what_the_serializer_says(app_client, pilgrim, future_slot):
    companion = {"id_type": "passport", "id_number": "A7654321", "full_name": "Ahmad Ali",
                 "gender": "male"}

    response = book(app_client(pilgrim), future_slot, companions=[companion])

    assert response.status_code == 201, response.content
    stored = selectors.booking_list_for_user(user=pilgrim).get(pk=response.json()["id"])
    assert response.json() == dict(BookingSerializer(stored).data)
    assert [row["role"] for row in response.json()["persons"]] == ["booker", "companion"]
    assert response.json()["slot"]["remaining"] == 3


def test_a_repeated_key_answers_with_the_first_booking_in_full(app_client, pilgrim,
                                                               future_slot):
    client = app_client(pilgrim)

    first = book(client, future_slot, HTTP_IDEMPOTENCY_KEY="same")
    again = book(client, future_slot, HTTP_IDEMPOTENCY_KEY="same")

    assert again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["persons"] == first.json()["persons"]
    assert Booking.objects.count() == 1


def test_a_booking_takes_a_fixed_number_of_statements(app_client, future_slot):
    client = app_client(PilgrimFactory(gender="male"))
    book(client, future_slot)  # the person behind the account is created on first booking
    client = app_client(PilgrimFactory(gender="male"))
    from permits.services import person_for_user

    person_for_user(user=client_user(client))

    with CaptureQueriesContext(connection) as queries:
        response = book(client, future_slot)

    assert response.status_code == 201, response.content
    statements = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == BOOKING_STATEMENTS, "\n".join(statements)


def client_user(client):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore(session_key=client.defaults["HTTP_X_SESSION_TOKEN"])
    return get_user_model().objects.get(pk=session["_auth_user_id"])
