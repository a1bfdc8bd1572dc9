"""A cancellation up to the settled refund, in a real browser, in Arabic and English, at a
phone's width and a desktop's: a pilgrim who paid two of three instalments opens "My Hajj
contracts", reads on the cancel page what cancelling today gives back, confirms; the contract
page shows the contract cancelled and its refund awaiting approval; staff approve it; a real
worker sends it to the fake payment gateway (a process of its own), and while it settles the
page says the money is on its way; once the gateway's signed webhook settles it, the page
shows it paid back, with the amount."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts import roles
from packages.api import contract_refund_preview
from packages.models import RefundPart
from refunds.models import Refund
from refunds.services import refund_approve
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.refund_payments import paid_contract, record_captures
from tests.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WEBHOOK_PATH = "/api/v1/payments/gateway/events/"
STATES = {  # the refund's state on the contract page, in each language
    "ar": {"awaiting_approval": "بانتظار موافقة الموظفين", "on_its_way": "في الطريق إلى بطاقتك",
           "paid": "أعيد المبلغ إلى بطاقتك"},
    "en": {"awaiting_approval": "Awaiting approval by staff",
           "on_its_way": "On its way to your card", "paid": "Paid back to your card"},
}


@pytest.fixture
def gateway(live_server, start_payment_gateway_process):
    # Settling takes a moment, long enough for the page to show the money on its way.
    return start_payment_gateway_process(
        settle_after=2.0, webhook_url=live_server.url + WEBHOOK_PATH,
        webhook_secret=settings.PAYMENT_GATEWAY_WEBHOOK_SECRETS[0], webhook_retry_after=0.3)


def amount_shown(page, selector):
    """The amount in an element, as a Decimal: the language's decimal separator (Arabic
    writes 6000,00, English 6000.00) before the halalas, no thousands separator."""
    whole, halalas = re.search(r"(\d+)[.,](\d{2})\b", page.locator(selector).inner_text()).groups()
    return Decimal(f"{whole}.{halalas}")


def expect_refund_state(page, language, state):
    expect(page.locator("#refund")).to_have_attribute("data-state", state)
    expect(page.locator("#refund-state")).to_have_text(STATES[language][state])


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_cancels_and_sees_the_refund_paid_back_to_the_card(
        browser_page, journey, gateway, start_celery_worker):
    language = journey.language
    start_celery_worker()
    pilgrim = PilgrimFactory()
    contract = paid_contract(payments=2, pilgrim=pilgrim)  # 2,000 then 4,000 of 10,000 SAR
    record_captures(contract)
    expected = contract_refund_preview(contract)["refund"]  # today's window, on what was paid
    assert expected > 0
    browser_page.log_in(pilgrim)

    browser_page.goto("/packages/contracts/")
    journey.expect_direction(browser_page)
    browser_page.look(f"{language}-contracts")
    browser_page.locator(f"a[href='/packages/contracts/{contract.pk}/']").click()
    expect(browser_page.locator("#refund-timeline tbody tr").first).to_be_visible()
    browser_page.locator("#cancel-link").click()
    expect(browser_page.locator("#cancel-preview")).to_be_visible()
    assert amount_shown(browser_page, "#cancel-preview") == expected
    browser_page.look(f"{language}-preview")
    browser_page.locator("#confirm-action").click()

    expect(browser_page.page).to_have_url(re.compile(rf"/packages/contracts/{contract.pk}/$"))
    expect_refund_state(browser_page, language, "awaiting_approval")
    assert amount_shown(browser_page, "#refund-amount") == expected
    contract.refresh_from_db()
    assert contract.status == contract.Status.CANCELLED
    expect(browser_page.locator("#contract-status")).to_have_text(
        journey.label(contract))
    expect(browser_page.locator("#cancel-link")).to_have_count(0)
    browser_page.look(f"{language}-cancelled")
    refund = Refund.objects.get(contract=contract)
    assert refund.amount == expected

    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    wait_until(lambda: RefundPart.objects.filter(
        refund=refund, status=RefundPart.Status.PENDING).exists(),
        what="a part accepted by the gateway")
    browser_page.reload()
    expect_refund_state(browser_page, language, "on_its_way")
    browser_page.look(f"{language}-on-its-way")

    wait_until(lambda: Refund.objects.filter(pk=refund.pk, status=Refund.Status.PAID).exists(),
               what="the refund settled")
    browser_page.reload()
    expect_refund_state(browser_page, language, "paid")
    expect(browser_page.locator("#refund-paid-at")).to_be_visible()
    assert amount_shown(browser_page, "#refund-amount") == expected
    browser_page.look(f"{language}-paid")
    # The gateway moved exactly that amount back, newest payment first.
    assert sum(Decimal(op["amount"]) for op in gateway.operations("refund")
               if op["status"] == "settled") == expected
    assert browser_page.csp_violations == []
