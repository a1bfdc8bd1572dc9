"""The shell in a real browser: Arabic and right-to-left first, six languages, no CSP
violations, and a pilgrim who signs in lands on their dashboard."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from portal import services as portal_services
from portal.demo import demo_load
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def eservices():
    # live_server tests run in transactions that are flushed afterwards, which also removes
    # the rows seeded by migrations: put the catalogue back for each test.
    seed = importlib.import_module("portal.migrations.0002_seed_eservices").seed
    seed(django_apps, None)


@pytest.mark.parametrize("browser_page", ["ar"], indirect=True)
def test_home_in_arabic_is_right_to_left_with_the_rtl_bootstrap(browser_page):
    browser_page.goto("/")
    html = browser_page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(browser_page.page).to_have_title("بوابة الخدمات الإلكترونية للحجاج والمعتمرين")
    expect(browser_page.locator("#bootstrap-css")).to_have_attribute(
        "href", re.compile(r"bootstrap\.rtl\.min\.css$"))
    expect(browser_page.locator("h1")).to_have_text("بوابة الخدمات الإلكترونية للحجاج والمعتمرين")
    # the e-SLA's ten, complaints and suggestions
    expect(browser_page.locator(".eservice-card")).to_have_count(12)
    # Bootstrap's RTL build really applied: the navbar brand sits on the right.
    brand = browser_page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 640
    browser_page.screenshot("ar")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["en"], indirect=True)
def test_home_in_english_is_left_to_right(browser_page):
    browser_page.goto("/")
    expect(browser_page.locator("html")).to_have_attribute("dir", "ltr")
    expect(browser_page.page).to_have_title("Pilgrim e-services portal")
    expect(browser_page.locator("#bootstrap-css")).to_have_attribute(
        "href", re.compile(r"/bootstrap\.min\.css$"))
    expect(browser_page.locator(".portal-today")).to_contain_text("AH ·")
    assert browser_page.locator(".navbar-brand").bounding_box()["x"] < 640
    browser_page.screenshot("en")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar"], indirect=True)
def test_language_switcher_changes_language_and_direction(browser_page):
    browser_page.goto("/")
    browser_page.locator("#language-menu").click()
    browser_page.get_by_role("button", name="English", exact=True).click()
    expect(browser_page.locator("html")).to_have_attribute("lang", "en")
    expect(browser_page.locator("html")).to_have_attribute("dir", "ltr")
    browser_page.screenshot("en")
    browser_page.locator("#language-menu").click()
    browser_page.get_by_role("button", name="فارسی", exact=True).click()
    expect(browser_page.locator("html")).to_have_attribute("lang", "fa")
    expect(browser_page.locator("html")).to_have_attribute("dir", "rtl")
    browser_page.screenshot("fa")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["en"], indirect=True)
def test_pilgrim_signs_in_through_allauth_and_reaches_the_dashboard(browser_page):
    user = UserFactory(first_name="Aminah", last_name="Yusof")
    browser_page.goto("/")
    browser_page.get_by_role("link", name="Log in").first.click()
    expect(browser_page.page).to_have_url(re.compile(r"/accounts/login/"))
    browser_page.screenshot("en-login")
    browser_page.locator("input[name=login]").fill(user.email)
    browser_page.locator("input[name=password]").fill(PASSWORD)
    browser_page.locator("main form button[type=submit]").first.click()
    expect(browser_page.page).to_have_url(re.compile(r"/dashboard/$"))
    expect(browser_page.locator("h1")).to_have_text("Welcome, Aminah Yusof")
    browser_page.screenshot("en")
    browser_page.get_by_role("button", name="Log out").click()
    expect(browser_page.get_by_role("link", name="Log in").first).to_be_visible()
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar"], indirect=True)
def test_contact_page_lists_the_care_centre(browser_page):
    demo_load()
    browser_page.goto("/contact/")
    expect(browser_page.locator("a[href='tel:920002814']").first).to_be_visible()
    expect(browser_page.locator("h1")).to_have_text("التواصل والدعم")
    browser_page.screenshot("ar")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["en"], indirect=True)
def test_maintenance_page_and_banner_announce_the_window(browser_page):
    starts = timezone.now() + timedelta(days=2)
    portal_services.maintenance_window_announce(
        starts_at=starts, ends_at=starts + timedelta(hours=2),
        messages={"en": "Booking systems upgrade", "ar": "تحديث أنظمة الحجز"},
    )
    browser_page.goto("/maintenance/")
    expect(browser_page.locator(".portal-maintenance-banner")).to_contain_text(
        "Booking systems upgrade")
    expect(browser_page.locator(".maintenance-window")).to_contain_text("Upcoming")
    browser_page.screenshot("en")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["en"], indirect=True)
def test_mobile_navbar_collapses_and_opens(browser_page):
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/")
    expect(browser_page.locator("#portal-nav")).not_to_be_visible()
    browser_page.locator(".navbar-toggler").click()
    expect(browser_page.locator("#portal-nav")).to_be_visible()
    browser_page.screenshot("en-mobile", full_page=False)
    assert browser_page.csp_violations == []
