"""The desk journey in a real browser, Arabic and English: read what a type needs, file a
question with a file, land on its thread with a reference; then check it logged out."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from servicedesk.models import DeskRequest
from tests.factories.accounts import PilgrimFactory
from tests.factories.servicedesk import desk_seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_files_a_question_and_follows_it(browser_page, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    language = request.node.callspec.params["browser_page"]
    request_type, topic = desk_seed()
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto("/servicedesk/new/")
    expect(browser_page.locator("html")).to_have_attribute("dir",
                                                           "rtl" if language == "ar" else "ltr")
    expect(browser_page.locator(f"#type-{request_type.code}")).to_contain_text("deposit receipt")
    browser_page.locator(f"input[name=request_type][value='{request_type.pk}']").check()
    browser_page.locator("#id_topic").select_option(str(topic.pk))
    browser_page.locator("#id_subject").fill("Deposit document")
    browser_page.locator("#id_text").fill("My deposit document is missing.")
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"%PDF-1.4 receipt")
    browser_page.locator("#id_files").set_input_files(str(receipt))
    browser_page.screenshot(f"{language}-new")
    browser_page.locator("main form button[type=submit]").click()

    expect(browser_page.page).to_have_url(re.compile(r"/servicedesk/SD-\w+/$"))
    desk_request = DeskRequest.objects.get(user=pilgrim)
    expect(browser_page.locator("#desk-reference")).to_have_text(desk_request.reference)
    expect(browser_page.locator("main")).to_contain_text("receipt.pdf")
    browser_page.screenshot(language)
    assert browser_page.csp_violations == []

    browser_page.context.clear_cookies()
    browser_page.goto("/servicedesk/inquiry/")
    browser_page.locator("#id_reference").fill(desk_request.reference)
    browser_page.locator("#id_identity_or_phone").fill(pilgrim.profile.id_number)
    browser_page.locator("main form button[type=submit]").click()
    expect(browser_page.locator("#inquiry-status")).to_contain_text(
        status_label(desk_request, language))


def status_label(record, language):
    """The status as the page shows it in the browser's language."""
    with translation.override(language):
        return record.get_status_display()
