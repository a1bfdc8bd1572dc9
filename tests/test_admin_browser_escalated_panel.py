"""A ministry monitor in a real browser, in Arabic and English, at a phone's width and a
desktop's: signs in with their second factor, finds on the dashboard the escalated
complaints the ministry has still to decide (the most overdue first, how long overdue in
words), follows a count to the list of exactly those complaints, and opens one: a page
titled "View", with the ministry's actions and no Save button; nothing clipped, no CSP
violation. Screenshots land in var/screenshots/ to look at by eye."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from complaints import services
from complaints.models import Complaint, Status
from tests.factories.complaints import contract_for, monitor
from tests.fixtures.browser import WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def escalated(*, hours_overdue, status=Status.ESCALATED):
    now = timezone.now()
    contract = contract_for(now=now)
    complaint = services.complaint_file(
        acting_user=contract.pilgrim, contract=contract, item="makkah_housing",
        failure="late", description="Not housed.", occurred_at=now - timedelta(minutes=5))
    Complaint.objects.filter(pk=complaint.pk).update(
        status=status, fix_due_at=now - timedelta(hours=hours_overdue),
        escalated_at=now - timedelta(hours=hours_overdue))
    return Complaint.objects.get(pk=complaint.pk)


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_monitor_finds_the_escalated_complaints_on_the_dashboard(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    waiting = escalated(hours_overdue=3)
    reviewed = escalated(hours_overdue=30, status=Status.UNDER_REVIEW)
    with translation.override(language):
        title = translation.gettext("Escalated complaints to decide")
        to_review = translation.gettext("waiting for a review")
        view = translation.gettext("View %s") % translation.gettext("escalated complaint")

    browser_page.log_in_staff(monitor())
    browser_page.goto("/admin/")
    expect(browser_page.locator("html")).to_have_attribute(
        "dir", "rtl" if language == "ar" else "ltr")
    panel = browser_page.locator(".due-today", has_text=title)
    expect(panel).to_be_visible()
    rows = panel.locator(".due-items th a")
    expect(rows).to_have_text([reviewed.number, waiting.number])  # the most overdue first
    browser_page.look(f"{language}-dashboard")

    panel.get_by_role("link", name=to_review, exact=True).click()
    expect(browser_page.locator("#result_list tbody tr")).to_have_count(1)
    expect(browser_page.locator("#result_list")).to_contain_text(waiting.number)
    browser_page.look(f"{language}-list")

    browser_page.goto("/admin/")
    panel.get_by_role("link", name=reviewed.number, exact=True).click()
    expect(browser_page.locator("h1")).to_have_text(view)
    expect(browser_page.locator("input[name=_save]")).to_have_count(0)
    expect(browser_page.locator("#object-action-uphold")).to_be_visible()
    browser_page.set_viewport_size(WIDTHS["desktop"])
    browser_page.look(f"{language}-complaint")
    assert browser_page.csp_violations == []
