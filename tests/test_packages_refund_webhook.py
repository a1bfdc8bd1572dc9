"""The payment gateway's webhook: signed or refused (401, nothing changes), each event_id
applied once (a repeat answers 200 and changes nothing), a settled refund part recorded in
the ledger with its key and, with its last part, the refund paid and the pilgrim told."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.conf import settings

from accounts import roles
from ledger.models import Transfer
from notifications.models import SmsMessage
from packages.models import GatewayEvent, PaymentAttempt, RefundPart
from packages.services import contract_cancel
from portal.signing import sign
from refunds.models import Refund
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.refund_payments import TEN_PERCENT_WINDOW, paid_contract, record_captures

pytestmark = pytest.mark.django_db

URL = "/api/v1/payments/gateway/events/"


@pytest.fixture
def part(payment_gateway):
    """One approved refund of 1,000 SAR in one part, accepted by the gateway (pending)."""
    contract = paid_contract(payments=1)
    record_captures(contract)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    part = RefundPart.objects.get(refund=refund)
    RefundPart.objects.filter(pk=part.pk).update(status=RefundPart.Status.PENDING,
                                                 gateway_reference="re_1")
    return part


def event(part, *, event_id="evt_1", type="refund.settled", amount=None, reason=""):
    return {"event_id": event_id, "type": type, "id": "re_1", "key": part.idempotency_key,
            "amount": str(amount or part.amount), "currency": "SAR",
            "occurred_at": "2027-03-23T10:00:00Z", "reason": reason}


def post(client, payload, secret=None):
    body = json.dumps(payload).encode()
    headers = sign(body, secret or settings.PAYMENT_GATEWAY_WEBHOOK_SECRETS[0],
                   datetime.now(UTC))
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def state(part):
    refund = Refund.objects.get(pk=part.refund_id)
    return (RefundPart.objects.get(pk=part.pk).status, refund.status,
            Transfer.objects.filter(kind="refund_paid").count(),
            GatewayEvent.objects.count(), SmsMessage.objects.count())


def test_a_settled_event_settles_the_part_posts_the_ledger_and_pays_the_refund(client, part):
    sms_before = SmsMessage.objects.count()
    response = post(client, event(part))
    assert response.status_code == 200
    assert response.json() == {"event_id": "evt_1", "applied": True}
    part.refresh_from_db()
    assert part.status == RefundPart.Status.SETTLED
    transfer = Transfer.objects.get(key=part.idempotency_key)
    assert (transfer.kind, transfer.source, transfer.source_id) == (
        "refund_paid", "packages.refundpart", str(part.pk))
    assert Refund.objects.get(pk=part.refund_id).status == Refund.Status.PAID
    assert SmsMessage.objects.count() == sms_before + 1  # "the refund has been paid"


def test_a_bad_signature_is_refused_401_and_changes_nothing(client, part):
    before = state(part)
    response = post(client, event(part), secret="not-our-secret")
    assert (response.status_code, response.json()["code"]) == (401, "bad_signature")
    body = json.dumps(event(part)).encode()
    tampered = body.replace(b'"refund.settled"', b'"refund.failed"')
    response = client.post(URL, data=tampered, content_type="application/json",
                           headers=sign(body, settings.PAYMENT_GATEWAY_WEBHOOK_SECRETS[0],
                                        datetime.now(UTC)))
    assert response.status_code == 401
    assert state(part) == before


def test_a_repeated_event_answers_200_and_changes_nothing(client, part):
    assert post(client, event(part)).json()["applied"] is True
    after_first = state(part)
    # The same event again (the gateway did not see our answer), and once more as "failed".
    response = post(client, event(part))
    assert (response.status_code, response.json()) == (200, {"event_id": "evt_1",
                                                             "applied": False})
    assert post(client, event(part, type="refund.failed")).json()["applied"] is False
    assert state(part) == after_first


def test_a_failed_event_flags_the_part_for_staff_and_keeps_the_refund_approved(client, part):
    response = post(client, event(part, type="refund.failed",
                                  reason="Declined by the card issuer."))
    assert response.status_code == 200
    part.refresh_from_db()
    assert (part.status, part.last_error) == (
        RefundPart.Status.FAILED, "failed at the gateway: Declined by the card issuer.")
    assert Refund.objects.get(pk=part.refund_id).status == Refund.Status.APPROVED
    assert not Transfer.objects.filter(key=part.idempotency_key).exists()
    # What the payment gave stays reserved for the resend staff will order.
    assert PaymentAttempt.objects.get(pk=part.payment_id).refunded_amount == part.amount


def test_an_event_for_another_amount_is_refused_409_and_changes_nothing(client, part):
    before = state(part)
    response = post(client, event(part, amount=Decimal("999.00")))
    assert (response.status_code, response.json()["code"]) == (409, "gateway_amount_mismatch")
    assert state(part) == before
