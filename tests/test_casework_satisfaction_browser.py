"""The pilgrim rates the answer to their resolved request from the link in the SMS, in a
real browser, in Arabic and English, without signing in: the question, the thanks, and the
same link again saying it was answered, each page with no serious accessibility violation
(axe-core) and no sideways scrolling on a phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import SmsMessage
from servicedesk import services as desk_services
from sla.models import Survey
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import eservices_seeded
from tests.factories.servicedesk import desk_request_file, desk_seed, expert_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = {"ar": "ما مدى رضاك", "en": "How satisfied are you"}
THANKS = {"ar": "شكراً لك: إجابتك", "en": "Thank you: your answer"}
ANSWERED = {"ar": "تمت الإجابة عن هذا الاستبيان مسبقاً", "en": "already answered"}


def link_to_rate_a_resolved_request(language):
    eservices_seeded()
    desk_seed()
    pilgrim = PilgrimFactory(profile__preferred_language=language)
    request = desk_request_file(user=pilgrim)
    desk_services.desk_request_resolve(request=request, acting_user=expert_create(
        team=request.team), note="Your deposit is recorded.", now=timezone.now())
    sms = SmsMessage.objects.get(user=pilgrim, idempotency_key__startswith="sla-survey-")
    return re.search(r"(/sla/survey/\S+/)", sms.text).group(1)


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_pilgrim_rates_the_answer_from_the_link(axe, browser_page, request):
    language = request.node.callspec.params["browser_page"]
    link = link_to_rate_a_resolved_request(language)

    browser_page.goto(link)
    expect(browser_page.locator("#sla-survey legend")).to_contain_text(QUESTION[language])
    assert browser_page.axe_violations() == []
    browser_page.look(f"{language}-question")
    browser_page.locator("#sla-survey input[value='4']").check()
    browser_page.locator("#sla-survey textarea").fill("A clear answer, thank you.")
    browser_page.locator("#sla-survey button[type=submit]").click()

    expect(browser_page.locator("#sla-survey-result")).to_contain_text(THANKS[language])
    assert browser_page.axe_violations() == []
    browser_page.look(f"{language}-thanks")
    browser_page.goto(link)
    expect(browser_page.locator("#sla-survey-result")).to_contain_text(ANSWERED[language])
    assert browser_page.axe_violations() == []
    browser_page.look(f"{language}-answered")

    assert browser_page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr")
    assert list(Survey.objects.values_list("rating", "comment")) == [
        (4, "A clear answer, thank you.")]
    assert browser_page.csp_violations == []
