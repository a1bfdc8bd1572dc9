"""The public inquiry in a real browser, Arabic and English: a permit and a complaint looked
up logged out by their number and the identity number they were filed with; a wrong
identity number shows the same refusal as an unknown number."""

import pytest
from playwright.sync_api import expect

from portal import references
from tests.factories.accounts import PilgrimFactory
from tests.factories.references import complaint_reference, permit_reference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KINDS = {"permit": permit_reference, "complaint": complaint_reference}


def inquire(page, reference, secret):
    page.goto("/servicedesk/inquiry/")
    page.locator("#id_reference").fill(reference)
    page.locator("#id_identity_or_phone").fill(secret)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_reference_is_looked_up_logged_out(browser_page, request, kind):
    language = request.node.callspec.params["browser_page"]
    pilgrim = PilgrimFactory()
    _record, reference = KINDS[kind](pilgrim)
    expected = references.reference_find(reference).describe_in(language)

    inquire(browser_page, reference, pilgrim.profile.id_number)

    expect(browser_page.locator("html")).to_have_attribute(
        "dir", "rtl" if language == "ar" else "ltr")
    expect(browser_page.locator("#inquiry-reference")).to_have_text(reference)
    expect(browser_page.locator("#inquiry-kind")).to_have_text(expected.kind)
    expect(browser_page.locator("#inquiry-state")).to_have_text(expected.state)
    if expected.next_step:
        expect(browser_page.locator("#inquiry-next")).to_have_text(expected.next_step)
    browser_page.look(f"{language}-{kind}")
    assert browser_page.csp_violations == []

    inquire(browser_page, reference, PilgrimFactory().profile.id_number)
    refusal = browser_page.locator("main .alert-danger, main [role=alert]").first.inner_text()
    inquire(browser_page, "CM1448-999999", pilgrim.profile.id_number)
    expect(browser_page.locator("main .alert-danger, main [role=alert]").first).to_have_text(
        refusal)
    expect(browser_page.locator("#inquiry-status")).to_have_count(0)
    browser_page.screenshot(f"{language}-{kind}-refused")
