"""A slot template's new capacity, previewed: how many of its slots not started yet change,
the seats added or removed, the slots with more seats taken than the new capacity (listed,
kept), and the waiting-list entries that would be offered seats. Nothing is written."""

import pytest
from django.apps import apps
from django.utils import translation

from notifications.models import SmsMessage
from permits.models import Slot, SlotTemplate, WaitlistEntry
from permits.selectors import slot_template_change_impact
from tests.factories.permits import template_with_slots
from tests.fixtures.permits import NOW, SLOT_DAY_NOON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The labels read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def counts(impact):
    return {str(label): number for label, number in impact.counts}


def proposing(template, capacity):
    proposed = SlotTemplate.objects.get(pk=template.pk)
    proposed.capacity = capacity
    return proposed


def test_a_smaller_capacity_lists_the_slots_it_would_break_and_keeps_them(rawdah_men):
    template, _slots, _waiting = template_with_slots(now=NOW, start=SLOT_DAY_NOON)

    impact = slot_template_change_impact(rule=template, proposed=proposing(template, 6),
                                         now=NOW)

    # roomy 10 -> 6; busy stops at its 8 seats taken; full stays at 10; started is left.
    assert counts(impact) == {
        "slots of this template not started yet": 3,
        "of them, slots whose capacity changes": 2,
        "seats added": 0,
        "seats removed": 6,
        "slots with more seats taken than the new capacity (kept)": 2,
        "waiting-list entries that would be offered seats": 0,
    }
    assert [line.split(":")[0] for line in impact.breaking] == [
        "slot of 2026-11-25 13", "slot of 2026-11-25 14"]
    assert "8 seats taken, more than 6" in impact.breaking[0]
    assert "its capacity stays at 10" in impact.breaking[1]


def test_a_larger_capacity_offers_the_seats_to_the_first_waiting_entry_that_fits(rawdah_men):
    template, _slots, _waiting = template_with_slots(now=NOW, start=SLOT_DAY_NOON)

    impact = slot_template_change_impact(rule=template, proposed=proposing(template, 12),
                                         now=NOW)

    # Two seats more in "full": the family of 3 does not fit, the pilgrim alone does.
    assert counts(impact) == {
        "slots of this template not started yet": 3,
        "of them, slots whose capacity changes": 3,
        "seats added": 6,
        "seats removed": 0,
        "slots with more seats taken than the new capacity (kept)": 0,
        "waiting-list entries that would be offered seats": 1,
    }


def test_no_offer_is_counted_where_one_is_already_out(rawdah_men):
    template, slots, (family, alone) = template_with_slots(now=NOW, start=SLOT_DAY_NOON)
    family.status = WaitlistEntry.Status.OFFERED
    family.save(update_fields=["status"])

    impact = slot_template_change_impact(rule=template, proposed=proposing(template, 20),
                                         now=NOW)

    assert counts(impact)["waiting-list entries that would be offered seats"] == 0


def test_the_preview_writes_nothing(rawdah_men):
    template, _slots, _waiting = template_with_slots(now=NOW, start=SLOT_DAY_NOON)
    history = apps.get_model("permits.SlotTemplateEvent")
    before = (list(Slot.objects.order_by("pk").values_list("capacity", "remaining")),
              list(WaitlistEntry.objects.order_by("pk").values_list("status", flat=True)),
              SlotTemplate.objects.get(pk=template.pk).capacity, history.objects.count(),
              SmsMessage.objects.count())

    for capacity in (6, 12):
        slot_template_change_impact(rule=template, proposed=proposing(template, capacity),
                                    now=NOW)

    assert before == (list(Slot.objects.order_by("pk").values_list("capacity", "remaining")),
                      list(WaitlistEntry.objects.order_by("pk").values_list("status",
                                                                             flat=True)),
                      SlotTemplate.objects.get(pk=template.pk).capacity,
                      history.objects.count(), SmsMessage.objects.count())
