"""Who may take, assign and reassign a case, desk requests and complaints alike: an agent
takes an unassigned case of their team (or provider) and nobody else's; a case another agent
holds moves only by a team lead or a monitor; each change is one Assignment row, and the new
agent is told by e-mail."""

import pytest
from django.core import mail

from casework import selectors, services
from casework.errors import CaseworkError
from casework.models import Assignment
from servicedesk.services import desk_request_resolve
from tests.factories.casework import (
    complaint_agent,
    complaint_case,
    desk_agent,
    desk_case,
    other_team_agent,
)
from tests.factories.complaints import care_agent, monitor, provider_staff_for
from tests.factories.servicedesk import team_lead_for

pytestmark = pytest.mark.django_db


def history(case):
    return [(row.from_agent, row.to_agent, row.by, row.reason)
            for row in selectors.assignment_list(case)]


def test_an_agent_takes_an_unassigned_desk_request_of_their_team():
    case = desk_case()
    agent = desk_agent(case)

    services.case_take(case, acting_user=agent)

    case.refresh_from_db()
    assert case.assigned_to == agent and case.assigned_at is not None
    assert history(case) == [(None, agent, agent, "")]


def test_an_agent_of_another_team_may_not_take_it():
    case = desk_case()
    stranger = other_team_agent(case)

    with pytest.raises(CaseworkError) as refused:
        services.case_take(case, acting_user=stranger)

    assert refused.value.code == "not_an_agent"
    case.refresh_from_db()
    assert case.assigned_to is None and not Assignment.objects.exists()


def test_a_taken_case_is_not_taken_again_and_the_second_agent_is_told_by_whom():
    case = desk_case()
    first, second = desk_agent(case, first_name="Huda"), desk_agent(case)
    services.case_take(case, acting_user=first)

    with pytest.raises(CaseworkError) as refused:
        services.case_take(case, acting_user=second)

    assert refused.value.code == "taken" and "Huda" in str(refused.value.message)
    assert Assignment.objects.count() == 1


def test_a_resolved_request_is_taken_by_nobody():
    case = desk_case()
    agent = desk_agent(case)
    desk_request_resolve(request=case, acting_user=agent)

    with pytest.raises(CaseworkError) as refused:
        services.case_take(case, acting_user=agent)

    assert refused.value.code == "closed"


def test_an_agent_hands_their_own_case_to_a_colleague_who_is_told(
        django_capture_on_commit_callbacks):
    case = desk_case()
    agent, colleague = desk_agent(case), desk_agent(case)
    services.case_take(case, acting_user=agent)

    with django_capture_on_commit_callbacks(execute=True):
        services.case_assign(case, agent=colleague, acting_user=agent, reason="Off shift")

    case.refresh_from_db()
    assert case.assigned_to == colleague
    assert history(case)[-1] == (agent, colleague, agent, "Off shift")
    [notice] = [message for message in mail.outbox if colleague.email in message.to]
    assert case.reference in notice.subject and "Off shift" in notice.body


def test_an_agent_may_not_take_a_colleagues_case_but_the_team_lead_may_move_it():
    case = desk_case()
    holder, colleague = desk_agent(case), desk_agent(case)
    lead = team_lead_for(case.team)
    services.case_take(case, acting_user=holder)

    with pytest.raises(CaseworkError) as refused:
        services.case_assign(case, agent=colleague, acting_user=colleague)
    assert refused.value.code == "not_yours_to_move"

    services.case_assign(case, agent=colleague, acting_user=lead, reason="Balance the load")
    case.refresh_from_db()
    assert case.assigned_to == colleague


def test_nobody_assigns_a_case_to_an_agent_of_another_team():
    case = desk_case()
    agent = desk_agent(case)

    with pytest.raises(CaseworkError) as refused:
        services.case_assign(case, agent=other_team_agent(case), acting_user=agent)

    assert refused.value.code == "not_an_agent"
    assert not Assignment.objects.exists()


def test_provider_staff_take_their_companys_complaint_not_anothers():
    case, elsewhere = complaint_case(), complaint_case()
    agent = complaint_agent(case)

    services.case_take(case, acting_user=agent)
    with pytest.raises(CaseworkError) as refused:
        services.case_take(elsewhere, acting_user=agent)

    case.refresh_from_db()
    assert case.assigned_to == agent
    assert refused.value.code == "not_an_agent"


def test_a_monitor_moves_a_complaint_another_agent_holds_a_care_agent_does_not():
    case = complaint_case()
    holder, centre = provider_staff_for(case), care_agent()
    services.case_take(case, acting_user=holder)

    with pytest.raises(CaseworkError) as refused:
        services.case_assign(case, agent=centre, acting_user=centre)
    assert refused.value.code == "not_yours_to_move"

    services.case_assign(case, agent=centre, acting_user=monitor(), reason="Ministry takes it")
    case.refresh_from_db()
    assert case.assigned_to == centre
    assert [row.to_agent for row in Assignment.objects.filter(kind="complaint")] == [
        holder, centre]


def test_the_assignment_history_records_the_acting_user(django_capture_on_commit_callbacks):
    case = desk_case()
    agent = desk_agent(case)

    services.case_take(case, acting_user=agent)

    row = Assignment.objects.get()
    event = row.events.get()
    assert event.pgh_context.metadata["user"] == agent.pk
