"""The ordering journey in a real browser, in Arabic and English: pick a package, read its
service levels and channels, add a companion (our own static JS, no CSP violation),
acknowledge the channels, order, and land on the contract with its refund timeline."""

import re

import pytest
from playwright.sync_api import expect

from packages.models import Contract
from tests.factories.accounts import PilgrimFactory
from tests.factories.packages import PackageFactory, companion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_orders_a_package_for_themself_and_a_companion(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    package = PackageFactory()
    pilgrim = PilgrimFactory()
    browser_page.log_in(pilgrim)

    browser_page.goto("/packages/")
    expect(browser_page.locator("html")).to_have_attribute("dir",
                                                           "rtl" if language == "ar" else "ltr")
    browser_page.locator(f"a[href='/packages/{package.pk}/']").click()
    expect(browser_page.locator("#service-levels tbody tr")).to_have_count(3)
    expect(browser_page.locator("#provider-channels li")).to_have_count(4)
    # The companion button works once our script has run: wait for the new page's load.
    with browser_page.page.expect_navigation():
        browser_page.locator("#order-link").click()

    browser_page.locator("#id_identity_expires_on").fill("2030-01-01")
    browser_page.locator("#add-companion").click()
    person = companion()
    for name in ("full_name", "id_number"):
        browser_page.locator(f"#id_companions-0-{name}").fill(person[name])
    browser_page.locator("#id_companions-0-nationality").select_option(person["nationality"])
    browser_page.locator("#id_companions-0-identity_expires_on").fill("2030-01-01")
    browser_page.locator("#id_companions-0-date_of_birth").fill("1990-01-01")
    browser_page.locator("#id_companions-0-gender").select_option("female")
    browser_page.locator("#id_companions-0-relationship").select_option("spouse")
    browser_page.locator("#id_acknowledge_channels").check()
    browser_page.screenshot(f"{language}-order")
    browser_page.locator("#order-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/packages/contracts/\d+/$"))
    expect(browser_page.locator("#refund-timeline tbody tr").first).to_be_visible()
    expect(browser_page.locator("#instalments tbody tr")).to_have_count(1)
    browser_page.screenshot(language)
    contract = Contract.objects.get(pilgrim=pilgrim)
    assert contract.clients == 2 and contract.channels_acknowledged_by == pilgrim
    assert browser_page.csp_violations == []
