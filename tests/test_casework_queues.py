"""The agents' queues and workload: the desk requests' and complaints' admin lists filter
"Mine" and "Unassigned" with one filter and show the assignee; the assign form offers the
case's agents with their open cases ("Huda — 2 open"); the dashboard counts open cases per
agent, resolved ones not counted."""

import pytest

from casework import selectors, services
from servicedesk.services import desk_request_resolve
from tests.factories.casework import complaint_agent, complaint_case, desk_agent, desk_case
from tests.factories.complaints import monitor

pytestmark = pytest.mark.django_db


def references(response):
    return {row.reference for row in response.context["cl"].result_list}


def test_mine_and_unassigned_filter_the_desk_queue(client, plain_http):
    mine, unassigned = desk_case(), desk_case()
    agent = desk_agent(mine, first_name="Huda", last_name="Saleh")
    services.case_take(mine, acting_user=agent)
    client.force_login(agent)

    listing = "/admin/servicedesk/deskrequest/"
    assert references(client.get(listing, {"assignee": "mine"})) == {mine.reference}
    assert references(client.get(listing, {"assignee": "unassigned"})) >= {unassigned.reference}
    assert mine.reference not in references(client.get(listing, {"assignee": "unassigned"}))
    page = client.get(listing).content.decode()
    assert "Huda Saleh" in page  # the assignee column


def test_mine_filters_the_complaints_queue(client, plain_http):
    mine = complaint_case()
    agent = complaint_agent(mine)
    services.case_take(mine, acting_user=agent)
    client.force_login(agent)

    response = client.get("/admin/complaints/complaint/", {"assignee": "mine"})

    assert [row.pk for row in response.context["cl"].result_list] == [mine.pk]


def test_workload_counts_open_cases_of_every_kind_per_agent():
    first, second, done = desk_case(), desk_case(), desk_case()
    agent = desk_agent(first)
    for case in (first, second, done):
        services.case_take(case, acting_user=agent)
    desk_request_resolve(request=done, acting_user=agent)
    complaint = complaint_case()
    provider_agent = complaint_agent(complaint)
    services.case_take(complaint, acting_user=provider_agent)

    load = selectors.workload()

    assert (load[agent.pk], load[provider_agent.pk]) == (2, 1)


def test_the_assign_form_offers_the_cases_agents_with_their_open_cases(client, plain_http):
    busy_case, case = desk_case(), desk_case()
    busy = desk_agent(case, first_name="Huda", last_name="Saleh")
    idle = desk_agent(case, first_name="Omar", last_name="Aziz")
    services.case_take(busy_case, acting_user=busy)
    client.force_login(idle)

    page = client.get(f"/admin/servicedesk/deskrequest/{case.pk}/change/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Huda Saleh — 1 open" in page and "Omar Aziz — 0 open" in page


def test_a_monitor_sees_every_agents_open_cases_on_the_dashboard(client, plain_http):
    case = desk_case()
    agent = desk_agent(case, first_name="Huda", last_name="Saleh")
    services.case_take(case, acting_user=agent)
    client.force_login(monitor())

    page = client.get("/admin/").content.decode()

    assert "Open cases per agent" in page or "الحالات المفتوحة" in page
    assert "Huda Saleh" in page


def test_provider_staff_take_a_complaint_on_its_page_and_another_company_cannot(
        client, plain_http):
    from tests.factories.complaints import provider_staff_for

    case = complaint_case()
    stranger = provider_staff_for(complaint_case())
    client.force_login(stranger)
    refused = client.post(f"/admin/complaints/complaint/{case.pk}/act/take/")
    client.force_login(complaint_agent(case))
    taken = client.post(f"/admin/complaints/complaint/{case.pk}/act/take/")

    assert (refused.status_code, taken.status_code) == (404, 302)
    case.refresh_from_db()
    assert case.assigned_to is not None and case.assigned_to != stranger
