"""A slot template's capacity change kept for a later day changes nothing until the beat's
sweep applies it on that day, to the slots not started by then."""

import datetime

import pytest
from django.utils import timezone

from permits.models import Slot, SlotTemplate
from portal.models import ScheduledRuleChange
from portal.rule_changes import edited_values, rule_change_schedule, rule_changes_apply_due
from tests.factories.accounts import StaffUserFactory
from tests.factories.permits import template_with_slots

pytestmark = pytest.mark.django_db


def test_a_scheduled_capacity_applies_on_its_day(rawdah_men):
    now = timezone.now()
    template, slots, _waiting = template_with_slots(now=now,
                                                    start=now + datetime.timedelta(days=3))
    edited = SlotTemplate.objects.get(pk=template.pk)
    edited.capacity = 6
    day = now + datetime.timedelta(minutes=1)
    change = rule_change_schedule(rule=template, values=edited_values(edited, ["capacity"]),
                                  effective_at=day, reason="From the new Hijri month",
                                  acting_user=StaffUserFactory())

    assert rule_changes_apply_due(now=now) == 0
    assert Slot.objects.get(pk=slots["roomy"].pk).capacity == 10

    assert rule_changes_apply_due(now=day) == 1

    assert SlotTemplate.objects.get(pk=template.pk).capacity == 6
    assert [(slot.capacity, slot.remaining) for slot in
            Slot.objects.filter(pk__in=[slots["roomy"].pk, slots["busy"].pk])
            .order_by("starts_at")] == [(6, 3), (8, 0)]
    change.refresh_from_db()
    assert change.status == ScheduledRuleChange.Status.APPLIED
