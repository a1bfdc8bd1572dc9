"""The refund calculator in a real browser, in Arabic and English, on a phone and a desktop:
without JavaScript's help the GET form answers the refund, the rule and the date in both
calendars, and nonsense gets the reason next to its field; nothing breaks the strict CSP."""

import pytest
from playwright.sync_api import expect

from tests.factories.packages import seeded_season

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_visitor_works_out_a_refund_on_a_phone_and_a_desktop(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    seeded_season(1445)
    for size, viewport in (("phone", {"width": 390, "height": 844}),
                           ("desktop", {"width": 1280, "height": 900})):
        browser_page.set_viewport_size(viewport)
        browser_page.goto("/")
        browser_page.locator("#calculators a[data-calculator='refund']").click()
        browser_page.locator("select[name='season']").select_option("1445")
        browser_page.locator("input[name='contract_value']").fill("10000")
        browser_page.locator("input[name='clients']").fill("1")
        browser_page.locator("input[name='cancel_date']").fill("2024-04-24")
        browser_page.locator("select[name='permit_state']").select_option("printed")
        browser_page.locator("#refund-calculate").click()

        result = browser_page.locator("#refund-result")
        expect(result).to_be_visible()
        expect(result.locator("[data-amount='refund']")).to_contain_text(
            "9000.00" if language == "en" else "9000,00")  # the language's decimal mark
        expect(browser_page.locator("#refund-rule")).not_to_be_empty()
        browser_page.screenshot(f"{language}-{size}")

        browser_page.locator("input[name='contract_value']").fill("-5")
        browser_page.locator("#refund-calculate").click()
        expect(browser_page.locator(".invalid-feedback")).to_be_visible()
        expect(browser_page.locator("#refund-result")).to_have_count(0)
        browser_page.screenshot(f"{language}-{size}-error")
    assert browser_page.csp_violations == []


@pytest.mark.parametrize("browser_page", ["ar"], indirect=True)
def test_the_compensation_calculator_answers_on_a_phone(browser_page):
    from tests.factories.compensation import seeded_annex

    seeded_annex(1445)
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto("/compensation/calculator/")
    browser_page.locator("select[name='season']").select_option("1445")
    browser_page.locator("input[name='package_value']").fill("10000")
    browser_page.locator("select[name='item']").select_option("camp_services")
    browser_page.locator("select[name='failure']").select_option("late")
    browser_page.locator("#compensation-calculate").click()
    expect(browser_page.locator("[data-amount='compensation']")).to_contain_text("300,00")
    # The form's action ends in #compensation-result: the answer scrolls into view.
    expect(browser_page.locator("#compensation-result")).to_be_in_viewport(ratio=1)
    browser_page.screenshot("ar-phone", full_page=False)  # the answer in view after submitting
    assert browser_page.csp_violations == []
