"""The preview of a refund rule's change in a real browser, in Arabic and English: the
impact panel under the form, in the page's language and direction, with the contract whose
refund changes and its amounts before and after. Screenshots land in var/screenshots/
(test_browser_rule_change_preview-<language>.png), to look at by eye."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts import roles
from packages.models import RefundRule
from packages.services import contract_mark_permit_state
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.packages import paid_contract
from tests.factories.rule_changes import NOW

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_preview_panel_reads_in_the_staff_language(browser_page, payment_gateway, language):
    # An issued permit is in the 10% window from the track launch to the end of Dhu
    # al-Qa'dah 1448: the page computes today's refund.
    contract = contract_mark_permit_state(
        contract=paid_contract(now=NOW, pilgrim=PilgrimFactory(), price=Decimal("10000.00")),
        state="permit_issued", now=NOW)
    rule = RefundRule.objects.get(season_id=1448, code="ten_percent")
    client = Client()
    client.force_login(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    browser_page.context.add_cookies([{"name": "sessionid",
                                       "value": client.cookies["sessionid"].value,
                                       "url": browser_page.base_url}])
    browser_page.context.add_cookies([{"name": "django_language", "value": language,
                                       "url": browser_page.base_url}])

    browser_page.goto(f"/admin/packages/refundrule/{rule.pk}/change/?language={language}")
    browser_page.locator("input[name=deduction_percent]").fill("25")
    browser_page.locator("input[name=_preview]").click()

    panel = browser_page.locator("#rule-change-impact")
    playwright.expect(panel).to_be_visible()
    row = panel.locator("#rule-change-contracts tbody tr")
    playwright.expect(row).to_have_count(1)
    text = row.inner_text()
    separator = {"ar": ",", "en": "."}[language]  # the admin's number format of the language
    assert contract.reference in text
    assert f"9000{separator}00" in text and f"7500{separator}00" in text
    assert browser_page.locator("html").get_attribute("dir") == (
        "rtl" if language == "ar" else "ltr")
    heading = {"ar": "من يشمله التعديل", "en": "Who the change reaches"}[language]
    playwright.expect(panel.locator("h2")).to_have_text(heading)
    assert browser_page.locator("input[name=deduction_percent]").input_value() == "25"
    browser_page.screenshot(language)
    assert RefundRule.objects.get(pk=rule.pk).deduction_percent == Decimal("10.00")
