"""The contract page tells the pilgrim where the refund's money is: awaiting staff's
approval, approved and queued, on its way (a part sent to the gateway or settling),
delayed (a part failed: staff send it again), paid back, always with the refund's amount."""

from decimal import Decimal

import pytest
from django.utils import translation

from accounts import roles
from packages.models import RefundPart
from packages.selectors import contract_refund_progress
from packages.services import contract_cancel
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.refund_payments import TEN_PERCENT_WINDOW, paid_contract, record_captures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("payment_gateway")]


@pytest.fixture
def approved():
    """Cancelled in the 10% window with 6,000 SAR paid (5,000 back), approved; nothing sent yet (the
    parts go to the gateway once the approval commits, which a test's transaction never
    does)."""
    contract = paid_contract(payments=2)
    record_captures(contract)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    assert contract_refund_progress(contract=contract)["state"] == "awaiting_approval"
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    return contract


def state(contract):
    return contract_refund_progress(contract=contract)["state"]


def test_a_live_contract_has_no_refund_to_show():
    assert contract_refund_progress(contract=paid_contract(payments=1)) is None


def test_approved_and_not_sent_is_queued_with_the_amount(approved):
    progress = contract_refund_progress(contract=approved)
    assert (progress["state"], progress["amount"]) == ("queued", Decimal("5000.00"))
    with translation.override("en"):
        assert str(progress["label"]) == "Approved, queued for payment"


def test_a_part_at_the_gateway_is_on_its_way(approved):
    part = RefundPart.objects.filter(refund__contract=approved).first()
    part.status = RefundPart.Status.PENDING
    part.save(update_fields=["status"])
    assert state(approved) == "on_its_way"


def test_a_failed_part_is_delayed_until_staff_send_it_again(approved):
    parts = RefundPart.objects.filter(refund__contract=approved)
    parts.filter(pk=parts.first().pk).update(status=RefundPart.Status.SETTLED)
    parts.filter(pk=parts.last().pk).update(status=RefundPart.Status.FAILED)
    assert state(approved) == "delayed"
