"""Declining the seats a waiting list offers, in a real browser, in Arabic and English, at a
phone's width and a desktop's: the pilgrim's offer page has a "Decline the offer" link to the
shared confirmation page, which says the seats go to the next family in line; "Keep the offer"
goes back without changing anything, and confirming declines (no script, no CSP violation)."""

import re

import pytest
from playwright.sync_api import expect

from permits import services
from permits.booking import booking_create
from permits.models import WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import umrah_slot
from tests.fixtures.browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLICKED_AT = {"ar": "phone", "en": "desktop"}
SEATS_GO = {"ar": "يذهب المقعد المحجوز لك إلى العائلة التالية في الصف فورًا",
            "en": "The seat held for you goes to the next family in line at once"}
DECLINED = {"ar": "رفضت المقاعد المعروضة عليك",
            "en": "You declined the seats offered"}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_declines_the_offered_seat_after_its_confirmation_page(
        browser_page, request, permit_services):
    language = request.node.callspec.params["browser_page"]
    browser_page.set_viewport_size(WIDTHS[CLICKED_AT[language]])
    slot = umrah_slot(capacity=1)
    holder = PilgrimFactory()
    held = booking_create(acting_user=holder, slot=slot, companions=[],
                          instructions_accepted=True)
    pilgrim = PilgrimFactory()
    entry = services.waitlist_join(acting_user=pilgrim, slot=slot)
    services.booking_cancel(booking=held, acting_user=holder)  # the seat is offered to them
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    browser_page.log_in(pilgrim)

    browser_page.goto(f"/permits/waitlist/{entry.token}/")
    browser_page.locator("#offer-decline").click()

    expect(browser_page.page).to_have_url(re.compile(rf"/permits/waitlist/{entry.token}/leave/$"))
    expect(browser_page.locator("#confirm-consequences")).to_contain_text(SEATS_GO[language])
    browser_page.look(f"{language}-decline-confirm")
    browser_page.locator("#confirm-keep").click()  # changing their mind: nothing happens
    expect(browser_page.locator("#offer-confirm")).to_be_visible()
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.OFFERED

    browser_page.locator("#offer-decline").click()
    browser_page.locator("#confirm-action").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    expect(browser_page.locator("main")).to_contain_text(DECLINED[language])
    browser_page.look(f"{language}-declined")
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.CANCELLED
    assert browser_page.csp_violations == []
