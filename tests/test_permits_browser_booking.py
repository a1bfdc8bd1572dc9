"""The Rawdah booking journey in a real browser, in Arabic and English: choose the service,
pick a day and a slot in the calendar, add a companion by invitation (our own static JS, no
CSP violation), accept the instructions, book, see the permit with its QR and its PDF, print it,
cancel (after its confirmation page)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from permits.models import Booking
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_books_rawdah_with_a_companion_and_cancels(browser_page, request, rawdah_men):
    language = request.node.callspec.params["browser_page"]
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    slot = SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=5)
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto("/permits/")
    expect(browser_page.locator("html")).to_have_attribute("dir",
                                                           "rtl" if language == "ar" else "ltr")
    browser_page.locator("#service-rawdah_men").click()
    browser_page.locator(f"a[data-day='{start.date().isoformat()}']").click()
    # The companion button works once our script has run: wait for the new page's load.
    with browser_page.page.expect_navigation():
        browser_page.locator(f"[data-slot='{slot.pk}'] a").click()
    browser_page.locator("#add-companion").click()
    browser_page.locator("#id_companions-0-id_type").select_option("passport")
    browser_page.locator("#id_companions-0-id_number").fill("K1234567")
    browser_page.locator("#id_companions-0-mobile").fill("+966501234567")
    browser_page.locator("#id_accept_instructions").check()
    browser_page.screenshot(f"{language}-book")
    browser_page.locator("#book-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking = Booking.objects.get(user=pilgrim)
    assert (booking.seats, booking.held_seats) == (2, 1)  # held until the invitation's answer
    card = browser_page.locator(f"[data-booking='{booking.pk}']")
    expect(card.locator(".permit-number")).to_have_text(booking.permit.number)
    expect(card.locator("img")).to_be_visible()
    browser_page.screenshot(language)
    pdf_link = card.locator(f"a[href='/permits/permit/{booking.permit.number}/pdf/']")
    expect(pdf_link).to_be_visible()
    # The download itself goes through the page's session, as a click on the link would.
    pdf = browser_page.page.request.get(browser_page.url(pdf_link.get_attribute("href")))
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    card.locator(f"a[href='/permits/permit/{booking.permit.number}/']").click()
    expect(browser_page.locator("#print-permit")).to_be_visible()
    browser_page.screenshot(f"{language}-print")
    browser_page.go_back()
    # Cancelling asks first, on a page of its own that says what happens.
    browser_page.locator(f"[data-booking='{booking.pk}'] a.permit-cancel").click()
    expect(browser_page.locator("#confirm-consequences")).to_be_visible()
    browser_page.screenshot(f"{language}-cancel")
    browser_page.locator("#confirm-action").click()
    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert browser_page.csp_violations == []
