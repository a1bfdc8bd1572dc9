"""In a real browser, in Arabic and English: a pilgrim invites a companion by identity number
and mobile on the booking page; the companion signs in, finds the invitation on their
dashboard and accepts it; the booker then sees them on the permit."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consent.models import Invitation
from permits.models import Booking, BookingPerson
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_companion_invited_on_the_booking_page_accepts_from_the_dashboard(
        browser_page, request, rawdah_men):
    language = request.node.callspec.params["browser_page"]
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    start += timedelta(days=2)
    slot = SlotFactory(service=rawdah_men, starts_at=start, ends_at=start + timedelta(minutes=10),
                       capacity=5)
    booker = PilgrimFactory(profile__full_name="Ibrahim Booker",
                            profile__preferred_language=language)
    companion = PilgrimFactory(profile__preferred_language=language)

    browser_page.log_in(booker)
    with browser_page.page.expect_navigation():
        browser_page.goto(f"/permits/slot/{slot.pk}/book/")
    browser_page.locator("#add-companion").click()
    browser_page.locator("#id_companions-0-id_type").select_option("national_id")
    browser_page.locator("#id_companions-0-id_number").fill(companion.profile.id_number)
    browser_page.locator("#id_companions-0-mobile").fill(str(companion.profile.mobile))
    browser_page.locator("#id_accept_instructions").check()
    browser_page.screenshot(f"{language}-invite")
    browser_page.locator("#book-submit").click()
    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking = Booking.objects.get(user=booker)
    expect(browser_page.locator(f"[data-booking='{booking.pk}'] .invitations")).to_be_visible()
    browser_page.screenshot(f"{language}-invited")

    browser_page.page.context.clear_cookies()
    browser_page.log_in(companion)
    invitation = Invitation.objects.get(object_id=booking.pk)
    panel = browser_page.locator(f"[data-invitation='{invitation.pk}']")
    expect(panel).to_contain_text("Ibrahim Booker")
    browser_page.screenshot(f"{language}-dashboard")
    panel.locator(".invitation-accept").click()

    expect(browser_page.page).to_have_url(re.compile(r"/dashboard/$"))
    browser_page.screenshot(f"{language}-accepted")
    assert BookingPerson.objects.filter(booking=booking, person__user=companion).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert browser_page.csp_violations == []
