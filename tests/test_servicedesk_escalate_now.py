"""An agent escalates a desk request now, from its admin page, with a reason: it climbs one
level of the same chain the deadline sweep climbs (one Escalation row per level, once), the
pilgrim gets the sweep's SMS, the team's lead gets the request; others may not."""

from datetime import timedelta

import pytest

from casework import services as casework
from casework.models import Assignment
from notifications.models import SmsMessage
from servicedesk import services
from servicedesk.errors import DeskError
from servicedesk.models import Escalation
from tests.factories.casework import desk_agent, desk_case
from tests.factories.servicedesk import escalation_chain, team_lead_for

pytestmark = pytest.mark.django_db


def taken_case():
    escalation_chain()
    case = desk_case()
    agent = desk_agent(case)
    casework.case_take(case, acting_user=agent)
    return case, agent


def test_the_agent_escalates_now_to_the_team_lead_once(client, plain_http):
    case, agent = taken_case()
    lead = team_lead_for(case.team)
    client.force_login(agent)

    client.post(f"/admin/servicedesk/deskrequest/{case.pk}/act/escalate_now/",
                {"escalate_now-note": "Needs the lead's signature"})

    case.refresh_from_db()
    [escalation] = Escalation.objects.filter(request=case)
    assert (case.escalation_level, case.assigned_to, escalation.level) == (1, lead, 1)
    assert (escalation.escalated_by, escalation.reason) == (agent, "Needs the lead's signature")
    assert Assignment.objects.filter(object_id=case.pk, to_agent=lead, by=agent).exists()
    assert SmsMessage.objects.filter(
        idempotency_key=f"servicedesk:{case.reference}:escalated:1").count() == 1


def test_the_sweep_does_not_climb_the_same_level_again():
    case, agent = taken_case()
    team_lead_for(case.team)
    services.desk_request_escalate_now(request=case, acting_user=agent, reason="Urgent")

    services.desk_requests_escalate_overdue(now=case.first_response_due + timedelta(hours=1))

    assert list(Escalation.objects.filter(request=case).values_list("level", flat=True)) == [1]


def test_the_lead_escalates_to_the_second_line_then_the_chain_ends():
    case, agent = taken_case()
    lead = team_lead_for(case.team)
    services.desk_request_escalate_now(request=case, acting_user=agent, reason="Urgent")
    services.desk_request_escalate_now(request=case, acting_user=lead, reason="Ministry")

    with pytest.raises(DeskError) as refused:
        services.desk_request_escalate_now(request=case, acting_user=lead, reason="Again")

    assert refused.value.code == "top_of_chain"
    assert list(Escalation.objects.filter(request=case).values_list("level", flat=True)) == [
        1, 2]


def test_a_colleague_who_does_not_hold_it_may_not_escalate_it_and_a_reason_is_needed():
    case, agent = taken_case()

    with pytest.raises(DeskError) as refused:
        services.desk_request_escalate_now(request=case, acting_user=desk_agent(case),
                                           reason="Urgent")
    with pytest.raises(DeskError) as no_reason:
        services.desk_request_escalate_now(request=case, acting_user=agent, reason=" ")

    assert (refused.value.code, no_reason.value.code) == ("not_yours_to_escalate",
                                                          "reason_required")
    assert not Escalation.objects.filter(request=case).exists()


def test_the_sweep_gives_an_overdue_request_to_the_lead_through_the_help_desks_assignment():
    case, agent = taken_case()
    lead = team_lead_for(case.team)

    services.desk_requests_escalate_overdue(now=case.first_response_due + timedelta(hours=1))

    case.refresh_from_db()
    assert case.assigned_to == lead
    moved = Assignment.objects.get(object_id=case.pk, to_agent=lead)
    assert (moved.from_agent, moved.by) == (agent, None)  # the portal moved it
