"""A slot template's new capacity, saved: its slots not started yet take it, each never
below the seats already taken (the capacity stops there, the bookings stay), `remaining`
moving by the difference; seats an increase frees are offered to the slot's waiting list,
once; the history names who changed it and why."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from permits.models import Slot, SlotTemplate, WaitlistEntry
from portal.rule_changes import rule_change_apply
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import template_with_slots

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(rawdah_men):
    """The template's slots against the real clock: saving a rule applies it now."""
    now = timezone.now()
    return template_with_slots(now=now, start=now + datetime.timedelta(days=3))


def change(template, capacity, *, reason="Ministry circular on Rawdah crowding"):
    rule = SlotTemplate.objects.get(pk=template.pk)
    rule.capacity = capacity
    rule_change_apply(rule=rule, acting_user=StaffUserFactory(), reason=reason)


def seats(slots):
    return {name: (slot.capacity, slot.remaining)
            for name, slot in ((name, Slot.objects.get(pk=slot.pk))
                               for name, slot in slots.items())}


def test_a_smaller_capacity_stops_at_the_seats_taken(seeded):
    template, slots, _waiting = seeded

    change(template, 6)

    assert seats(slots) == {"roomy": (6, 3), "busy": (8, 0), "full": (10, 0),
                            "started": (10, 5)}
    assert SlotTemplate.objects.get(pk=template.pk).capacity == 6


def test_a_larger_capacity_offers_the_freed_seats_to_the_waiting_list_once(seeded):
    template, slots, (family, alone) = seeded

    change(template, 12)

    # "full" gains 2 seats: held for the pilgrim alone (the family of 3 does not fit).
    assert seats(slots) == {"roomy": (12, 9), "busy": (12, 4), "full": (12, 1),
                            "started": (10, 5)}
    alone.refresh_from_db()
    family.refresh_from_db()
    assert (alone.status, family.status) == (WaitlistEntry.Status.OFFERED,
                                             WaitlistEntry.Status.WAITING)

    change(template, 14)  # more seats, but an offer is already out: nobody else is offered

    assert seats(slots)["full"] == (14, 3)
    assert WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED).count() == 1


def test_the_change_is_in_the_templates_history_with_who_and_why(seeded):
    template, _slots, _waiting = seeded

    change(template, 8, reason="Crowd study, Rawdah men")

    event = apps.get_model("permits.SlotTemplateEvent").objects.filter(
        pgh_obj_id=template.pk, pgh_label="update").get()
    assert event.capacity == 8
    assert event.pgh_context.metadata["reason"] == "Crowd study, Rawdah men"


def test_other_fields_edited_leave_the_slots_alone(seeded):
    template, slots, _waiting = seeded
    rule = SlotTemplate.objects.get(pk=template.pk)
    rule.name = "Rawdah men, mornings"

    rule_change_apply(rule=rule, acting_user=StaffUserFactory(), reason="Clearer name")

    assert seats(slots) == {"roomy": (10, 7), "busy": (10, 2), "full": (10, 0),
                            "started": (10, 5)}
