"""A slot never issues more seats than its capacity, whatever the concurrency.

Real processes, each with its own PostgreSQL connection, race for the last seats of a slot
against committed data. The control run sends the same race through a deliberately
unguarded read-then-write booking (defined here, test-only) and shows that the very same
check catches the oversell, so a green race test means something.
"""

import pytest
from django.db import transaction
from django.db.models import Sum

from permits.booking import booking_create
from permits.errors import PermitError
from permits.models import Booking, Slot
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.permits import SlotFactory
from tests.fixtures.permits import NOW
from tests.racing import in_step, race

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 12




def guarded_booking(user_id, slot_id, companion_ids=()):
    from accounts.models import User
    from consent.models import Dependant

    try:
        booking_create(acting_user=User.objects.get(pk=user_id),
                                slot=Slot.objects.get(pk=slot_id),
                                companions=list(Dependant.objects.filter(pk__in=companion_ids)),
                                instructions_accepted=True, now=NOW)
    except PermitError as error:
        return error.code
    return "ok"


def unguarded_booking(user_id, slot_id):
    """What not to do: read the counter, decide, write it back (a lost update under load)."""
    with transaction.atomic():
        slot = Slot.objects.get(pk=slot_id)
        in_step()  # every racer reads the counter before any writes it back
        if slot.remaining < 1:
            return "sold_out"
        Booking.objects.create(user_id=user_id, service_id=slot.service_id, slot=slot,
                               status=Booking.Status.BOOKED, seats=1, created_at=NOW)
        Slot.objects.filter(pk=slot_id).update(remaining=slot.remaining - 1)
    return "ok"


def assert_never_oversold(slot):
    slot.refresh_from_db()
    issued = Booking.objects.filter(slot=slot, status=Booking.Status.BOOKED).aggregate(
        seats=Sum("seats"))["seats"] or 0
    assert issued <= slot.capacity, f"oversold: {issued} seats issued for {slot.capacity}"
    assert issued + slot.remaining == slot.capacity


def test_racing_processes_take_exactly_the_last_seats(rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=5)
    users = [PilgrimFactory() for _ in range(RACERS)]

    results = race(guarded_booking, [(user.pk, slot.pk) for user in users])

    assert results.count("ok") == 5
    assert results.count("sold_out") == RACERS - 5
    assert_never_oversold(slot)
    slot.refresh_from_db()
    assert slot.remaining == 0


def test_control_the_unguarded_path_oversells_and_the_check_catches_it(rawdah_men):
    slot = SlotFactory(service=rawdah_men, capacity=5)
    users = [PilgrimFactory() for _ in range(RACERS)]

    results = race(unguarded_booking, [(user.pk, slot.pk) for user in users])

    assert results.count("ok") > 5
    with pytest.raises(AssertionError, match="oversold"):
        assert_never_oversold(slot)


def test_one_person_booked_by_two_accounts_at_once_passes_the_365_day_rule_once(rawdah_men):
    # Each account confirmed by staff as the same person's guardian (two claims on one
    # identity would go to review; the factory writes them as already reviewed).
    number = DependantFactory.build().id_number
    first, second = SlotFactory(service=rawdah_men), SlotFactory(service=rawdah_men)
    jobs = [(booker.pk, slot.pk, [DependantFactory(owner=booker, id_number=number).pk])
            for booker, slot in ((PilgrimFactory(), first), (PilgrimFactory(), second))]

    results = race(guarded_booking, jobs)

    assert sorted(results) == ["ok", "too_frequent"]
    assert Booking.objects.filter(persons__person__id_number=number).count() == 1
