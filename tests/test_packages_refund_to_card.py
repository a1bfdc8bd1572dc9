"""A refund goes back to the cards it came from: ordered, paid in instalments, cancelled in
the 10% window, approved by staff; a real worker sends it to the fake gateway (a process of
its own) in parts, newest payment first; the gateway settles and says so by its signed
webhook to the running portal; the ledger, the payments and the gateway then agree to the
halala, and the pilgrim was told twice, in Arabic."""

from decimal import Decimal

import pytest
from django.utils import translation

from accounts import roles
from ledger.reconciliation import reconcile
from ledger.selectors import balances
from notifications.models import SmsMessage
from packages.models import PaymentAttempt, RefundPart
from packages.services import SMS, contract_cancel
from refunds.models import Refund
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.notifications import shown
from tests.factories.refund_payments import (
    TEN_PERCENT_WINDOW,
    captured_payments,
    gateway_records,
    paid_contract,
    record_captures,
    refund_status,
)
from tests.fixtures.payment_gateway import webhook_flags
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gateway(live_server, start_payment_gateway_process):
    return start_payment_gateway_process(**webhook_flags(live_server.url))


def test_a_cancelled_contract_is_refunded_to_its_cards_newest_payment_first(
        gateway, start_celery_worker, sms_gateway):
    start_celery_worker()
    contract = paid_contract(payments=3)  # 2,000 then 4,000 then 4,000 SAR
    record_captures(contract)
    first, second, third = captured_payments(contract)

    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    assert refund.amount == Decimal("9000.00")  # 10,000 paid, 10% of the value deducted
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    wait_until(lambda: refund_status(refund) == Refund.Status.PAID, what="the refund paid")

    parts = list(RefundPart.objects.filter(refund=refund).order_by("pk"))
    assert [(part.payment_id, part.amount, part.status) for part in parts] == [
        (third.pk, Decimal("4000.00"), "settled"),
        (second.pk, Decimal("4000.00"), "settled"),
        (first.pk, Decimal("1000.00"), "settled")]
    # The gateway moved exactly the policy's amount, each part once, to the right charge.
    refunds = gateway.operations("refund")
    assert sorted((op["key"], op["charge"], Decimal(op["amount"]), op["status"])
                  for op in refunds) == sorted(
        (part.idempotency_key, part.payment.gateway_reference, part.amount, "settled")
        for part in parts)
    assert sum(Decimal(op["amount"]) for op in refunds) == refund.amount
    assert {event["event"]["key"] for event in gateway.webhooks()
            if event["status"] == 200} == {part.idempotency_key for part in parts}
    assert list(PaymentAttempt.objects.filter(pk__in=[first.pk, second.pk, third.pk])
                .order_by("pk").values_list("refunded_amount", flat=True)) == [
        Decimal("1000.00"), Decimal("4000.00"), Decimal("4000.00")]

    # The ledger: what stays is the 1,000 SAR deducted, 5% of it still guarantee.
    assert reconcile(gateway_records(charges=gateway.charges(), refunds=refunds)) == []
    assert balances(provider_id=contract.provider_id, season_id=contract.season_id,
                    currency="SAR") == {"gateway": Decimal("-1000.00"),
                                        "guarantee_withheld": Decimal("50.00"),
                                        "owed_to_provider": Decimal("950.00")}

    prefix = f"packages:contract:{contract.pk}:"
    wait_until(lambda: SmsMessage.objects.filter(
        idempotency_key__in=[f"{prefix}refund-approved-{refund.pk}", f"{prefix}refund_paid"],
        status=SmsMessage.Status.SENT).count() == 2, what="both SMS sent")
    with translation.override("ar"):
        approved = str(SMS["refund_approved"]) % {"amount": "9000.00",
                                                  "reference": contract.reference}
    assert approved.startswith("تمت الموافقة على استرداد 9000.00 ريال")  # the pilgrim's Arabic
    assert shown(SmsMessage.objects.get(
        idempotency_key=f"{prefix}refund-approved-{refund.pk}").text) == approved
    assert "9000.00" in SmsMessage.objects.get(idempotency_key=f"{prefix}refund_paid").text
