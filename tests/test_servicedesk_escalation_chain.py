"""The one escalation chain, as staff edit it: level 1 the team's lead once the deadline is
missed, level 2 the second-line ministry team once it is still missed past level 2's hours,
and no further: the request climbs one level at a time, never down."""

from datetime import datetime, timedelta

import pytest

from portal.calendars import RIYADH
from servicedesk import selectors, services
from servicedesk.models import EscalationStep
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import (
    desk_request_file,
    escalation_chain,
    expert_create,
    team_lead_for,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)  # a Sunday, a working day
DUE = NOW + timedelta(hours=24)  # the seeded new request's first response


def sweep(at):
    return services.desk_requests_escalate_overdue(now=at)


def test_the_chain_goes_to_the_lead_then_to_the_second_line_team():
    second_line = escalation_chain(lead_after_hours=0, second_line_after_hours=48)
    desk_request = desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)
    lead = team_lead_for(desk_request.team)
    ministry_expert = expert_create(team=second_line)

    assert sweep(DUE + timedelta(hours=1)) == 1
    assert sweep(DUE + timedelta(hours=47)) == 0  # level 2 applies 48 hours after the deadline
    assert desk_request not in selectors.desk_queue_for_staff(user=ministry_expert)
    assert sweep(DUE + timedelta(hours=49)) == 1
    assert sweep(DUE + timedelta(days=30)) == 0  # the chain has no third level

    desk_request.refresh_from_db()
    assert desk_request.escalation_level == 2
    assert desk_request.escalated_team == second_line
    history = list(desk_request.escalations.values_list("level", "team", "assigned_to"))
    assert history == [(1, desk_request.team_id, lead.pk), (2, second_line.pk, None)]
    assert desk_request in selectors.desk_queue_for_staff(user=ministry_expert)


def test_a_chain_edited_by_staff_applies_as_edited():
    escalation_chain(lead_after_hours=6)
    desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)

    assert sweep(DUE + timedelta(hours=5)) == 0
    EscalationStep.objects.filter(level=1).update(after_hours=4)
    assert sweep(DUE + timedelta(hours=5)) == 1


def test_after_the_first_response_the_resolution_deadline_drives_the_chain():
    escalation_chain(lead_after_hours=0, second_line_after_hours=48)
    desk_request = desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)
    team_lead_for(desk_request.team)
    assert sweep(DUE + timedelta(hours=1)) == 1
    expert = expert_create(team=desk_request.team)
    services.desk_reply_add(request=desk_request, acting_user=expert, body="Looking into it.",
                            now=DUE + timedelta(hours=2))
    resolution_due = desk_request.resolution_due  # 72 hours after filing

    assert sweep(resolution_due + timedelta(hours=47)) == 0
    assert sweep(resolution_due + timedelta(hours=49)) == 1

    last = desk_request.escalations.get(level=2)
    assert (last.missed_deadline, last.deadline_at) == ("resolution", resolution_due)
