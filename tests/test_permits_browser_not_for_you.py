"""A man in a real browser, in Arabic and English, on a phone and a desktop: the women's
Rawdah is listed with the plain reason and no "Book"; opening its booking page directly shows
the reason and no form."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import season_of
from tests.factories.permits import SlotFactory, service_by_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
FOR_WOMEN = {"en": "This service is for women.", "ar": "هذه الخدمة للنساء."}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_man_is_shown_why_the_womens_rawdah_is_not_his(browser_page, request, permit_services):
    language = request.node.callspec.params["browser_page"]
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    season_of(start.date())
    slot = SlotFactory(service=service_by_code("rawdah_women"), starts_at=start,
                       ends_at=start + timedelta(minutes=10), capacity=5)
    browser_page.log_in(PilgrimFactory(gender="male"))

    for width, size in WIDTHS.items():
        browser_page.set_viewport_size(size)
        browser_page.goto("/permits/")
        reason = browser_page.locator("#unavailable-rawdah_women")
        expect(reason).to_have_text(FOR_WOMEN[language])
        expect(browser_page.locator("#service-rawdah_women")).to_have_count(0)
        expect(browser_page.locator("#service-rawdah_men")).to_be_visible()
        browser_page.screenshot(f"{language}-{width}-list")

        browser_page.goto(f"/permits/slot/{slot.pk}/book/")
        expect(browser_page.locator("#unavailable-rawdah_women")).to_have_text(FOR_WOMEN[language])
        expect(browser_page.locator("#booking-form")).to_have_count(0)
        browser_page.screenshot(f"{language}-{width}-book")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_visitor_is_asked_to_sign_in_to_book(browser_page, request, permit_services):
    language = request.node.callspec.params["browser_page"]
    browser_page.set_viewport_size(WIDTHS["phone"])

    browser_page.goto("/permits/")
    expect(browser_page.locator("#service-rawdah_women")).to_be_visible()
    browser_page.screenshot(f"{language}-phone")
    browser_page.locator("#service-rawdah_women").click()
    expect(browser_page.page).to_have_url(
        f"{browser_page.url('/accounts/login/')}?next=/permits/rawdah_women/")
