"""On a 390x844 phone, in Arabic and English: the maintenance banner is compact and goes away
for the visit when closed, the slot picker shows a week of days and then the times, and the
wide tables are cards; no page scrolls sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from portal import services as portal_services
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import package_on_sale_today
from tests.factories.permits import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What sticks out of the page sideways (nothing, on a page that fits the phone).
SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    // Text for screen readers only (.visually-hidden, clipped to 1px) is never drawn.
    return [...document.querySelectorAll("body *")]
        .filter((e) => !e.closest(".visually-hidden"))
        .filter((e) => { const box = e.getBoundingClientRect();
                         return box.width && (box.right > width + 1 || box.left < -1); })
        .slice(0, 3).map((e) => e.tagName + "." + e.className + "#" + e.id);
}"""


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_phone_sees_a_closable_banner_a_week_strip_and_cards(browser_page, request, rawdah_men):
    language = request.node.callspec.params["browser_page"]
    starts = timezone.now() + timedelta(days=2)
    portal_services.maintenance_window_announce(
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        messages={"en": "Booking systems upgrade", "ar": "تحديث أنظمة الحجز"},
    )
    package_on_sale_today()
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    slots = [
        SlotFactory(
            service=rawdah_men,
            starts_at=start + timedelta(days=2, minutes=m),
            ends_at=start + timedelta(days=2, minutes=m + 10),
            capacity=5,
        )
        for m in (0, 10, 20, 30)
    ]
    browser_page.set_viewport_size(PHONE)
    browser_page.log_in(PilgrimFactory())

    day = (start + timedelta(days=2)).date().isoformat()
    browser_page.goto(f"/permits/rawdah_men/?day={day}")
    expect(browser_page.locator(".permit-week a")).to_have_count(7)
    expect(browser_page.locator(f"a[data-day='{day}']")).to_have_attribute("aria-current", "date")
    # The first time is on the first screen, not below a column of days.
    first_time = browser_page.locator(f"[data-slot='{slots[0].pk}']").bounding_box()
    assert first_time["y"] + first_time["height"] < PHONE["height"]
    assert browser_page.evaluate(SIDEWAYS) == []
    browser_page.screenshot(f"{language}-calendar", full_page=False)
    browser_page.locator("a[data-week='later']").click()
    expect(browser_page.locator("a[data-week='earlier']")).to_be_visible()

    banner = browser_page.locator("#maintenance-banner")
    expect(banner).to_be_visible()
    assert banner.bounding_box()["height"] < 200
    browser_page.locator("#maintenance-dismiss").click()
    expect(banner).to_have_count(0)
    browser_page.goto("/packages/")
    expect(browser_page.locator("#maintenance-banner")).to_have_count(0)

    for path in ("/packages/", "/sla/service-levels/", "/"):
        browser_page.goto(path)
        assert browser_page.evaluate(SIDEWAYS) == [], path
        browser_page.screenshot(f"{language}-{path.strip('/').replace('/', '-') or 'home'}")
    # The same pages on a desktop, for the eye (the tables are tables again).
    browser_page.set_viewport_size({"width": 1280, "height": 900})
    for path in (f"/permits/rawdah_men/?day={day}", "/packages/", "/sla/service-levels/"):
        browser_page.goto(path)
        browser_page.screenshot(f"{language}-desktop-{path.split('/')[1]}")
    assert browser_page.csp_violations == []
