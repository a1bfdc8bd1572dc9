"""The pilgrim gives the IBAN their compensation is paid to, on the API: a Saudi IBAN with
right check digits is kept (shown masked), anything else is refused with a translated
message and nothing is stored; once the payout is on its way the account is closed."""

import pytest
from django.urls import reverse
from django.utils import translation

from compensation import services
from compensation.models import Claim, Payout
from portal.iban import MESSAGES
from tests.factories.complaints import approved_claim, care_agent, paid_contract_for

pytestmark = pytest.mark.django_db

IBAN = "SA0380000000608010167519"


def give(client, claim, iban, language="en"):
    client.force_login(claim.pilgrim)
    return client.post(reverse("compensation_api:claim-payout-account",
                               args=[claim.complaint.number]),
                       {"iban": iban}, content_type="application/json",
                       headers={"accept-language": language})


def stored_iban(claim):
    return Claim.objects.values_list("payout_iban", flat=True).get(pk=claim.pk)


def test_a_valid_saudi_iban_is_kept_and_shown_masked(client, payment_gateway):
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())

    answer = give(client, claim, "sa03 8000 0000 6080 1016 7519")

    assert answer.status_code == 200
    assert answer.json()["payout_account"] == "SA••••7519"
    assert stored_iban(claim) == IBAN


@pytest.mark.parametrize(("iban", "code"), [
    ("SA0380000000608010167518", "invalid_checksum"),  # one digit mistyped
    ("GB82WEST12345698765432", "not_saudi"),
    ("SA03800000006080101675", "invalid_format"),
])
def test_a_bad_iban_is_refused_in_the_pilgrims_language_and_nothing_stored(
        client, payment_gateway, iban, code):
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())

    answer = give(client, claim, iban, language="ar")

    assert answer.status_code == 400
    with translation.override("ar"):
        assert answer.json()["errors"]["iban"] == [str(MESSAGES[code])]
        assert str(MESSAGES[code]) != MESSAGES[code]._args[0]  # really translated
    assert stored_iban(claim) == ""


def test_once_the_payout_is_on_its_way_the_account_can_no_longer_change(
        client, payment_gateway):
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee")
    assert Payout.objects.get(pk=claim.pk).status == Payout.Status.QUEUED

    answer = give(client, claim, IBAN)

    assert answer.status_code == 409
    assert stored_iban(claim) == ""
