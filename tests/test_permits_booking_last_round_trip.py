"""The seat take and the COMMIT are the booking transaction's last statements, sent in one
round trip: the slot's row, which every booking of the slot updates, stays locked only while
committing (permits/booking.py). Read from libpq's protocol trace, what the connection
actually sends."""

import tempfile
from contextlib import contextmanager

import pytest
from django.db import connection

from consent.models import Dependant
from permits.booking import booking_create
from permits.models import Slot
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import wall_clock_slot

pytestmark = pytest.mark.django_db(transaction=True)

TAKE = "SELECT permits_take_seats("


@contextmanager
def messages_sent():
    """The Query messages this connection sends meanwhile, in order."""
    connection.ensure_connection()
    sent = []
    with tempfile.TemporaryFile() as trace:
        connection.connection.pgconn.trace(trace.fileno())
        try:
            yield sent
        finally:
            connection.connection.pgconn.untrace()
            trace.seek(0)
            sent.extend(line.split("\t")[-1].strip().strip('"')
                        for line in trace.read().decode().splitlines()
                        if "\tF\t" in line and "\tQuery\t" in line)


def booking_transaction(sent):
    """The messages from the booking's BEGIN to the one carrying its seat take."""
    begin = max(i for i, message in enumerate(sent) if message.startswith("BEGIN"))
    take = [i for i, message in enumerate(sent) if TAKE in message]
    assert len(take) == 1, sent
    assert begin < take[0], sent
    return sent[begin:], sent[take[0]]


@pytest.mark.parametrize("dependants", [0, 1])
def test_the_seat_take_and_the_commit_go_last_in_one_message(rawdah_men, dependants):
    slot = wall_clock_slot(rawdah_men, capacity=5)
    user = PilgrimFactory(gender="male")
    companions = [DependantFactory(owner=user, status=Dependant.Status.CONFIRMED)
                  for _ in range(dependants)]

    with messages_sent() as sent:
        booking = booking_create(acting_user=user, slot=slot, companions=companions,
                                 instructions_accepted=True)

    transaction_messages, take = booking_transaction(sent)
    assert transaction_messages[-1] == take, "sent after the seat take:\n" + "\n".join(
        transaction_messages[transaction_messages.index(take) + 1:])
    statements = [statement.strip() for statement in take.split(";")]
    assert statements[-2].startswith(TAKE), take
    assert statements[-1] == "COMMIT", take
    # First the audit context for the history rows of the INSERTs (who acted), then them.
    assert statements[0].startswith("SELECT set_config('pghistory.context_id'"), take
    assert all(statement.startswith("INSERT INTO") for statement in statements[1:-2]), take
    assert booking.pk and Slot.objects.get(pk=slot.pk).remaining == 4 - dependants


def test_the_booking_writes_one_sms_and_no_survey(rawdah_men):
    """The survey is asked after the visit (sla.services), so the rush path holds one SMS
    INSERT (the "booked" one): booking, person, permit, SMS and SLA record."""
    slot = wall_clock_slot(rawdah_men, capacity=5)

    with messages_sent() as sent:
        booking_create(acting_user=PilgrimFactory(gender="male"), slot=slot,
                       instructions_accepted=True)

    _messages, take = booking_transaction(sent)
    inserts = [s.strip() for s in take.split(";") if s.strip().startswith("INSERT INTO")]
    assert len(inserts) == 5, take
    assert sum("notifications_smsmessage" in insert for insert in inserts) == 1, take
