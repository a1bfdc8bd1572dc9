"""The Umrah booking journey in a real browser, in Arabic and English, at a phone's width
and a desktop's: choose Umrah among the services, a day and a slot, book, and find the
permit with its QR code in "My permits"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import umrah_slot
from tests.fixtures.browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_books_umrah_and_finds_the_permit_with_its_qr(
        browser_page, journey, permit_services):
    language = journey.language
    slot = umrah_slot(capacity=3)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto("/permits/")
    journey.expect_direction(browser_page)
    browser_page.look(f"{language}-services")
    browser_page.locator("#service-umrah").click()
    expect(browser_page.page).to_have_url(re.compile(r"/permits/umrah/"))
    browser_page.locator(f"a[data-day='{day}']").click()
    expect(browser_page.locator(f"[data-slot='{slot.pk}']")).to_contain_text("3 / 3")
    browser_page.look(f"{language}-calendar")
    browser_page.locator(f"[data-slot='{slot.pk}'] a").click()
    expect(browser_page.locator("#book-submit")).to_be_visible()
    browser_page.look(f"{language}-book")
    browser_page.locator("#book-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking = Booking.objects.get(user=pilgrim)
    assert (booking.service.code, booking.status, booking.seats) == ("umrah", "booked", 1)
    card = browser_page.locator(f"[data-booking='{booking.pk}']")
    expect(card.locator(".permit-number")).to_have_text(booking.permit.number)
    qr = card.locator("img")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the QR really drew
    browser_page.look(f"{language}-mine")
    browser_page.set_viewport_size(WIDTHS["phone"])
    # One token, never broken at its hyphen beside the QR code (one line box, not two).
    assert card.locator(".permit-number").evaluate("e => e.getClientRects().length") == 1
    slot.refresh_from_db()
    assert slot.remaining == 2
    assert browser_page.csp_violations == []
