"""The vehicle entry permit in a real browser, in Arabic and English: the page states the
season's permit period, offers its days as boxes in both calendars, and issues the permit."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_gets_a_vehicle_permit_for_days_of_the_period(browser_page, request,
                                                                 permit_services):
    language = request.node.callspec.params["browser_page"]
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto("/permits/vehicle/")
    expect(browser_page.locator(".vehicle-period")).to_contain_text("1448")
    browser_page.locator("input[name='plate_number']").fill("abc 1234")
    browser_page.locator("input[name='vehicle_type']").fill("Bus")
    browser_page.locator("input[name='driver_name']").fill("Khalid Driver")
    browser_page.locator("input[name='driver_id_number']").fill("1000000001")
    # 5 and 6 Dhu al-Hijjah 1448
    browser_page.locator("input[name='days'][value='2027-05-11']").check()
    browser_page.locator("input[name='days'][value='2027-05-12']").check()
    browser_page.screenshot(f"{language}-form")
    browser_page.locator("#vehicle-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking = Booking.objects.get(user=pilgrim)
    assert booking.plate_number == "ABC 1234"
    assert [d.day for d in booking.vehicle_days.order_by("day")] == [date(2027, 5, 11),
                                                                      date(2027, 5, 12)]
    card = browser_page.locator(f"[data-booking='{booking.pk}']")
    expect(card).to_contain_text(booking.permit.number)
    expect(card.locator(".vehicle-days li")).to_have_count(2)  # its days, in both calendars
    browser_page.screenshot(language)
    assert browser_page.csp_violations == []
