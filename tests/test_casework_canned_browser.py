"""A provider's agent answers a complaint with a canned reply in a real browser, Arabic and
English, by the chooser's "Use this reply" button (the path that needs no script): the page
comes back (a GET) with the complaint's reply filled by the server, and the reply is sent in
the pilgrim's language with the complaint's reference in it. (A desk request's live fill by
the page's script is a step of the agent's day: test_casework_browser_agent_day.)"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from complaints.models import Transition
from tests.factories.casework import canned_reply, complaint_agent, complaint_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLAINT = {"ar": ("نعمل على شكواك", "نعمل على الشكوى {reference}. {agent_name}"),
             "en": ("We are on it", "We are working on complaint {reference}. {agent_name}")}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_an_agent_answers_a_complaint_with_the_canned_reply_the_server_fills(
        browser_page, journey):
    language = journey.language
    complaint = complaint_case()
    complaint.pilgrim.profile.preferred_language = language
    complaint.pilgrim.profile.save()
    reply = canned_reply(kind="complaint", **COMPLAINT)
    agent = complaint_agent(complaint)
    agent.first_name, agent.last_name = "Sara", "Qahtani"
    agent.save()

    browser_page.log_in_staff(agent)
    browser_page.goto(f"/admin/complaints/complaint/{complaint.pk}/change/")
    journey.expect_direction(browser_page)
    browser_page.locator("#id_canned").select_option(str(reply.pk))
    browser_page.locator("#id_into").select_option("reply")
    browser_page.locator("#casework-canned-use").click()  # the GET: the server fills it
    expect(browser_page.page).to_have_url(re.compile(
        rf"/complaint/{complaint.pk}/change/\?canned={reply.pk}&into=reply$"))
    text = COMPLAINT[language][1].replace("{reference}", complaint.number).replace(
        "{agent_name}", "Sara Qahtani")
    expect(browser_page.locator("#id_reply-note")).to_have_value(text)
    browser_page.look(f"{language}-complaint")
    browser_page.locator("#object-action-reply input[type=submit]").click()
    with translation.override(language):
        expect(browser_page.locator(".messagelist li.success").first).to_have_text(
            translation.gettext("Message sent."))
    assert complaint.transitions.filter(kind=Transition.Kind.REPLIED, note=text).exists()
    assert browser_page.csp_violations == []
