"""Making a suggestion in a real browser, Arabic and English: the page says when a reply is
due, the suggestion is filed with a reference shown on its thread, and the pilgrim is sent the
same-day acknowledgement by SMS in their language (axe-core on each page)."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import SmsMessage
from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_seed, suggestion_type_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUE = {"ar": "14", "en": "A reply is due within 14 working days."}
THANKS = {"ar": "تم استلام مقترحك", "en": "Thank you: your suggestion"}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_makes_a_suggestion_and_is_told_its_reference(axe, browser_page, request):
    language = request.node.callspec.params["browser_page"]
    desk_seed()
    _type, topic = suggestion_type_create(reply_working_days=14)
    pilgrim = PilgrimFactory(profile__preferred_language=language)
    browser_page.log_in(pilgrim)

    browser_page.goto("/servicedesk/")
    browser_page.locator("a[href='/servicedesk/suggest/']").click()
    expect(browser_page.page).to_have_url(re.compile(r"/servicedesk/suggest/$"))
    expect(browser_page.locator("main")).to_contain_text(DUE[language])
    assert browser_page.axe_violations() == []
    browser_page.locator("#id_topic").select_option(str(topic.pk))
    browser_page.locator("#id_subject").fill("A Rawdah reminder")
    browser_page.locator("#id_text").fill("Please remind us by SMS the evening before a visit.")
    browser_page.look(f"{language}-suggest")
    browser_page.locator("main form button[type=submit]").click()

    expect(browser_page.page).to_have_url(re.compile(r"/servicedesk/SD-\w+/$"))
    suggestion = DeskRequest.objects.get(user=pilgrim)
    expect(browser_page.locator("#desk-reference")).to_have_text(suggestion.reference)
    expect(browser_page.locator("main")).to_contain_text(THANKS[language])
    assert browser_page.axe_violations() == []
    browser_page.look(f"{language}-filed")
    assert browser_page.csp_violations == []

    assert suggestion.request_type.kind == "suggestion" and suggestion.team == topic.team
    acknowledgement = SmsMessage.objects.get(
        idempotency_key=f"servicedesk:{suggestion.reference}:filed")
    assert acknowledgement.language == language
    assert suggestion.reference in acknowledgement.text
