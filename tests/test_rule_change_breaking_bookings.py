"""A permit rule made stricter lists the upcoming bookings it would refuse, and keeps them:
saving the rule cancels or changes none of them."""

import datetime

import pytest

from permits.models import Booking, BookingPerson, ServiceRule
from permits.selectors import service_rule_change_impact
from portal.rule_changes import rule_change_apply
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.permits import PersonFactory, SlotFactory
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db


def booking(slot, *persons):
    made = Booking.objects.create(user=PilgrimFactory(), service=slot.service, slot=slot,
                                  status=Booking.Status.BOOKED, seats=len(persons),
                                  created_at=NOW)
    for index, person in enumerate(persons):
        BookingPerson.objects.create(booking=made, person=person,
                                     role="booker" if index == 0 else "companion")
    return made


def test_bookings_the_new_rule_would_refuse_are_listed_and_kept(rawdah_men):
    rule = ServiceRule.objects.get(service=rawdah_men, season=1448)
    walker, other = PersonFactory(), PersonFactory()
    first = booking(SlotFactory(service=rawdah_men, starts_at=SLOT_DAY_NOON), walker,
                    PersonFactory(), PersonFactory())
    later_day = SLOT_DAY_NOON + datetime.timedelta(days=2)
    later_slot = SlotFactory(service=rawdah_men, starts_at=later_day)
    again = booking(later_slot, walker)
    fine = booking(later_slot, other)
    proposed = ServiceRule.objects.get(pk=rule.pk)
    proposed.max_companions = 1
    proposed.frequency_days = 30
    # Today the rule allows 4 companions and one visit a year: "again" was never allowed by
    # frequency, but this checks what the proposed rule says of each booking.

    impact = service_rule_change_impact(rule=rule, proposed=proposed, now=NOW)

    assert dict((str(label), number) for label, number in impact.counts)[
        "upcoming bookings on the days of this rule"] == 3
    assert any(f"booking {first.pk} " in line and "2 companions" in line
               for line in impact.breaking)
    assert any(f"booking {again.pk} " in line and "within 30 days" in line
               for line in impact.breaking)
    assert not any(f"booking {fine.pk} " in line for line in impact.breaking)

    rule.max_companions, rule.frequency_days = 1, 30
    rule_change_apply(rule=rule, acting_user=StaffUserFactory(), reason="Fewer companions")

    assert Booking.objects.filter(status=Booking.Status.BOOKED).count() == 3
    assert first.persons.count() == 3
