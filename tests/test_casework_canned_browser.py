"""A staff agent answers with a canned reply in a real browser, Arabic and English: on a
desk request the chooser fills the answer as soon as a reply is chosen (the page's static
script), on a complaint its "Use this reply" button brings the page back filled (no script
needed); each answer is sent, in the pilgrim's language, with the case's reference in it."""

import pytest
from playwright.sync_api import expect

from complaints.models import Transition
from servicedesk.models import Message
from servicedesk.services import expert_team_grant_permissions
from tests.factories.accounts import PilgrimFactory
from tests.factories.casework import canned_reply
from tests.factories.complaints import filed_complaint
from tests.factories.servicedesk import desk_request_file, desk_seed, expert_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"ar": ("استلام الطلب", "السلام عليكم {pilgrim_name}، استلمنا طلبك {reference}."),
        "en": ("Request received", "Dear {pilgrim_name}, we received your request {reference}.")}
COMPLAINT = {"ar": ("نعمل على شكواك", "نعمل على الشكوى {reference}. {agent_name}"),
             "en": ("We are on it", "We are working on complaint {reference}. {agent_name}")}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_an_agent_answers_a_desk_request_and_a_complaint_with_canned_replies(
        browser_page, journey):
    language = journey.language
    _request_type, topic = desk_seed()
    expert_team_grant_permissions(team=topic.team)
    pilgrim = PilgrimFactory(profile__preferred_language=language,
                             profile__full_name="Amina Yusuf")
    desk_request = desk_request_file(user=pilgrim, subject="Deposit document")
    complaint = filed_complaint()
    complaint.pilgrim.profile.preferred_language = language
    complaint.pilgrim.profile.save()
    desk_reply = canned_reply(kind="desk", **DESK)
    complaint_reply = canned_reply(kind="complaint", **COMPLAINT)
    agent = expert_create(team=topic.team, first_name="Sara", last_name="Qahtani")

    browser_page.log_in_staff(agent)
    browser_page.goto(f"/admin/servicedesk/deskrequest/{desk_request.pk}/change/")
    journey.expect_direction(browser_page)
    browser_page.locator("#id_canned").select_option(str(desk_reply.pk))
    desk_text = DESK[language][1].replace("{pilgrim_name}", "Amina Yusuf").replace(
        "{reference}", desk_request.reference)
    expect(browser_page.locator("#id_answer-note")).to_have_value(desk_text)
    browser_page.look(f"{language}-desk")
    browser_page.locator("#object-action-answer input[type=submit]").click()
    expect(browser_page.locator(".messagelist li").first).to_be_visible()
    assert Message.objects.filter(request=desk_request, from_expert=True).get().body == desk_text

    browser_page.goto(f"/admin/complaints/complaint/{complaint.pk}/change/")
    browser_page.locator("#id_canned").select_option(str(complaint_reply.pk))
    browser_page.locator("#id_into").select_option("reply")
    browser_page.locator("#casework-canned-use").click()  # the GET: the server fills it
    complaint_text = COMPLAINT[language][1].replace("{reference}", complaint.number).replace(
        "{agent_name}", "Sara Qahtani")
    expect(browser_page.locator("#id_reply-note")).to_have_value(complaint_text)
    browser_page.look(f"{language}-complaint")
    browser_page.locator("#object-action-reply input[type=submit]").click()
    expect(browser_page.locator(".messagelist li").first).to_be_visible()
    assert complaint.transitions.filter(kind=Transition.Kind.REPLIED,
                                        note=complaint_text).exists()
    assert browser_page.csp_violations == []
