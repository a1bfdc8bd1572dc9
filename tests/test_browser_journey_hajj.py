"""The Hajj permit journey in a real browser, in Arabic and English, at a phone's width and a
desktop's: a pilgrim pays their package contract in full on its page, which requests the
Hajj permit (the contract's persons, the season's rule); "My permits" shows the request and
when the decision is due; ministry staff sign in to the admin (with their second factor) and
issue it from the review queue; the pilgrim finds the permit with its QR code, and the
contract says the permit is issued."""


import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from packages.models import Contract
from permits.models import Booking
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.complaints import contract_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("browser_page", ["ar", "en"], indirect=True)
def test_a_pilgrim_pays_requests_hajj_and_staff_issue_the_permit(
        browser_page, another_browser, journey, permit_services, payment_gateway):
    language = journey.language
    roles.sync_role_groups()  # the groups' grants, flushed after the previous live test
    pilgrim = PilgrimFactory()
    contract = contract_for(pilgrim=pilgrim, now=timezone.now())  # the season on sale today
    browser_page.log_in(pilgrim)

    browser_page.goto(f"/packages/contracts/{contract.pk}/")
    journey.expect_direction(browser_page)
    browser_page.locator("#pay-form input[name=card_token]").fill("tok_ok")
    browser_page.look(f"{language}-pay")
    browser_page.locator("#pay-submit").click()
    expect(browser_page.locator("#pay-form")).to_have_count(0)
    contract.refresh_from_db()
    assert contract.status == Contract.Status.PERMIT_REQUESTED  # paying requested it
    request_made = Booking.objects.get(contract=contract)
    assert request_made.status == Booking.Status.REQUESTED

    browser_page.goto("/permits/mine/")
    card = browser_page.locator(f"[data-booking='{request_made.pk}']")
    expect(card).to_contain_text(journey.label(request_made))
    expect(card.locator(".decision-due")).to_be_visible()
    expect(card.locator("img")).to_have_count(0)  # no QR before the decision
    browser_page.look(f"{language}-requested")

    staff = another_browser(language, "staff")
    staff.log_in_staff(StaffUserFactory(role=roles.MINISTRY_ADMIN))
    staff.goto("/admin/permits/booking/?status__exact=requested")
    staff.locator(f"input[name=_selected_action][value='{request_made.pk}']").check()
    staff.locator("select[name=action]").select_option("issue_hajj")
    staff.screenshot(f"{language}-queue")
    staff.locator("button[name=index]").click()
    expect(staff.locator(".messagelist .success, .messagelist .info").first).to_be_visible()
    staff.screenshot(f"{language}-issued")
    assert staff.csp_violations == []

    browser_page.reload()
    issued = Booking.objects.get(pk=request_made.pk)
    assert issued.status == Booking.Status.BOOKED
    expect(card).to_contain_text(journey.label(issued))
    expect(card.locator(".permit-number")).to_have_text(issued.permit.number)
    expect(card.locator("img")).to_be_visible()
    browser_page.look(f"{language}-issued")
    browser_page.goto(f"/packages/contracts/{contract.pk}/")
    contract.refresh_from_db()
    assert contract.status == Contract.Status.PERMIT_ISSUED
    expect(browser_page.locator("#contract-status")).to_have_text(journey.label(contract))
    assert browser_page.csp_violations == []
