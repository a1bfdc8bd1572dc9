"""A provider's staff member in a real browser, in Arabic and English on a desktop: the
admin carries the portal's name, the dashboard lists the complaint due today, and the
complaint's own page acknowledges it and resolves it with a note, with no Save button and
no CSP violation. Screenshots land in var/screenshots/ (and /tmp/shots-admin/ when it
exists) to look at by eye."""

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from complaints import services
from complaints.models import Complaint, Status
from tests.factories.complaints import contract_for, provider_staff_for

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots-admin")

WORDS = {
    "ar": {"title": "بوابة الخدمات الإلكترونية للحجاج", "due": "المستحق اليوم",
           "done": "حُلّت الشكوى.",
           "state": "حُلّت، بانتظار تأكيد الحاج"},
    "en": {"title": "Pilgrim e-services portal", "due": "Due today",
           "done": "Complaint resolved.", "state": "Resolved, waiting for the pilgrim to confirm"},
}


def shot(page, name):
    path = page.screenshot(name)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / path.name)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_staff_act_on_a_complaints_own_page(browser_page, language):
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))
    Complaint.objects.filter(pk=complaint.pk).update(fix_due_at=now - timedelta(minutes=20))
    staff = provider_staff_for(complaint)
    client = Client()
    client.force_login(staff)
    browser_page.context.add_cookies([
        {"name": "sessionid", "value": client.cookies["sessionid"].value,
         "url": browser_page.base_url},
        {"name": "django_language", "value": language, "url": browser_page.base_url}])
    words = WORDS[language]

    browser_page.goto("/admin/")
    playwright.expect(browser_page.locator("#site-name")).to_contain_text(words["title"])
    playwright.expect(browser_page.locator("#due-today h2")).to_have_text(words["due"])
    assert browser_page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr")
    shot(browser_page, f"{language}-dashboard")

    browser_page.locator("#due-today a", has_text=complaint.number).click()
    playwright.expect(browser_page.locator("#object-actions")).to_be_visible()
    assert browser_page.locator("input[name=_save]").count() == 0
    browser_page.locator("#object-action-acknowledge input[type=submit]").click()
    playwright.expect(browser_page.locator("#object-action-acknowledge")).to_have_count(0)
    browser_page.locator("#object-action-resolve textarea").fill("Housed in room 9.")
    browser_page.locator("#object-action-resolve input[type=submit]").click()

    playwright.expect(browser_page.locator("ul.messagelist")).to_contain_text(words["done"])
    playwright.expect(browser_page.locator(".field-staff_status")).to_contain_text(
        words["state"])
    shot(browser_page, f"{language}-complaint")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolution_note) == (Status.RESOLVED,
                                                             "Housed in room 9.")
    assert complaint.transitions.get(kind="resolved").actor == staff
    assert browser_page.csp_violations == []
