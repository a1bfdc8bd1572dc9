"""A compensation payout that fails tells the pilgrim once, in their language, that the
payment is delayed and staff are handling it, and that they may give a bank account (another
one when it was an IBAN that failed); the same failure seen again sends nothing more."""

import pytest
from django.utils import translation

from compensation import services
from compensation.models import Payout
from compensation.payouts import SMS, claim_payout_account_set, payout_send, payout_settle
from notifications.models import SmsMessage
from packages.payments import OperationStatus
from tests.factories.complaints import NOW, approved_claim, care_agent, paid_contract_for
from tests.factories.notifications import shown

pytestmark = pytest.mark.django_db

IBAN = "SA0380000000608010167519"


def paid_claim(*, iban=""):
    # 50.00 SAR (the Arafat lunch's 1%, at most 50) paid from the guarantee.
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())
    if iban:
        claim_payout_account_set(claim=claim, acting_user=claim.pilgrim, iban=iban)
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee")
    return claim


def failed_texts():
    texts = (SmsMessage.objects.filter(idempotency_key__startswith="compensation:payout:",
                                       idempotency_key__contains=":failed")
             .order_by("pk").values_list("text", flat=True))
    return [shown(text) for text in texts]


def expected_text(claim, event, account=""):
    with translation.override(claim.pilgrim.profile.preferred_language or "ar"):
        return str(SMS[event]) % {"amount": "50.00", "number": claim.complaint.number,
                                  "account": account}


def test_a_payout_to_an_iban_the_gateway_refuses_tells_the_pilgrim_once(payment_gateway):
    claim = paid_claim(iban=IBAN)
    payment_gateway.state.fail_next(1, 422)

    payout_send(claim.pk)

    payout = Payout.objects.get(pk=claim.pk)
    assert payout.status == Payout.Status.FAILED
    assert failed_texts() == [expected_text(claim, "failed_iban", "SA••••7519")]
    # The gateway reports the same failure again, and the send task runs again: nothing more.
    payout_settle(key=payout.idempotency_key, status=OperationStatus.FAILED, now=NOW,
                  reason="The account is closed.")
    assert payout_send(claim.pk) is None
    assert len(failed_texts()) == 1


def test_a_payout_to_the_card_settled_failed_tells_the_pilgrim_once(payment_gateway):
    claim = paid_claim()
    payout = Payout.objects.get(pk=claim.pk)
    Payout.objects.filter(pk=payout.pk).update(status=Payout.Status.PENDING)

    for _repeat in range(2):
        payout_settle(key=payout.idempotency_key, status=OperationStatus.FAILED, now=NOW,
                      reason="Declined by the card issuer.")

    assert Payout.objects.get(pk=claim.pk).status == Payout.Status.FAILED
    assert failed_texts() == [expected_text(claim, "failed")]


def test_a_payout_sent_again_after_a_new_account_that_fails_again_tells_again(
        payment_gateway):
    claim = paid_claim(iban=IBAN)
    payment_gateway.state.fail_next(1, 422)
    payout_send(claim.pk)

    # A new account: the payout goes again with a new key, and that is a new failure.
    claim_payout_account_set(claim=claim, acting_user=claim.pilgrim,
                             iban="SA4420000001234567891234")
    payment_gateway.state.fail_next(1, 422)
    payout_send(claim.pk)

    assert Payout.objects.get(pk=claim.pk).status == Payout.Status.FAILED
    assert failed_texts() == [expected_text(claim, "failed_iban", "SA••••7519"),
                              expected_text(claim, "failed_iban", "SA••••1234")]
