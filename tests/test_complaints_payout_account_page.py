"""The pilgrim gives the IBAN their compensation is paid to on their complaint's page: a
valid Saudi IBAN is kept and shown masked; a bad one is refused with the translated message
and nothing stored; another pilgrim's claim is not found; the form is gone once the payout is
on its way, and back if it failed."""

import html

import pytest
from django.test import Client
from django.utils import translation

from compensation import services
from compensation.errors import CompensationError
from compensation.models import Claim, Payout
from portal.iban import MESSAGES
from tests.factories.accounts import PilgrimFactory
from tests.factories.complaints import approved_claim, care_agent, paid_contract_for

pytestmark = pytest.mark.django_db

IBAN = "SA0380000000608010167519"
FORM = 'id="claim-payout-account-form"'


@pytest.fixture
def claim(payment_gateway):
    return approved_claim(item="arafat_lunch", contract=paid_contract_for())


def page_url(claim):
    return f"/complaints/{claim.complaint.number}/"


def give(client, claim, iban, language="en"):
    client.force_login(claim.pilgrim)
    return client.post(page_url(claim) + "payout-account/", {"iban": iban},
                       HTTP_ACCEPT_LANGUAGE=language, follow=True)


def stored_iban(claim):
    return Claim.objects.values_list("payout_iban", flat=True).get(pk=claim.pk)


def test_a_valid_iban_is_kept_and_shown_masked(claim):
    # A real browser's post: the page's form carries the CSRF token.
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(claim.pilgrim)
    page = browser.get(page_url(claim), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert FORM in page and "csrfmiddlewaretoken" in page
    assert browser.post(page_url(claim) + "payout-account/", {"iban": IBAN}).status_code == 403

    token = browser.cookies["csrftoken"].value
    answer = browser.post(page_url(claim) + "payout-account/",
                          {"iban": "sa03 8000 0000 6080 1016 7519", "csrfmiddlewaretoken": token},
                          HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert answer.redirect_chain == [(page_url(claim), 302)]
    assert stored_iban(claim) == IBAN
    shown = answer.content.decode()
    assert "SA••••7519" in shown and IBAN not in shown


@pytest.mark.parametrize(("iban", "code"), [
    ("SA0380000000608010167518", "invalid_checksum"),  # one digit mistyped
    ("GB82WEST12345698765432", "not_saudi"),
])
def test_a_bad_iban_shows_the_translated_error_and_stores_nothing(client, claim, iban, code):
    answer = give(client, claim, iban, language="ar")

    assert answer.status_code == 200 and answer.redirect_chain == []
    with translation.override("ar"):
        message = str(MESSAGES[code])
    assert message != MESSAGES[code]._args[0]  # really translated
    assert html.escape(message) in answer.content.decode()
    assert stored_iban(claim) == ""


def test_another_pilgrims_claim_is_not_found(client, claim):
    client.force_login(PilgrimFactory())

    answer = client.post(page_url(claim) + "payout-account/", {"iban": IBAN})

    assert answer.status_code == 404
    assert stored_iban(claim) == ""


def test_the_form_is_gone_once_the_payout_is_queued_and_back_if_it_failed(client, claim):
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee")
    client.force_login(claim.pilgrim)
    assert FORM not in client.get(page_url(claim)).content.decode()
    # Posted anyway (an old page): refused with the service's reason, nothing stored.
    answer = give(client, claim, IBAN).content.decode()
    with translation.override("en"):
        refusal = str(CompensationError("payout_account_closed").message)
    assert html.escape(refusal) in answer
    assert stored_iban(claim) == ""

    Payout.objects.filter(pk=claim.pk).update(status=Payout.Status.FAILED)

    assert FORM in client.get(page_url(claim)).content.decode()
