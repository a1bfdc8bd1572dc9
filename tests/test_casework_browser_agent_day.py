"""An agent's day in a real browser, in Arabic and English: a desk expert signs in to the
admin with their second factor, opens the Unassigned queue, takes a request, writes an
internal note, answers and resolves it with the page's own actions; then takes another and
escalates it now to the team's lead. Screenshots in var/screenshots/ to look at by eye."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from casework.selectors import note_list
from servicedesk.models import DeskRequest
from servicedesk.services import expert_team_grant_permissions
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import (
    desk_request_file,
    desk_seed,
    escalation_chain,
    expert_create,
    team_lead_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Deposit receipt checked with finance: it is valid."


def act(page, name):
    page.locator(f"#object-action-{name} input[type=submit]").click()
    expect(page.locator(".messagelist li.success").first).to_be_visible()


def open_from_unassigned(page, desk_request):
    page.goto("/admin/servicedesk/deskrequest/?assignee=unassigned")
    page.get_by_role("link", name=desk_request.reference, exact=True).click()
    expect(page.page).to_have_url(re.compile(rf"/deskrequest/{desk_request.pk}/"))


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_an_agent_takes_notes_answers_resolves_and_escalates(browser_page, journey):
    language = journey.language
    _request_type, topic = desk_seed()
    escalation_chain()
    expert_team_grant_permissions(team=topic.team)
    first = desk_request_file(user=PilgrimFactory(), subject="Deposit document")
    second = desk_request_file(user=PilgrimFactory(), subject="Permit name")
    agent = expert_create(team=topic.team, first_name="Huda", last_name="Saleh")
    lead = team_lead_for(topic.team, first_name="Omar", last_name="Aziz")

    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    page.log_in_staff(agent)
    page.goto("/admin/servicedesk/deskrequest/?assignee=unassigned")
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.look(f"{language}-unassigned")
    open_from_unassigned(page, first)
    act(page, "take")
    page.locator("#id_internal_note-note").fill(NOTE)
    act(page, "internal_note")
    expect(page.locator(".field-internal_notes")).to_contain_text(NOTE)
    page.look(f"{language}-taken-with-note")
    page.locator("#id_answer-note").fill("Your deposit document is re-issued.")
    act(page, "answer")
    act(page, "resolve")

    open_from_unassigned(page, second)
    act(page, "take")
    page.locator("#id_escalate_now-note").fill("The pilgrim's permit needs the lead.")
    act(page, "escalate_now")
    with translation.override(language):
        expect(page.locator(".messagelist li.success").first).to_have_text(
            translation.gettext("Request escalated one level."))
    page.look(f"{language}-escalated")
    assert page.csp_violations == []

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.assigned_to) == (DeskRequest.Status.RESOLVED, agent)
    assert [note.body for note in note_list(first)] == [NOTE]
    assert (second.escalation_level, second.assigned_to) == (1, lead)
