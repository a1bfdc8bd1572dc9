"""The rush-hour booking path stays lean and says the same as the slower, general one.

POST /api/v1/permits/bookings/ builds its response by hand and reads and writes in a fixed,
small number of statements (bench/booking measures why). These tests pin both: the response
equals what BookingSerializer says about the same booking, and an N+1 or an extra round
trip shows up as a failing count.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from permits import selectors
from permits.api import BookingSerializer
from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/permits/bookings/"
# The user (the session comes from the cache), one read before the transaction (which
# reserves the new rows' ids), the locks with the person history, and one round trip with
# the booking, its persons and permit, the SMS row, the service-levels record (no survey SMS:
# it goes once the visit is over), the seat take and the COMMIT.
BOOKING_STATEMENTS = 4
# With an Idempotency-Key, the store's claim before (committed on its own, so a twin request
# sees it before either takes a lock) and its answer after (portal/idempotency.py); a booking
# without the header sends neither.
KEYED_BOOKING_STATEMENTS = BOOKING_STATEMENTS + 2
# pghistory's audit context rides at the head of a write's statement, in the same round trip.
AUDIT_CONTEXT = re.compile(r"^SELECT set_config\('pghistory\.context_id'.*?\); ")


def round_trips(queries) -> list[str]:
    """The statements sent, without the test's own savepoints (production has none there)."""
    sent = [AUDIT_CONTEXT.sub("", query["sql"], count=1) for query in queries]
    return [sql for sql in sent if not sql.startswith(("SAVEPOINT", "RELEASE"))]


@pytest.fixture
def future_slot(rawdah_men):
    return wall_clock_slot(rawdah_men, capacity=5)


def book(client, slot, companions=(), **headers):
    return client.post(BOOKINGS, {"slot": slot.pk, "accept_instructions": True,
                                  "companions": list(companions)},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_the_booking_response_is_what_the_serializer_says(app_client, pilgrim, future_slot):
    dependant = {"dependant": DependantFactory(owner=pilgrim, full_name="Ahmad Ali").pk}
    invited = {"id_type": "passport", "id_number": "A7654321", "mobile": "+966501112233"}

    response = book(app_client(pilgrim), future_slot, companions=[dependant, invited])

    assert response.status_code == 201, response.content
    stored = selectors.booking_list_for_user(user=pilgrim).get(pk=response.json()["id"])
    assert response.json() == dict(BookingSerializer(stored).data)
    assert [row["role"] for row in response.json()["persons"]] == ["booker", "companion"]
    assert response.json()["persons"][1]["full_name"] == "Ahmad Ali"
    assert [row["status"] for row in response.json()["invitations"]] == ["pending"]
    assert response.json()["slot"]["remaining"] == 2


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
    statements = round_trips(queries)
    assert len(statements) == BOOKING_STATEMENTS, "\n".join(statements)


def test_a_key_adds_the_store_s_claim_and_answer_only(app_client, future_slot):
    book(app_client(PilgrimFactory(gender="male")), future_slot)  # the caches warmed
    client = app_client(PilgrimFactory(gender="male"))
    from permits.services import person_for_user

    person_for_user(user=client_user(client))

    with CaptureQueriesContext(connection) as queries:
        response = book(client, future_slot, HTTP_IDEMPOTENCY_KEY="fast-1")

    assert response.status_code == 201, response.content
    statements = round_trips(queries)
    assert len(statements) == KEYED_BOOKING_STATEMENTS, "\n".join(statements)
    assert "portal_idempotencykey" in statements[1] and "portal_idempotencykey" in statements[-1]


def client_user(client):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.cached_db import SessionStore

    session = SessionStore(session_key=client.defaults["HTTP_X_SESSION_TOKEN"])
    return get_user_model().objects.get(pk=session["_auth_user_id"])


def test_the_rows_held_for_the_last_round_trip_are_all_written(app_client, future_slot):
    from notifications.models import SmsMessage
    from sla.models import Transaction as SlaTransaction

    client = app_client(PilgrimFactory(gender="male"))
    response = book(client, future_slot)

    assert response.status_code == 201, response.content
    booking = Booking.objects.select_related("permit").get(pk=response.json()["id"])
    assert booking.permit.number == response.json()["permit_number"]
    assert booking.persons.count() == 1
    record = SlaTransaction.objects.get(reference=f"permit-booking:{booking.pk}")
    keys = set(SmsMessage.objects.filter(user=booking.user).values_list("idempotency_key",
                                                                         flat=True))
    assert keys == {f"permit-booking:{booking.pk}:booked"}  # the survey waits for the visit
    assert (record.survey_due_at, record.survey_offered_at) == (booking.slot.ends_at, None)
    issued = SmsMessage.objects.get(idempotency_key=f"permit-booking:{booking.pk}:booked")
    assert booking.permit.number in issued.text
    assert (issued.status, issued.about_object_id) == ("queued", str(booking.pk))
    assert issued.next_attempt_at <= timezone.now()
    assert (record.outcome, record.user_id, record.started_at) == (
        "completed", booking.user_id, booking.created_at)


def test_a_seat_take_that_finds_no_seat_writes_none_of_the_held_rows(pilgrim, future_slot):
    """The pre-check passed on a stale count; the take, sent with the held INSERTs, fails."""
    from notifications.models import SmsMessage
    from permits.booking import _booking_create, booking_context
    from permits.errors import PermitError
    from permits.models import Slot
    from permits.services import person_for_user
    from sla.models import Transaction as SlaTransaction

    context = booking_context(user_id=pilgrim.pk, slot_id=future_slot.pk, idempotency_key="")
    Slot.objects.filter(pk=future_slot.pk).update(remaining=0)  # taken meanwhile
    booking_id = context.reserved_ids[Booking][0]

    with pytest.raises(PermitError) as refused:
        _booking_create(user=pilgrim, context=context, booker=person_for_user(user=pilgrim),
                        dependants=[], invitees=[], idempotency_key="",
                        instructions_accepted=True, now=timezone.now())

    assert refused.value.code == "sold_out"
    assert not Booking.objects.filter(pk=booking_id).exists()
    assert not SlaTransaction.objects.filter(reference=f"permit-booking:{booking_id}").exists()
    assert not SmsMessage.objects.filter(user=pilgrim).exists()
