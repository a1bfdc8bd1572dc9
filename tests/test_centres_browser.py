"""The kiosk and the hall screen in a real browser, Arabic and English: a visitor draws a
priority number with the touch buttons; the screen shows a call without being reloaded."""

import pytest
from playwright.sync_api import expect

from centres import services
from centres.tokens import COOKIE
from tests.factories.accounts import StaffUserFactory
from tests.factories.centres import centre_create, counter_create, kiosk_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_kiosk_lists_documents_and_draws_a_priority_number(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    centre, (service,) = centre_create()
    _kiosk, token = kiosk_create(centre=centre)
    browser_page.context.add_cookies([{"name": COOKIE, "value": token,
                                       "url": browser_page.base_url}])

    browser_page.goto(f"/centres/{centre.code}/kiosk/")
    expect(browser_page.locator("main")).to_contain_text("Identity card")
    browser_page.locator("#kiosk-mobile").fill("0500000001")
    browser_page.screenshot(f"{language}-kiosk")
    browser_page.locator("button[name=lane][value=priority]").click()

    expect(browser_page.locator("#ticket-number")).to_have_text("P-001")
    browser_page.screenshot(language)
    assert service.centre.tickets.get().mobile == "+966500000001"
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_display_refreshes_itself_when_a_counter_calls(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    centre, (service,) = centre_create()
    operator = StaffUserFactory()
    counter = counter_create(centre=centre, services=[service], operator=operator, label="7")
    services.ticket_draw(device=kiosk_create(centre=centre)[0], service=service, lane="regular")

    browser_page.goto(f"/centres/{centre.code}/display/")
    expect(browser_page.locator("#display-waiting")).to_have_text("1")
    services.ticket_call_next(counter=counter, acting_user=operator)

    expect(browser_page.locator("#display-calls li").first).to_contain_text("A-001")
    expect(browser_page.locator("#display-calls li").first).to_contain_text("7")
    expect(browser_page.locator("#display-waiting")).to_have_text("0")
    browser_page.screenshot(language)
    assert browser_page.csp_violations == []
