"""The waiting-list journey in a real browser, in Arabic and English, at a phone's width and
a desktop's: the only seat of an Umrah slot is taken, so the pilgrim joins its waiting list
from the calendar; the holder cancels (the real service), the freed seat is offered to the
pilgrim, who confirms it on its page and finds the permit with its QR code."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from permits import services
from permits.booking import booking_create
from permits.models import Booking, WaitlistEntry
from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import umrah_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_joins_the_waiting_list_and_confirms_the_freed_seat(
        browser_page, journey, permit_services):
    language = journey.language
    slot = umrah_slot(capacity=1)
    holder = PilgrimFactory()
    held = booking_create(acting_user=holder, slot=slot, companions=[],
                          instructions_accepted=True)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto(f"/permits/umrah/?day={day}")
    row = browser_page.locator(f"[data-slot='{slot.pk}']")
    expect(row).to_contain_text("0 / 1")
    # No "Book" on a full slot: only the way to its waiting list, which asks for the party.
    expect(row.locator(f"a[href='/permits/slot/{slot.pk}/book/']")).to_have_count(0)
    browser_page.look(f"{language}-full")
    row.locator(f"a[href='/permits/slot/{slot.pk}/waitlist/']").click()
    browser_page.look(f"{language}-join")
    browser_page.locator("#waitlist-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    entry = WaitlistEntry.objects.get(user=pilgrim, slot=slot)
    waiting = browser_page.locator("#waitlist li")
    expect(waiting).to_contain_text(journey.label(entry))
    # Nothing to confirm yet: only the way out of the line (its own confirmation page).
    expect(waiting.locator(f"a[href='/permits/waitlist/{entry.token}/']")).to_have_count(0)
    expect(waiting.locator(f"a[href='/permits/waitlist/{entry.token}/leave/']")).to_have_count(1)
    browser_page.look(f"{language}-waiting")

    services.booking_cancel(booking=held, acting_user=holder)  # the seat frees up
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    browser_page.reload()
    expect(waiting).to_contain_text(journey.label(entry))
    browser_page.look(f"{language}-offered")
    waiting.locator(f"a[href='/permits/waitlist/{entry.token}/']").click()

    expect(browser_page.locator("#offer-expires")).to_be_visible()
    browser_page.look(f"{language}-confirm")
    browser_page.locator("#offer-confirm").click()

    expect(browser_page.page).to_have_url(re.compile(r"/permits/mine/$"))
    booking = Booking.objects.get(user=pilgrim)
    assert (booking.slot, booking.status) == (slot, Booking.Status.BOOKED)
    card = browser_page.locator(f"[data-booking='{booking.pk}']")
    expect(card.locator(".permit-number")).to_have_text(booking.permit.number)
    expect(card.locator("img")).to_be_visible()
    browser_page.look(f"{language}-booked")
    assert WaitlistEntry.objects.get(pk=entry.pk).status == WaitlistEntry.Status.CONFIRMED
    assert browser_page.csp_violations == []
