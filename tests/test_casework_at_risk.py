"""A case about to miss its next deadline is marked at risk once by the beat's sweep, and
its assignee told (nobody assigned: whom its escalation would reach); a new deadline may
be told again. The threshold is each kind's `AtRiskRule`: a share of the deadline's time,
or hours, whichever comes first."""

from datetime import datetime, timedelta

import pytest
from django.core import mail

from casework.at_risk import cases_at_risk_sweep
from casework.models import AtRisk, AtRiskRule
from complaints import services as complaint_services
from portal.calendars import RIYADH
from servicedesk import services as desk_services
from tests.factories.accounts import PilgrimFactory
from tests.factories.casework import at_risk_rule
from tests.factories.complaints import NOW as COMPLAINT_NOW
from tests.factories.complaints import filed_complaint, provider_staff_for
from tests.factories.servicedesk import desk_request_file, expert_create, team_lead_for

pytestmark = pytest.mark.django_db

# Sunday 22 November 2026, 10:00 in Makkah. A new request's first answer is due 24 hours
# later (the seeded type), its resolution 72 hours after filing.
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
ANSWER_DUE = NOW + timedelta(hours=24)


def new_request():
    return desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)


def sweep(at, capture):
    with capture(execute=True):
        return cases_at_risk_sweep(now=at)


def test_a_request_inside_the_last_quarter_is_marked_once_and_its_teams_lead_told(
        django_capture_on_commit_callbacks):
    at_risk_rule(kind="desk", percent_left=25)
    request = new_request()
    lead = team_lead_for(request.team)

    assert sweep(ANSWER_DUE - timedelta(hours=7), django_capture_on_commit_callbacks) == 0
    assert sweep(ANSWER_DUE - timedelta(hours=5), django_capture_on_commit_callbacks) == 1
    assert sweep(ANSWER_DUE - timedelta(hours=4), django_capture_on_commit_callbacks) == 0

    [warning] = AtRisk.objects.all()
    assert (warning.kind, warning.case_id, warning.deadline, warning.due_at) == (
        "desk", request.pk, "first_response", ANSWER_DUE)
    [notice] = mail.outbox
    assert notice.to == [lead.email]
    assert request.reference in notice.subject


def test_the_assignee_is_told_rather_than_the_lead(django_capture_on_commit_callbacks):
    at_risk_rule(kind="desk", percent_left=25)
    request = new_request()
    team_lead_for(request.team)
    expert = expert_create(team=request.team)
    request.assigned_to = expert
    request.save(update_fields=["assigned_to"])

    sweep(ANSWER_DUE - timedelta(hours=1), django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[expert.email]]
    assert AtRisk.objects.get().told_to == expert


def test_hours_warn_first_when_they_are_the_larger_margin():
    at_risk_rule(kind="desk", percent_left=10, hours_left=8)
    new_request()

    assert cases_at_risk_sweep(now=ANSWER_DUE - timedelta(hours=9)) == 0
    assert cases_at_risk_sweep(now=ANSWER_DUE - timedelta(hours=7)) == 1


def test_a_new_portal_warns_in_the_last_quarter_of_every_deadline():
    assert sorted(AtRiskRule.objects.values_list("kind", "percent_left", "hours_left")) == [
        ("complaint", 25, None), ("desk", 25, None)]


def test_without_a_threshold_nothing_is_marked():
    AtRiskRule.objects.all().delete()  # staff removed the seeded ones
    new_request()

    assert cases_at_risk_sweep(now=ANSWER_DUE - timedelta(minutes=5)) == 0


def test_a_missed_deadline_is_the_escalations_not_a_warning():
    at_risk_rule(kind="desk", percent_left=25)
    new_request()

    assert cases_at_risk_sweep(now=ANSWER_DUE + timedelta(minutes=5)) == 0


def test_once_answered_the_first_deadline_is_not_told_again_but_the_resolution_can_be():
    at_risk_rule(kind="desk", percent_left=25)
    request = new_request()
    expert = expert_create(team=request.team)
    cases_at_risk_sweep(now=ANSWER_DUE - timedelta(hours=1))
    desk_services.desk_reply_add(request=request, acting_user=expert, body="Looking into it.",
                                 now=ANSWER_DUE - timedelta(minutes=30))

    # 72 hours to resolve, from filing: the last quarter starts 18 hours before.
    resolution_due = NOW + timedelta(hours=72)
    assert cases_at_risk_sweep(now=ANSWER_DUE) == 0
    assert cases_at_risk_sweep(now=resolution_due - timedelta(hours=17)) == 1
    assert list(AtRisk.objects.order_by("since").values_list("deadline", flat=True)) == [
        "first_response", "resolution"]


def test_a_resolved_request_is_not_at_risk():
    at_risk_rule(kind="desk", percent_left=25)
    request = new_request()
    desk_services.desk_request_resolve(request=request, acting_user=expert_create(
        team=request.team), note="Done.", now=NOW + timedelta(hours=1))

    assert cases_at_risk_sweep(now=ANSWER_DUE - timedelta(hours=1)) == 0


# Housing fixed late: two hours of corrective period (the annex), so the last quarter
# starts 90 minutes after filing.
FIX_DUE = COMPLAINT_NOW + timedelta(hours=2)


def test_a_complaint_near_the_end_of_its_corrective_period_tells_the_providers_staff(
        django_capture_on_commit_callbacks):
    at_risk_rule(kind="complaint", percent_left=25)
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)

    assert sweep(FIX_DUE - timedelta(minutes=31), django_capture_on_commit_callbacks) == 0
    assert sweep(FIX_DUE - timedelta(minutes=29), django_capture_on_commit_callbacks) == 1

    warning = AtRisk.objects.get()
    assert (warning.kind, warning.case_id, warning.deadline) == ("complaint", complaint.pk,
                                                                 "fix")
    assert [staff.email] in [message.to for message in mail.outbox]


def test_a_complaint_waiting_on_the_pilgrim_is_not_at_risk_and_not_told_twice_after():
    at_risk_rule(kind="complaint", percent_left=25)
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    cases_at_risk_sweep(now=FIX_DUE - timedelta(minutes=20))
    complaint_services.complaint_request_info(
        complaint=complaint, acting_user=staff, question="Which hotel?",
        now=FIX_DUE - timedelta(minutes=15))

    assert cases_at_risk_sweep(now=FIX_DUE - timedelta(minutes=10)) == 0
    complaint_services.complaint_reply(complaint=complaint, acting_user=complaint.pilgrim,
                                       text="The Zamzam tower.", now=FIX_DUE + timedelta(hours=1))
    # The clock resumed with the same 15 minutes left: still the same deadline's run.
    assert cases_at_risk_sweep(now=FIX_DUE + timedelta(hours=1, minutes=5)) == 0
    assert AtRisk.objects.count() == 1


def test_a_reopened_complaint_has_a_new_corrective_period_that_can_be_told_again():
    at_risk_rule(kind="complaint", percent_left=25)
    complaint = filed_complaint()
    staff = provider_staff_for(complaint)
    cases_at_risk_sweep(now=FIX_DUE - timedelta(minutes=20))
    complaint_services.complaint_resolve(complaint=complaint, acting_user=staff,
                                         note="Housed.", now=FIX_DUE - timedelta(minutes=10))
    reopened_at = FIX_DUE
    complaint_services.complaint_reopen(complaint=complaint, acting_user=complaint.pilgrim,
                                        reason="Not housed after all.", now=reopened_at)

    assert cases_at_risk_sweep(now=reopened_at + timedelta(minutes=100)) == 1
    assert AtRisk.objects.filter(case_id=complaint.pk).count() == 2


def test_the_sweep_is_on_the_beat_at_its_setting_and_its_task_runs_it(settings):
    from casework import tasks

    scheduled = settings.CELERY_BEAT_SCHEDULE["casework-mark-cases-at-risk"]

    assert scheduled["task"] == "casework.tasks.mark_cases_at_risk"
    assert scheduled["schedule"] == timedelta(seconds=settings.CASEWORK_AT_RISK_SWEEP_SECONDS)
    assert tasks.mark_cases_at_risk() == 0
