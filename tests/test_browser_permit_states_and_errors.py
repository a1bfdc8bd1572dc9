"""In a real browser, in Arabic and English, at phone and desktop widths: a cancelled
permit's page says so where the QR code was, and the site's own 404 and 500 pages, with no
CSP violation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from permits import services
from permits.booking import booking_create
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
CANCELLED = {"ar": "تصريح ملغى", "en": "Cancelled permit"}
NOT_FOUND = {"ar": "لم نجد هذه الصفحة", "en": "We could not find this page"}
CRASHED = {"ar": "حدث خطأ من جهتنا", "en": "Something went wrong on our side"}


def language_of(request):
    return request.node.callspec.params["browser_page"]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_cancelled_permits_page_says_so_without_its_code(browser_page, request, rawdah_men):
    language = language_of(request)
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    slot = SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=5)
    pilgrim = PilgrimFactory(profile__preferred_language=language)
    booking = booking_create(acting_user=pilgrim, slot=slot, companions=[],
                             instructions_accepted=True)
    services.booking_cancel(booking=booking, acting_user=pilgrim)
    browser_page.log_in(pilgrim)

    for width, size in WIDTHS.items():
        browser_page.set_viewport_size(size)
        browser_page.goto(f"/permits/permit/{booking.permit.number}/")
        banner = browser_page.locator("#permit-state")
        expect(banner).to_be_visible()
        expect(banner.locator("h1")).to_have_text(CANCELLED[language])
        expect(browser_page.locator(".permit-stamp")).to_be_visible()
        expect(browser_page.locator(".permit-print img")).to_have_count(0)
        expect(browser_page.locator(".permit-code")).to_have_count(0)
        expect(browser_page.locator("#print-permit")).to_have_count(0)
        browser_page.screenshot(f"{language}-permit-{width}")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_404_and_500_pages_in_the_sites_look(browser_page, request, monkeypatch):
    language = language_of(request)

    def crash():
        raise RuntimeError("a bug")

    for width, size in WIDTHS.items():
        browser_page.set_viewport_size(size)
        response = browser_page.goto(f"/{language}/no-such-page/")
        assert response.status == 404
        expect(browser_page.locator("html")).to_have_attribute("lang", language)
        expect(browser_page.locator("h1")).to_have_text(NOT_FOUND[language])
        expect(browser_page.locator(".portal-navbar")).to_be_visible()
        browser_page.screenshot(f"{language}-404-{width}")

        with monkeypatch.context() as patch:
            patch.setattr("portal.selectors.eservice_list", crash)
            response = browser_page.goto("/")
        assert response.status == 500
        expect(browser_page.locator("html")).to_have_attribute("lang", language)
        expect(browser_page.locator("h1")).to_have_text(CRASHED[language])
        browser_page.screenshot(f"{language}-500-{width}")
    assert browser_page.csp_violations == []
