"""A worker killed while the gateway is taking its refund pays the pilgrim once: the part's
lease runs out, it is queued again marked "outcome unknown", and the next worker asks the
gateway for the key before sending anything. The gateway here does not deduplicate by key
(--no-dedup), so only the look-up stands between the crash and a second refund: the control
run, with the look-up off, shows that second refund at the gateway."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts import roles
from ledger.reconciliation import Difference, reconcile
from packages.models import RefundPart
from packages.refunding import (
    refund_parts_look_up_pending,
    refund_parts_redispatch_due,
    refund_sending_lease,
)
from packages.services import contract_cancel
from refunds.models import Refund
from refunds.services import refund_approve
from tests.factories.accounts import StaffUserFactory
from tests.factories.refund_payments import (
    TEN_PERCENT_WINDOW,
    gateway_records,
    paid_contract,
    record_captures,
)
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def part_status(part_id):
    return RefundPart.objects.values_list("status", flat=True).get(pk=part_id)


def crash_while_the_gateway_takes_the_refund(start_payment_gateway_process,
                                             start_celery_worker, settings, *, lookup):
    """A refund of 1,000 SAR (2,000 paid, 10% of 10,000 deducted) sent by a worker that is
    killed after the gateway took it and before the answer came; then another worker, and
    the beat's sweep. Returns (gateway, part, refund)."""
    # No webhook: the settlement is learnt by looking up, as after a lost webhook.
    gateway = start_payment_gateway_process(settle_after=0.2, no_dedup=True)
    settings.PAYMENT_GATEWAY_TIMEOUT = 2.0
    settings.REFUND_SENDING_LEASE_MARGIN_SECONDS = 0.5
    first_worker = start_celery_worker()
    contract = paid_contract(payments=1)
    record_captures(contract)
    refund = contract_cancel(contract=contract, reason="pilgrim", now=TEN_PERCENT_WINDOW)
    assert refund.amount == Decimal("1000.00")

    gateway.hold_next()
    refund_approve(refund=refund, acting_user=StaffUserFactory(role=roles.MINISTRY_ADMIN))
    wait_until(lambda: len(gateway.operations("refund")) == 1, what="the gateway took it")
    part = RefundPart.objects.get(refund=refund)
    assert part_status(part.pk) == RefundPart.Status.SENDING
    first_worker.kill()
    gateway.release()

    time.sleep(refund_sending_lease().total_seconds())
    start_celery_worker(PAYMENT_GATEWAY_LOOKUP=lookup)
    assert refund_parts_redispatch_due() == 0  # nothing queued: the expired lease went back
    part.refresh_from_db()
    assert part.outcome_unknown and part.attempts == 1
    return gateway, part, refund


def test_a_worker_killed_mid_send_refunds_exactly_once(start_payment_gateway_process,
                                                       start_celery_worker, settings):
    gateway, part, refund = crash_while_the_gateway_takes_the_refund(
        start_payment_gateway_process, start_celery_worker, settings, lookup=True)

    wait_until(lambda: part_status(part.pk) == RefundPart.Status.SETTLED,
               what="the part settled from the look-up")
    [taken] = gateway.operations("refund")
    assert (taken["key"], Decimal(taken["amount"])) == (part.idempotency_key,
                                                        Decimal("1000.00"))
    assert Refund.objects.get(pk=refund.pk).status == Refund.Status.PAID
    part.refresh_from_db()
    assert part.attempts == 2 and not part.outcome_unknown
    assert reconcile(gateway_records(charges=gateway.charges(),
                                     refunds=gateway.operations("refund"))) == []


def test_control_without_the_look_up_the_same_crash_refunds_twice(
        start_payment_gateway_process, start_celery_worker, settings, capsys):
    gateway, part, refund = crash_while_the_gateway_takes_the_refund(
        start_payment_gateway_process, start_celery_worker, settings, lookup=False)

    wait_until(lambda: len(gateway.operations("refund")) == 2,
               what="the second worker sending the refund again")
    taken = gateway.operations("refund")
    assert [(op["key"], op["charge"], op["amount"]) for op in taken] == [
        (part.idempotency_key, part.payment.gateway_reference, "1000.00")] * 2
    # The portal records the refund once; the gateway paid it twice.
    wait_until(lambda: part_status(part.pk) == RefundPart.Status.PENDING, what="pending")
    # The beat's look-up of parts pending too long, an hour later.
    refund_parts_look_up_pending(now=timezone.now() + timedelta(hours=1))
    assert part_status(part.pk) == RefundPart.Status.SETTLED
    differences = reconcile(gateway_records(charges=gateway.charges(), refunds=taken))
    assert differences == [Difference(key=part.idempotency_key, currency="SAR",
                                      ledger=Decimal("-1000.00"), gateway=Decimal("-2000.00"))]
    with capsys.disabled():
        print(f"\ncontrol (look-up off): the gateway took {len(taken)} refunds with key "
              f"{part.idempotency_key}: {[op['amount'] for op in taken]} SAR "
              f"({[op['id'] for op in taken]}); reconciliation: {differences}")
