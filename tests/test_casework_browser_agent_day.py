"""An agent's day in a real browser, in Arabic and English, every step of the help desk's
done-when in one journey: a desk expert signs in to the admin with their second factor,
opens the Unassigned queue, takes a request, writes an internal note, answers the pilgrim
with a canned reply (filled in the pilgrim's language, its placeholders rendered) and sends
it; takes another request and escalates it now, with a reason, to the team's lead; then
comes back to the first from their own queue and closes it. After each step the page says
what happened, and the database holds it. Screenshots in var/screenshots/ to look at by eye."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from casework.selectors import assignment_list, note_list
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.casework import canned_reply, desk_agent, desk_case
from tests.factories.servicedesk import desk_seed, escalation_chain, team_lead_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PILGRIM = {"ar": "آمنة يوسف", "en": "Amina Yusuf"}
NOTE = {"ar": "راجعت إيصال العربون مع المالية: الإيصال صالح.",
        "en": "Deposit receipt checked with finance: it is valid."}
REPLY = {"ar": ("إعادة إصدار الوثيقة",
                "السلام عليكم {pilgrim_name}، أعدنا إصدار وثيقة العربون لطلبكم {reference}. "
                "{agent_name}"),
         "en": ("Document re-issued",
                "Dear {pilgrim_name}, your deposit document for request {reference} is "
                "re-issued. {agent_name}")}
REASON = {"ar": "تصريح الحاج يحتاج إلى قرار قائد الفريق.",
          "en": "The pilgrim's permit needs the lead's decision."}


def said(language, msgid):
    with translation.override(language):
        return translation.gettext(msgid)


def act(page, name, done):
    """Press an action's button on the case's page; the page says it is done."""
    page.locator(f"#object-action-{name} input[type=submit]").click()
    expect(page.locator(".messagelist li.success").first).to_have_text(done)


def open_from_queue(page, queue, desk_request):
    page.goto(f"/admin/servicedesk/deskrequest/?assignee={queue}")
    page.get_by_role("link", name=desk_request.reference, exact=True).click()
    expect(page.page).to_have_url(re.compile(rf"/deskrequest/{desk_request.pk}/"))


def filled(body, **values):
    for name, value in values.items():
        body = body.replace(f"{{{name}}}", value)
    return body


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_an_agent_takes_notes_answers_with_a_canned_reply_escalates_and_closes(
        browser_page, journey):
    language, page = journey.language, browser_page
    desk_seed()
    escalation_chain()
    pilgrim = PilgrimFactory(profile__preferred_language=language,
                             profile__full_name=PILGRIM[language])
    first = desk_case(pilgrim=pilgrim, subject="Deposit document")
    second = desk_case(subject="Permit name")
    agent = desk_agent(first, first_name="Huda", last_name="Saleh")
    lead = team_lead_for(first.team, first_name="Omar", last_name="Aziz")
    canned_reply(kind="desk", **REPLY)
    answer = filled(REPLY[language][1], pilgrim_name=PILGRIM[language],
                    reference=first.reference, agent_name="Huda Saleh")

    page.log_in_staff(agent)
    page.goto("/admin/servicedesk/deskrequest/?assignee=unassigned")
    journey.expect_direction(page)
    expect(page.locator("#result_list")).to_contain_text(first.reference)
    expect(page.locator("#result_list")).to_contain_text(second.reference)
    page.look(f"{language}-unassigned")

    # Take the first request and note what finance said.
    open_from_queue(page, "unassigned", first)
    act(page, "take", said(language, "The case is yours."))
    expect(page.locator(".field-assignee")).to_contain_text("Huda Saleh")
    expect(page.locator("#object-action-take")).to_have_count(0)
    page.locator("#id_internal_note-note").fill(NOTE[language])
    act(page, "internal_note", said(language, "Internal note added."))
    expect(page.locator(".field-internal_notes")).to_contain_text(NOTE[language])
    page.look(f"{language}-taken-with-note")

    # Answer with the canned reply: the chooser fills the answer, then it is sent.
    page.locator("#id_canned").select_option(label=REPLY[language][0])
    expect(page.locator("#id_answer-note")).to_have_value(answer)
    assert first.reference in answer and "{" not in answer  # every placeholder rendered
    page.look(f"{language}-canned-reply")
    act(page, "answer", said(language, "Answer sent."))
    expect(page.locator(".field-conversation")).to_contain_text(answer)
    expect(page.locator(".field-staff_status .readonly")).to_have_text(
        said(language, "Answered, waiting for the pilgrim"))

    # Take the second request and escalate it now, with the reason, to the team's lead.
    open_from_queue(page, "unassigned", second)
    act(page, "take", said(language, "The case is yours."))
    page.locator("#id_escalate_now-note").fill(REASON[language])
    act(page, "escalate_now", said(language, "Request escalated one level."))
    expect(page.locator(".field-assignee")).to_contain_text("Omar Aziz")
    expect(page.locator(".field-escalation_history p")).to_have_count(1)
    expect(page.locator(".field-assignment_history")).to_contain_text(REASON[language])
    page.look(f"{language}-escalated")

    # Back to the first from the agent's own queue (the second is the lead's now): close it.
    page.goto("/admin/servicedesk/deskrequest/?assignee=mine")
    expect(page.locator("#result_list")).not_to_contain_text(second.reference)
    open_from_queue(page, "mine", first)
    act(page, "resolve", said(language, "Request resolved."))
    expect(page.locator(".field-staff_status .readonly")).to_have_text(said(language, "Resolved"))
    expect(page.locator("#object-action-answer")).to_have_count(0)
    page.look(f"{language}-resolved")
    assert page.csp_violations == []

    first.refresh_from_db()
    second.refresh_from_db()
    assert [(row.from_agent, row.to_agent, row.by) for row in assignment_list(first)] == [
        (None, agent, agent)]
    assert [(note.author, note.body) for note in note_list(first)] == [(agent, NOTE[language])]
    assert [(message.author, message.body)
            for message in first.messages.filter(from_expert=True)] == [(agent, answer)]
    assert (first.status, first.assigned_to) == (DeskRequest.Status.RESOLVED, agent)
    assert first.resolved_at is not None
    assert [(row.level, row.escalated_by, row.assigned_to, row.reason)
            for row in second.escalations.all()] == [(1, agent, lead, REASON[language])]
    assert [(row.from_agent, row.to_agent, row.by, row.reason)
            for row in assignment_list(second)] == [
        (None, agent, agent, ""), (agent, lead, agent, REASON[language])]
    assert (second.escalation_level, second.assigned_to, second.status) == (
        1, lead, DeskRequest.Status.RECEIVED)
