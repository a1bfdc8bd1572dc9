"""A rule change scheduled for a later day leaves the rule as it is until then; the beat's
sweep applies it on its day, once, with the reason and the user who scheduled it."""

import datetime
from decimal import Decimal

import pytest

from compensation.models import AnnexRule
from portal.calendars import RIYADH
from portal.models import ScheduledRuleChange
from portal.rule_changes import edited_values, rule_change_schedule, rule_changes_apply_due
from tests.factories.accounts import StaffUserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.datetime(2027, 1, 1, 0, 0, tzinfo=RIYADH)


def test_a_scheduled_change_applies_on_its_day_once():
    staff = StaffUserFactory()
    rule = AnnexRule.objects.filter(season_id=1448, ministry_provides=False).first()
    edited = AnnexRule.objects.get(pk=rule.pk)
    edited.percent = Decimal("9.5")
    change = rule_change_schedule(rule=rule, values=edited_values(edited, ["percent"]),
                                  effective_at=DAY, reason="From the new year", acting_user=staff)

    assert rule_changes_apply_due(now=DAY - datetime.timedelta(minutes=1)) == 0
    assert AnnexRule.objects.get(pk=rule.pk).percent == rule.percent

    assert rule_changes_apply_due(now=DAY) == 1
    assert rule_changes_apply_due(now=DAY + datetime.timedelta(minutes=1)) == 0

    assert AnnexRule.objects.get(pk=rule.pk).percent == Decimal("9.50")
    change.refresh_from_db()
    assert (change.status, change.applied_at) == (ScheduledRuleChange.Status.APPLIED, DAY)
    events = rule.events.filter(pgh_label="update")
    assert events.count() == 1
    assert events.get().pgh_context.metadata == {
        **events.get().pgh_context.metadata, "user": staff.pk, "reason": "From the new year"}


def test_a_day_given_in_the_admin_keeps_the_change_for_that_day(plain_http):
    from django.test import Client

    from accounts import roles
    from tests.test_rule_change_admin_preview import form_data

    staff = StaffUserFactory(role=roles.MINISTRY_ADMIN)
    rule = AnnexRule.objects.filter(season_id=1448, ministry_provides=False).first()
    url = f"/admin/compensation/annexrule/{rule.pk}/change/"
    client = Client()
    client.force_login(staff)
    page = client.get(url)

    # A day far after any run of the suite: the change waits for it.
    client.post(url, form_data(page, percent="8", reason="Next season's annex",
                               effective_on="2099-01-01"))

    assert AnnexRule.objects.get(pk=rule.pk).percent == rule.percent
    change = ScheduledRuleChange.objects.get()
    assert (change.values, change.reason, change.created_by, change.status) == (
        {"percent": "8"}, "Next season's annex", staff, ScheduledRuleChange.Status.PENDING)
    assert change.effective_at.astimezone(RIYADH) == datetime.datetime(2099, 1, 1, tzinfo=RIYADH)


def test_the_sweep_is_on_the_beat(settings):
    from portal import tasks

    scheduled = settings.CELERY_BEAT_SCHEDULE["portal-apply-due-rule-changes"]
    assert scheduled["task"] == "portal.tasks.apply_due_rule_changes"
    assert tasks.apply_due_rule_changes() == 0
