"""Staff edit the escalation chain in the admin, and the desk's request list shows each
request's escalation level with a filter for the overdue ones; the escalation history is on
the request's page."""

from datetime import datetime, timedelta

import pytest

from portal.calendars import RIYADH
from servicedesk import services
from servicedesk.models import EscalationStep
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.servicedesk import desk_request_file, escalation_chain, team_lead_for

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=RIYADH)


def step_form(step, **changes):
    return {"level": step.level, "holder": step.holder, "team": step.team_id or "",
            "after_hours": step.after_hours,
            "answer_within_working_days": step.answer_within_working_days, **changes}


def test_ministry_staff_edit_a_step_of_the_chain(client):
    escalation_chain()
    client.force_login(StaffUserFactory(is_superuser=True))
    step = EscalationStep.objects.get(level=2)

    response = client.post(f"/admin/servicedesk/escalationstep/{step.pk}/change/",
                           step_form(step, after_hours=24))

    assert response.status_code == 302
    step.refresh_from_db()
    assert step.after_hours == 24


def test_a_second_line_step_needs_its_team(client):
    escalation_chain()
    client.force_login(StaffUserFactory(is_superuser=True))
    step = EscalationStep.objects.get(level=2)

    response = client.post(f"/admin/servicedesk/escalationstep/{step.pk}/change/",
                           step_form(step, team=""))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["team"]


def test_the_lead_filters_the_overdue_requests_and_sees_their_level(client):
    escalation_chain()
    late = desk_request_file(user=PilgrimFactory(), type_code="new_request", now=NOW)
    lead = team_lead_for(late.team)
    services.desk_requests_escalate_overdue(now=NOW + timedelta(hours=25))
    on_time = desk_request_file(user=PilgrimFactory(), type_code="new_request")
    client.force_login(lead)

    listing = client.get("/admin/servicedesk/deskrequest/", {"deadline_state": "overdue"})

    page = listing.content.decode()
    assert listing.status_code == 200
    assert late.reference in page and on_time.reference not in page
    assert "column-escalation_level" in page
    detail = client.get(f"/admin/servicedesk/deskrequest/{late.pk}/change/",
                        HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Escalation history" in detail and "First response" in detail
