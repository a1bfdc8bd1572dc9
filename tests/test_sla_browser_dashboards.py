"""The monitor dashboard and the public service-levels page in a real browser, in Arabic and
English: the table, the Chart.js trend charts drawn by our own static file from the JSON
island, right-to-left layout, and no Content Security Policy violation."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from sla.rollups import riyadh_day
from sla.services import probe_record, rollup_rebuild, rollup_refresh
from tests.factories.accounts import PASSWORD, StaffUserFactory
from tests.factories.sla import SurveyFactory, TransactionFactory
from tests.fixtures.accounts import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def eservices():
    # live_server tests flush the database afterwards, seeded catalogue included.
    importlib.import_module("portal.migrations.0002_seed_eservices").seed(django_apps, None)


def some_figures():
    now = timezone.now()
    for index, code in enumerate(["umrah", "rawdah_men", "rawdah_women", "inquiry", "hajj"]):
        for minutes in range(index + 2):
            tx = TransactionFactory(service_code=code, reference=f"{code}-{minutes}",
                                    started_at=now - timedelta(days=minutes, minutes=5))
            SurveyFactory(transaction=tx, rating=5 - (minutes % 3))
    TransactionFactory(service_code="rawdah_women", outcome="abandoned", reference="ab")
    probe_record(now=now, checks={"database": True, "redis": True, "worker": True})
    rollup_refresh(now=now)
    rollup_rebuild(first_day=riyadh_day(now - timedelta(days=7)), last_day=riyadh_day(now))


def log_in_with_totp(browser_page, user):
    browser_page.goto("/accounts/login/")
    browser_page.locator("input[name=login]").fill(user.email)
    browser_page.locator("input[name=password]").fill(PASSWORD)
    browser_page.locator("main form button[type=submit]").first.click()
    browser_page.locator("input[name=code]").fill(totp_code())
    browser_page.locator("main form button[type=submit]").first.click()
    expect(browser_page.page).not_to_have_url(re.compile(r"/2fa/"))


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_monitor_reads_the_dashboard_and_its_charts(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    some_figures()
    log_in_with_totp(browser_page, StaffUserFactory(role=roles.MONITOR))
    browser_page.goto("/sla/monitor/")
    expect(browser_page.locator("html")).to_have_attribute(
        "dir", "rtl" if language == "ar" else "ltr")
    # the e-SLA's ten, complaints and suggestions
    expect(browser_page.locator("#sla-levels tbody tr")).to_have_count(12)
    expect(browser_page.locator("#sla-chart-count")).to_have_attribute("data-rendered", "true")
    expect(browser_page.locator("#sla-chart-rates")).to_have_attribute("data-rendered", "true")
    expect(browser_page.locator("#sla-levels [data-status=red]").first).to_be_visible()
    browser_page.screenshot(language)
    browser_page.locator("tr[data-service=rawdah_women] a[href*='outcome=abandoned']").click()
    expect(browser_page.locator("#sla-transactions tbody tr")).to_have_count(1)
    assert browser_page.csp_violations == []
    assert browser_page.console_errors == []


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_anyone_reads_the_public_service_levels(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    some_figures()
    browser_page.goto("/sla/service-levels/")
    # the e-SLA's ten, complaints and suggestions
    expect(browser_page.locator("#sla-public tbody tr")).to_have_count(12)
    expect(browser_page.locator(".sla-period")).to_contain_text("1448")
    browser_page.screenshot(language)
    assert browser_page.csp_violations == []
