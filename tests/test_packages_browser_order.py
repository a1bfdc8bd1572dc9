"""The ordering journey in a real browser, in Arabic and English: pick a package, read its
service levels and channels, add companions (our own static JS, no CSP violation): one of
my dependants and a person invited by identity and mobile; acknowledge the channels, order,
and land on the contract with its refund timeline and the invitation as typed."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from packages.models import Contract
from tests.factories.accounts import PilgrimFactory
from tests.factories.consent import DependantFactory
from tests.factories.packages import PackageFactory, invitee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_orders_a_package_for_themself_and_a_companion(browser_page, request):
    language = request.node.callspec.params["browser_page"]
    package = PackageFactory()
    pilgrim = PilgrimFactory()
    wife = DependantFactory(owner=pilgrim, relation="wife", gender="female",
                            date_of_birth=datetime.date(1990, 1, 1))
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
    # Companions: one of my dependants (confirmed by staff), and a person invited by identity
    # number and mobile, whose place is held until they answer.
    browser_page.locator("#id_companions-0-dependant").select_option(str(wife.pk))
    browser_page.locator("#id_companions-0-identity_expires_on").fill("2030-01-01")
    browser_page.locator("#add-companion").click()
    friend = invitee(PilgrimFactory())
    browser_page.locator("#id_companions-1-id_type").select_option(friend["id_type"])
    browser_page.locator("#id_companions-1-id_number").fill(friend["id_number"])
    browser_page.locator("#id_companions-1-mobile").fill(friend["mobile"])
    browser_page.locator("#id_acknowledge_channels").check()
    browser_page.screenshot(f"{language}-order")
    browser_page.locator("#order-submit").click()

    expect(browser_page.page).to_have_url(re.compile(r"/packages/contracts/\d+/$"))
    expect(browser_page.locator("#refund-timeline tbody tr").first).to_be_visible()
    expect(browser_page.locator("#instalments tbody tr")).to_have_count(1)
    expect(browser_page.locator("#contract-invitations li")).to_have_count(1)
    expect(browser_page.locator("#pay-form")).to_have_count(0)  # until the invitation is answered
    browser_page.screenshot(language)
    contract = Contract.objects.get(pilgrim=pilgrim)
    assert (contract.clients, contract.held_places) == (3, 1)
    assert list(contract.persons.values_list("full_name", flat=True)) == [
        pilgrim.profile.full_name, wife.full_name]
    assert contract.channels_acknowledged_by == pilgrim
    assert browser_page.csp_violations == []
