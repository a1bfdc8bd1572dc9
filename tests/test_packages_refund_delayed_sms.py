"""A refund part that fails (refused by the gateway, settled failed, out of attempts) tells
the pilgrim once, in their language, that the money back is delayed and staff are handling
it; the same failure seen again sends nothing more."""

import pytest
from django.utils import translation

from accounts import roles
from notifications.models import SmsMessage
from packages.models import RefundPart
from packages.payments import OperationStatus
from packages.refunding import refund_part_send, refund_part_settle
from packages.services import SMS, contract_cancel
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.notifications import shown
from tests.factories.refund_payments import TEN_PERCENT_WINDOW, paid_contract

pytestmark = pytest.mark.django_db


@pytest.fixture
def part(payment_gateway):
    """One approved refund of 1,000 SAR in one part, queued for the gateway."""
    contract = paid_contract(payments=1)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return RefundPart.objects.get(refund=refund)


def delayed_texts():
    return [shown(text) for text in SmsMessage.objects.filter(
        idempotency_key__contains="refund-delayed").order_by("pk").values_list("text", flat=True)]


def expected_text(part):
    contract = part.refund.contract
    with translation.override(contract.pilgrim.profile.preferred_language or "ar"):
        return str(SMS["refund_delayed"]) % {"amount": part.amount,
                                             "reference": contract.reference}


def test_a_part_the_gateway_refuses_tells_the_pilgrim_once_in_their_language(
        payment_gateway, part):
    payment_gateway.state.fail_next(1, 422)

    refund_part_send(part.pk)

    part.refresh_from_db()
    assert part.status == RefundPart.Status.FAILED
    assert delayed_texts() == [expected_text(part)]
    # The gateway reports the same failure again: the pilgrim heard of it already.
    refund_part_settle(key=part.idempotency_key, status=OperationStatus.FAILED,
                       now=TEN_PERCENT_WINDOW, reason="Declined by the card issuer.")
    assert refund_part_send(part.pk) is None
    assert len(delayed_texts()) == 1


def test_a_part_settled_failed_by_the_gateway_tells_the_pilgrim_once(payment_gateway, part):
    RefundPart.objects.filter(pk=part.pk).update(status=RefundPart.Status.PENDING)

    for _repeat in range(2):
        refund_part_settle(key=part.idempotency_key, status=OperationStatus.FAILED,
                           now=TEN_PERCENT_WINDOW, reason="Declined by the card issuer.")

    assert delayed_texts() == [expected_text(part)]


def test_a_part_out_of_attempts_tells_the_pilgrim(payment_gateway, part, settings):
    settings.REFUND_MAX_ATTEMPTS = 1
    payment_gateway.state.fail_next(1, 503)

    refund_part_send(part.pk)

    assert RefundPart.objects.get(pk=part.pk).status == RefundPart.Status.FAILED
    assert delayed_texts() == [expected_text(part)]


def test_a_part_that_succeeds_sends_no_delay_message(payment_gateway, part):
    refund_part_send(part.pk)

    assert RefundPart.objects.get(pk=part.pk).status != RefundPart.Status.FAILED
    assert delayed_texts() == []
