"""In a real browser, in Arabic and English: the waiting page shows the place in line and
the seats left, updates itself by its static script under the strict CSP, and turns into
"book now" when the pilgrim's turn comes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories.accounts import PilgrimFactory
from tests.factories.permits import release_of, release_slots

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("waiting_room")]

PLACE = {"ar": "مكانك في الطابور:", "en": "Your place in line:"}
BOOK_NOW = {"ar": "احجز الآن", "en": "Book now"}


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_waiting_page_counts_down_to_book_now(browser_page, request, rawdah_men,
                                                  permit_services, waiting_room):
    language = request.node.callspec.params["browser_page"]
    slots = release_slots(rawdah_men, count=2, capacity=30)
    release = release_of(slots, opens_at=timezone.now() + timedelta(seconds=2),
                         admit_per_second=1)
    info = waiting_room.release_info(release.pk)
    for ahead in (10**9, 10**9 + 1):  # two accounts in line first
        waiting_room.join(info, user_id=ahead, now=info.opens_at)
    pilgrim = PilgrimFactory(gender="male", profile__preferred_language=language)
    browser_page.log_in(pilgrim)
    waiting_room.join(info, user_id=pilgrim.pk, now=info.opens_at)

    browser_page.goto(f"/permits/slot/{slots[0].pk}/book/")

    expect(browser_page.locator("#queue")).to_contain_text(PLACE[language])
    browser_page.screenshot(f"{language}-waiting")
    expect(browser_page.get_by_role("link", name=BOOK_NOW[language])).to_be_visible(
        timeout=15_000)
    browser_page.screenshot(f"{language}-admitted")
    assert browser_page.csp_violations == []
