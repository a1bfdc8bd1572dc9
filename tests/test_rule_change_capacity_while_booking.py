"""A template's capacity cut while pilgrims book its slot never oversells: whatever the order
the bookings and the change reach the slot's row, the seats booked are the seats the slot
counts as taken, and its capacity is the new one or, if more were booked by then, those."""

import datetime

import pytest
from django.utils import timezone

from permits.booking import booking_create
from permits.errors import PermitError
from permits.models import Booking, Slot, SlotTemplate
from portal.rule_changes import rule_change_apply
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory, SlotTemplateFactory
from tests.racing import race

pytestmark = pytest.mark.django_db(transaction=True)


def act(kind, subject_id, other_id):
    from accounts.models import User

    if kind == "cut":
        rule = SlotTemplate.objects.get(pk=subject_id)
        rule.capacity = 2
        rule_change_apply(rule=rule, acting_user=User.objects.get(pk=other_id),
                          reason="Crowding")
        return "cut"
    try:
        booking_create(acting_user=User.objects.get(pk=other_id),
                       slot=Slot.objects.get(pk=subject_id), instructions_accepted=True)
    except PermitError as error:
        return error.code
    return "booked"


def test_a_capacity_cut_racing_bookings_never_oversells(rawdah_men):
    # Noon three days ahead of the real clock: saving a rule applies it now.
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += datetime.timedelta(days=3)
    season_of(start.date())
    template = SlotTemplateFactory(service=rawdah_men, capacity=4)
    slot = SlotFactory(service=rawdah_men, template=template, capacity=4, starts_at=start)
    pilgrims = [PilgrimFactory(gender="male") for _ in range(6)]
    staff = StaffUserFactory()

    outcome = race(act, [("cut", template.pk, staff.pk)]
                   + [("book", slot.pk, pilgrim.pk) for pilgrim in pilgrims])

    slot.refresh_from_db()
    booked = sum(Booking.objects.filter(slot=slot, status=Booking.Status.BOOKED)
                 .values_list("seats", flat=True))
    assert "cut" in outcome and outcome.count("booked") == booked
    assert 2 <= booked <= 4
    assert slot.capacity - slot.remaining == booked
    assert slot.capacity == max(2, booked)
