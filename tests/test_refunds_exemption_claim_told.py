"""An exemption claim is acknowledged by SMS with its reference when filed, and its decision
is told, in the pilgrim's language, once each."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import SmsMessage
from packages.services import contract_pay
from portal.calendars import RIYADH
from refunds.models import ExemptionClaim
from refunds.services import exemption_claim_submit, exemption_decide
from tests.factories.accounts import PilgrimFactory, StaffUserFactory
from tests.factories.notifications import shown
from tests.factories.packages import PackageFactory, ordered_contract

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 21, 12, 0, tzinfo=RIYADH)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def paid(language, payment_gateway):
    contract = ordered_contract(pilgrim=PilgrimFactory(profile__preferred_language=language),
                                now=NOW, package=PackageFactory(price=Decimal("10000.00")))
    return contract_pay(contract=contract, card_token="tok_ok", now=NOW)


def file_claim(contract):
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4 hospital report",
                                content_type="application/pdf")
    return exemption_claim_submit(contract=contract, acting_user=contract.pilgrim,
                                  kind="hospitalisation", statement="", documents=[report],
                                  now=NOW)


def told(claim, event):
    return SmsMessage.objects.filter(idempotency_key=f"refunds:exemption:{claim.pk}:{event}")


def test_a_filed_claim_is_acknowledged_with_its_reference(payment_gateway):
    contract = paid("en", payment_gateway)

    claim = file_claim(contract)

    sms = told(claim, "exemption_submitted").get()
    assert sms.text == (f"Your exemption claim {claim.reference} for booking "
                        f"{contract.reference} is received. Staff will review your documents "
                        "and tell you their decision.")
    assert sms.recipient == contract.contact_mobile


def test_the_acknowledgement_reads_in_arabic_for_an_arabic_reader(payment_gateway):
    claim = file_claim(paid("ar", payment_gateway))

    sms = told(claim, "exemption_submitted").get()
    assert sms.language == "ar"
    assert shown(sms.text).startswith(f"استلمنا طلب الإعفاء {claim.reference}")


def test_an_approval_is_told_once(payment_gateway):
    claim = file_claim(paid("en", payment_gateway))

    exemption_decide(claim=claim, approve=True, acting_user=StaffUserFactory(), now=NOW)

    assert "is approved: everything you paid will be refunded." in \
        told(claim, "exemption_approved").get().text
    assert ExemptionClaim.objects.get(pk=claim.pk).status == ExemptionClaim.Status.APPROVED


def test_a_rejection_gives_the_staff_reason(payment_gateway):
    claim = file_claim(paid("en", payment_gateway))

    exemption_decide(claim=claim, approve=False, acting_user=StaffUserFactory(),
                     note="The report does not name the applicant.", now=NOW)

    assert told(claim, "exemption_rejected").get().text.endswith(
        "is rejected: The report does not name the applicant.")


def test_a_rejection_without_a_note_reads_whole(payment_gateway):
    claim = file_claim(paid("en", payment_gateway))

    exemption_decide(claim=claim, approve=False, acting_user=StaffUserFactory(), now=NOW)

    assert told(claim, "exemption_rejected_plain").get().text.endswith(" is rejected.")


def test_the_page_gives_the_same_reference_as_the_sms(client, payment_gateway):
    contract = paid("en", payment_gateway)
    client.force_login(contract.pilgrim)
    report = SimpleUploadedFile("report.pdf", b"%PDF-1.4 hospital report",
                                content_type="application/pdf")

    page = client.post(reverse("packages:contract_exemption", args=[contract.pk]),
                       {"kind": "hospitalisation", "statement": "", "document": report},
                       HTTP_ACCEPT_LANGUAGE="en", follow=True)

    claim = ExemptionClaim.objects.get(contract=contract)
    assert f"Your claim {claim.reference} was sent" in page.content.decode()
    assert told(claim, "exemption_submitted").exists()
