"""The agreement's pages in a real browser, Arabic and English, on a phone (390x844) and a
desktop: reached from the footer, readable without sideways scrolling, the figures from the
data present, and sign-up offering the acceptance with links to the texts."""

import importlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
KINDS = ["service-level-agreement", "complaints-guide", "privacy", "terms"]
SLA_TITLE = {"ar": "اتفاقية مستوى الخدمة", "en": "Service-level agreement"}
ACCEPT = {"ar": "قرأت شروط الاستخدام", "en": "I have read and accept the terms of use"}
SHOTS = Path("/tmp/shots-legal")


@pytest.fixture(autouse=True)
def seeded():
    # live_server tests run in transactions flushed afterwards, which also removes the rows
    # the migrations seeded: put back the texts, the channels and the catalogue.
    for migration in ("portal.migrations.0002_seed_eservices",
                      "portal.migrations.0007_seed_support_channels",
                      "portal.migrations.0008_seed_complaint_service",
                      "legal.migrations.0002_seed_documents"):
        importlib.import_module(migration).seed(django_apps, None)


def keep(path, name):
    SHOTS.mkdir(exist_ok=True)
    shutil.copy(path, SHOTS / f"{name}.png")


def no_sideways_scroll(browser_page):
    return browser_page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_the_texts_from_the_footer_on_a_phone_and_a_desktop(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    for width, size in WIDTHS.items():
        browser_page.set_viewport_size(size)
        browser_page.goto("/")
        browser_page.locator("#footer-legal a[href='/legal/service-level-agreement/']").click()
        expect(browser_page.locator("h1")).to_have_text(SLA_TITLE[language])
        expect(browser_page.locator("#fig-availability")).to_be_visible()
        expect(browser_page.locator("#legal-channels a[href='tel:920002814']")).to_be_visible()
        assert no_sideways_scroll(browser_page), width
        keep(browser_page.screenshot(f"{language}-{width}-sla"), f"{language}-{width}-sla")
        for kind in KINDS[1:]:
            browser_page.goto(f"/legal/{kind}/")
            expect(browser_page.locator("#legal-version")).to_contain_text("1446")
            assert no_sideways_scroll(browser_page), (width, kind)
            keep(browser_page.screenshot(f"{language}-{width}-{kind}"),
                 f"{language}-{width}-{kind}")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_sign_up_asks_for_the_acceptance_and_links_the_texts(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    browser_page.set_viewport_size(WIDTHS["phone"])
    browser_page.goto("/accounts/signup/")
    expect(browser_page.locator("label[for=id_accept_terms]")).to_contain_text(ACCEPT[language])
    expect(browser_page.locator("#signup-terms a[href='/legal/terms/']")).to_be_visible()
    browser_page.locator("input[name=email]").fill("amina@example.com")
    browser_page.locator("input[name=password1]").fill("Pilgrim-Demo-2026")
    browser_page.locator("input[name=password2]").fill("Pilgrim-Demo-2026")
    # The browser's own check would stop the form first: take it off to see the portal's.
    browser_page.evaluate("document.querySelector('#id_accept_terms').required = false")
    browser_page.locator("main form button[type=submit]").first.click()
    expect(browser_page.locator("#id_accept_terms ~ .invalid-feedback")).to_be_visible()
    keep(browser_page.screenshot(f"{language}-signup"), f"{language}-signup")
    assert browser_page.csp_violations == []
