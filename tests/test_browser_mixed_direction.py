"""A permit's page and "My permits" in a real browser at a phone's width, in Arabic and
English: the permit number is one left-to-right token on one line, each calendar's date is
an isolated run that keeps its day, month and year together, and nothing pushes the page
sideways. Screenshots: var/screenshots/test_permit_pages_keep_mixed_runs_in_order-*
(-phone and -desktop of each page, BrowserPage.look)."""

import pytest
from playwright.sync_api import expect

from permits.booking import booking_create
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import umrah_slot
from tests.fixtures.browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each run's element is laid out as one piece: its computed unicode-bidi isolates it.
ISOLATED = """runs => runs.map(run => getComputedStyle(run).unicodeBidi)"""


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_permit_pages_keep_mixed_runs_in_order(browser_page, request, permit_services):
    language = request.node.callspec.params["browser_page"]
    browser_page.set_viewport_size(WIDTHS["phone"])
    pilgrim = PilgrimFactory()
    booking = booking_create(acting_user=pilgrim, slot=umrah_slot(capacity=2), companions=[],
                             instructions_accepted=True)
    number = booking.permit.number
    browser_page.log_in(pilgrim)

    for path, name in [("/permits/mine/", "mine"), (f"/permits/permit/{number}/", "permit")]:
        browser_page.goto(path)
        permit_number = browser_page.locator(".permit-number").first
        expect(permit_number).to_have_text(number)
        # One line box: never broken at its hyphen, never reversed around it.
        assert permit_number.evaluate("e => e.getClientRects().length") == 1
        assert permit_number.evaluate("e => getComputedStyle(e).direction") == "ltr"
        dates = browser_page.locator(".dual-date")
        expect(dates.first).to_be_visible()
        assert set(dates.evaluate_all(ISOLATED)) == {"isolate"}
        assert set(browser_page.locator(".dual-date bdi").evaluate_all(ISOLATED)) == {
            "isolate"}
        browser_page.look(f"{language}-{name}")
    assert browser_page.csp_violations == []
