"""A claim paid from the guarantee pays the pilgrim through the gateway: a real worker sends
the claim's amount to the card of the contract's last captured payment, or to the IBAN the
pilgrim gave; the gateway settles and says so by its signed webhook; the pilgrim is told in
their language when it is sent and when it arrives; the ledger and the gateway reconcile."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation

from compensation import services
from compensation.models import Payout
from compensation.payouts import SMS, claim_payout_account_set
from ledger.reconciliation import reconcile
from notifications.models import SmsMessage
from packages.models import PaymentAttempt
from tests.factories.complaints import NOW, approved_claim, care_agent, paid_contract_for
from tests.factories.notifications import shown
from tests.factories.refund_payments import gateway_records
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WEBHOOK_PATH = "/api/v1/payments/gateway/events/"
PAID_AT = NOW + datetime.timedelta(days=1)
IBAN = "SA0380000000608010167519"


@pytest.fixture
def gateway(live_server, start_payment_gateway_process):
    return start_payment_gateway_process(
        # Settling after the worker records the gateway's acceptance (and its SMS).
        settle_after=1.0, webhook_url=live_server.url + WEBHOOK_PATH,
        webhook_secret=settings.PAYMENT_GATEWAY_WEBHOOK_SECRETS[0], webhook_retry_after=0.3)


def payout_status(claim):
    return Payout.objects.values_list("status", flat=True).filter(pk=claim.pk).first()


def arafat_lunch_claim():
    # 1% of the 8,092.55 SAR contract, at most 50: 50.00 SAR, from a 404.63 SAR guarantee.
    return approved_claim(item="arafat_lunch", contract=paid_contract_for())


def pay_from_guarantee(claim):
    return services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee",
                              now=PAID_AT)


def test_a_claim_paid_from_the_guarantee_reaches_the_card_paid_with(
        gateway, start_celery_worker):
    start_celery_worker()
    claim = arafat_lunch_claim()
    card = PaymentAttempt.objects.get(instalment__contract=claim.contract,
                                      status=PaymentAttempt.Status.SUCCEEDED)

    pay_from_guarantee(claim)
    wait_until(lambda: payout_status(claim) == Payout.Status.SETTLED, what="payout settled")

    [taken] = gateway.operations("payout")
    assert (taken["key"], taken["amount"], taken["destination"]) == (
        claim.payout_key, "50.00", {"type": "card", "charge": card.gateway_reference})
    assert reconcile(gateway_records(charges=gateway.charges(),
                                     payouts=gateway.operations("payout"))) == []
    texts = [shown(text) for text in
             SmsMessage.objects.filter(idempotency_key__startswith="compensation:payout:")
             .order_by("pk").values_list("text", flat=True)]
    language = claim.pilgrim.profile.preferred_language or "ar"
    with translation.override(language):
        values = {"amount": "50.00", "number": claim.complaint.number}
        assert texts == [str(SMS["sent_card"]) % values, str(SMS["settled"]) % values]


def test_a_claim_paid_from_the_guarantee_reaches_the_iban_the_pilgrim_gave(
        gateway, start_celery_worker):
    start_celery_worker()
    claim = arafat_lunch_claim()
    claim_payout_account_set(claim=claim, acting_user=claim.pilgrim,
                             iban="sa03 8000 0000 6080 1016 7519")

    pay_from_guarantee(claim)
    wait_until(lambda: payout_status(claim) == Payout.Status.SETTLED, what="payout settled")

    [taken] = gateway.operations("payout")
    assert (taken["key"], taken["amount"], taken["destination"]) == (
        claim.payout_key, "50.00", {"type": "iban", "iban": IBAN})
    assert reconcile(gateway_records(charges=gateway.charges(),
                                     payouts=gateway.operations("payout"))) == []
    sent = SmsMessage.objects.get(idempotency_key__endswith=":sent_iban")
    assert "SA••••7519" in sent.text and IBAN not in sent.text
