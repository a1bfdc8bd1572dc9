"""A season's complaint policy (its deadlines) changed: open complaints keep the deadlines
they were given when received; the preview counts them, lists each whose deadline the new
policy would have set otherwise, and counts the complaints of the last 14 days (as many new
ones get the new deadlines). Nothing is written by the preview; saving records who and why."""

import datetime

import pytest
from django.apps import apps
from django.utils import translation

from complaints.models import Complaint, Policy
from complaints.selectors import policy_change_impact
from portal.rule_changes import rule_change_apply
from tests.factories.accounts import StaffUserFactory
from tests.factories.complaints import NOW, filed_complaint, provider_staff_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The labels read in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def counts(impact):
    return {str(label): number for label, number in impact.counts}


def proposing(policy, **values):
    proposed = Policy.objects.get(pk=policy.pk)
    for name, value in values.items():
        setattr(proposed, name, value)
    return proposed


@pytest.fixture
def policy():
    return Policy.objects.get(season_id=1448)


def test_open_complaints_are_counted_and_their_moved_deadlines_listed(policy):
    awaiting = filed_complaint(now=NOW)  # housing late: the annex's period
    other = filed_complaint(item="other", failure="other", now=NOW)  # the policy's default
    resolved = filed_complaint(now=NOW)
    from complaints import services
    services.complaint_resolve(complaint=resolved, acting_user=provider_staff_for(resolved),
                               note="Housed.", now=NOW + datetime.timedelta(hours=1))

    impact = policy_change_impact(
        rule=policy, proposed=proposing(policy, acknowledge_working_days=2,
                                        default_corrective_minutes=240),
        now=NOW + datetime.timedelta(hours=2))

    assert counts(impact) == {
        "open complaints under this policy (they keep their deadlines)": 2,
        "of them, awaiting acknowledgement": 2,
        "of them, on the default corrective period": 1,
        "deadlines the new policy would have set otherwise (kept)": 3,
        "complaints received in the last 14 days (new ones get the new deadlines)": 3,
    }
    assert sum(awaiting.number in line for line in impact.breaking) == 1
    assert sum(other.number in line for line in impact.breaking) == 2
    assert any(other.number in line and "fix by" in line for line in impact.breaking)


def test_saving_keeps_the_open_complaints_deadlines_and_records_why(policy):
    complaint = filed_complaint(item="other", failure="other", now=NOW)
    told = (complaint.ack_due_at, complaint.fix_due_at)
    proposed = proposing(policy, default_corrective_minutes=60)
    before = (Complaint.objects.count(), apps.get_model("complaints.PolicyEvent")
              .objects.count())

    policy_change_impact(rule=policy, proposed=proposed, now=NOW)

    assert Policy.objects.get(pk=policy.pk).default_corrective_minutes == 120
    assert before == (Complaint.objects.count(), apps.get_model("complaints.PolicyEvent")
                      .objects.count())

    rule_change_apply(rule=proposed, acting_user=StaffUserFactory(), reason="Circular 7")

    complaint.refresh_from_db()
    assert (complaint.ack_due_at, complaint.fix_due_at) == told
    assert Policy.objects.get(pk=policy.pk).default_corrective_minutes == 60
    event = apps.get_model("complaints.PolicyEvent").objects.filter(
        pgh_obj_id=policy.pk, pgh_label="update").get()
    assert event.pgh_context.metadata["reason"] == "Circular 7"
    later = filed_complaint(item="other", failure="other", now=NOW)
    assert later.fix_due_at == NOW + datetime.timedelta(minutes=60)
