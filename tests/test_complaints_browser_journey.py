"""The pilgrim's complaint journey in a real browser, Arabic and English: file a complaint
against a contract's provider with a photo, find it in the list by its number, open its
timeline, reply, escalate once the provider's time has passed, and confirm the fix."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from complaints import services
from complaints.models import Complaint
from tests.factories.complaints import PNG, contract_for, provider_staff_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def file_the_complaint(browser_page, contract, tmp_path, language):
    browser_page.goto("/complaints/new/")
    expect(browser_page.locator("html")).to_have_attribute("dir",
                                                           "rtl" if language == "ar" else "ltr")
    browser_page.locator("#id_contract").select_option(str(contract.pk))
    browser_page.locator("#id_item").select_option("makkah_housing")
    browser_page.locator("#id_failure").select_option("late")
    browser_page.locator("#id_occurred_at").fill(
        timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    browser_page.locator("#id_description").fill("We waited three hours and were not housed.")
    photo = tmp_path / "lobby.png"
    photo.write_bytes(PNG)
    browser_page.locator("#id_files").set_input_files(str(photo))
    browser_page.screenshot(f"{language}-new")
    browser_page.locator("#complaint-submit").click()
    expect(browser_page.page).to_have_url(re.compile(r"/complaints/CM\d+-\d+/$"))
    return Complaint.objects.get(pilgrim=contract.pilgrim)


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_files_follows_escalates_and_confirms_a_complaint(
        browser_page, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    language = request.node.callspec.params["browser_page"]
    contract = contract_for(now=timezone.now())
    browser_page.log_in(contract.pilgrim)

    complaint = file_the_complaint(browser_page, contract, tmp_path, language)
    expect(browser_page.locator("#complaint-number")).to_have_text(complaint.number)
    expect(browser_page.locator("#complaint-timeline li")).to_have_count(1)
    expect(browser_page.locator("#complaint-timeline")).to_contain_text("lobby.png")

    browser_page.goto("/complaints/")
    row = browser_page.locator("#complaint-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(complaint.number)
    browser_page.screenshot(f"{language}-list")
    row.locator("a").click()
    expect(browser_page.page).to_have_url(re.compile(rf"/complaints/{complaint.number}/$"))
    expect(browser_page.locator("#complaint-escalate")).to_have_count(0)

    browser_page.locator("#id_text").fill("Room 12 is still not ready.")
    browser_page.locator("#complaint-reply button[type=submit]").click()
    expect(browser_page.locator("#complaint-timeline li")).to_have_count(2)
    expect(browser_page.locator("#complaint-timeline")).to_contain_text("Room 12")

    # The provider's corrective period runs out (the deadline is set in the past).
    Complaint.objects.filter(pk=complaint.pk).update(
        fix_due_at=timezone.now() - datetime.timedelta(minutes=1))
    browser_page.reload()
    browser_page.screenshot(f"{language}-overdue")
    browser_page.locator("#complaint-escalate").click()
    expect(browser_page.locator("#complaint-escalate")).to_have_count(0)
    complaint.refresh_from_db()
    assert complaint.status == "escalated"
    expect(browser_page.locator("#complaint-status")).to_have_text(
        status_label(complaint, language))

    services.complaint_resolve(complaint=complaint, acting_user=provider_staff_for(complaint),
                               note="Housed in room 14 at 14:00.")
    browser_page.reload()
    expect(browser_page.locator("#complaint-timeline")).to_contain_text("room 14")
    browser_page.locator("#complaint-confirm").click()
    expect(browser_page.locator("#complaint-confirm")).to_have_count(0)
    expect(browser_page.locator("#complaint-reply")).to_have_count(0)
    browser_page.screenshot(language)
    complaint.refresh_from_db()
    assert complaint.status == "confirmed"

    browser_page.goto("/dashboard/")
    expect(browser_page.locator("#complaints-panel")).to_contain_text(complaint.number)
    browser_page.screenshot(f"{language}-dashboard")
    assert browser_page.csp_violations == []


def status_label(record, language):
    """The status as the page shows it in the browser's language."""
    with translation.override(language):
        return record.get_status_display()
