"""A desk request whose first-response deadline passed goes to its team's lead by the beat's
sweep, once: running the sweep again changes nothing, the history says which deadline was
missed, the lead finds it in their admin queue and gets one staff notice."""

from datetime import datetime, timedelta

import pytest
from django.core import mail

from notifications.models import SmsMessage
from portal.calendars import RIYADH
from servicedesk import selectors, services
from servicedesk.models import DeskRequest, Escalation, Topic
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_request_file, escalation_chain, team_lead_for

pytestmark = pytest.mark.django_db

# Sunday 22 November 2026, 10:00 in Makkah: a working day. A new request's first response
# is due 24 hours later (the seeded type).
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)
DUE = NOW + timedelta(hours=24)


def overdue_request():
    escalation_chain()
    return desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)


def test_nothing_moves_before_the_deadline():
    desk_request = overdue_request()

    assert services.desk_requests_escalate_overdue(now=DUE - timedelta(minutes=1)) == 0

    desk_request.refresh_from_db()
    assert desk_request.escalation_level == 0


def test_a_missed_first_response_goes_to_the_teams_lead_once(
        django_capture_on_commit_callbacks):
    desk_request = overdue_request()
    lead = team_lead_for(desk_request.team)
    later = DUE + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.desk_requests_escalate_overdue(now=later) == 1
        assert services.desk_requests_escalate_overdue(now=later) == 0

    desk_request.refresh_from_db()
    assert (desk_request.escalation_level, desk_request.assigned_to) == (1, lead)
    [escalation] = Escalation.objects.filter(request=desk_request)
    assert (escalation.level, escalation.missed_deadline, escalation.deadline_at,
            escalation.assigned_to, escalation.escalated_at) == (
        1, Escalation.Deadline.FIRST_RESPONSE, DUE, lead, later)
    assert SmsMessage.objects.filter(
        idempotency_key=f"servicedesk:{desk_request.reference}:escalated:1").count() == 1
    [notice] = [message for message in mail.outbox if lead.email in message.to]
    assert desk_request.reference in notice.subject


def test_the_lead_sees_the_request_in_their_admin_queue_without_being_in_the_team():
    desk_request = overdue_request()
    other_team = Topic.objects.get(code="other").team
    lead = team_lead_for(desk_request.team)
    lead.groups.set([other_team.group])  # leads the Hajj team from elsewhere

    assert desk_request not in selectors.desk_queue_for_staff(user=lead)
    services.desk_requests_escalate_overdue(now=DUE + timedelta(hours=1))

    assert list(selectors.desk_queue_for_staff(user=lead).filter(pk=desk_request.pk)) == [
        DeskRequest.objects.get(pk=desk_request.pk)]
    assert services.staff_may_handle(user=lead, request=DeskRequest.objects.get(
        pk=desk_request.pk))
