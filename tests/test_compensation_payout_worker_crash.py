"""A worker killed while the gateway is taking a compensation payout pays the pilgrim once:
the payout's lease runs out, it is queued again marked "outcome unknown", and the next
worker looks the key up before sending anything. The gateway here does not deduplicate by
key (--no-dedup): the control run, with the look-up off, shows the second payout."""

import datetime
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from compensation import services
from compensation.models import Payout
from compensation.payouts import payouts_look_up_pending, payouts_redispatch_due
from ledger.reconciliation import Difference, reconcile
from packages.outbox import sending_lease
from tests.factories.complaints import NOW, approved_claim, care_agent, paid_contract_for
from tests.factories.refund_payments import gateway_records
from tests.waiting import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def payout_status(payout_id):
    return Payout.objects.values_list("status", flat=True).get(pk=payout_id)


def crash_while_the_gateway_takes_the_payout(start_payment_gateway_process,
                                            start_celery_worker, settings, *, lookup):
    """A 50.00 SAR claim paid from the guarantee, sent by a worker killed after the gateway
    took the payout and before the answer came; then another worker and the beat's sweep."""
    # No webhook: the settlement is learnt by looking up, as after a lost webhook.
    gateway = start_payment_gateway_process(settle_after=0.2, no_dedup=True)
    settings.PAYMENT_GATEWAY_TIMEOUT = 2.0
    settings.REFUND_SENDING_LEASE_MARGIN_SECONDS = 0.5
    first_worker = start_celery_worker()
    claim = approved_claim(item="arafat_lunch", contract=paid_contract_for())

    gateway.hold_next()
    services.claim_pay(claim=claim, acting_user=care_agent(), paid_from="guarantee",
                       now=NOW + datetime.timedelta(days=1))
    wait_until(lambda: len(gateway.operations("payout")) == 1, what="the gateway took it")
    assert payout_status(claim.pk) == Payout.Status.SENDING
    first_worker.kill()
    gateway.release()

    time.sleep(sending_lease().total_seconds())
    start_celery_worker(PAYMENT_GATEWAY_LOOKUP=lookup)
    assert payouts_redispatch_due() == 0  # nothing queued: the expired lease went back
    payout = Payout.objects.get(pk=claim.pk)
    assert payout.outcome_unknown and payout.attempts == 1
    return gateway, payout


def test_a_worker_killed_mid_send_pays_the_compensation_exactly_once(
        start_payment_gateway_process, start_celery_worker, settings):
    gateway, payout = crash_while_the_gateway_takes_the_payout(
        start_payment_gateway_process, start_celery_worker, settings, lookup=True)

    wait_until(lambda: payout_status(payout.pk) == Payout.Status.SETTLED,
               what="the payout settled from the look-up")
    [taken] = gateway.operations("payout")
    assert (taken["key"], Decimal(taken["amount"])) == (payout.idempotency_key,
                                                        Decimal("50.00"))
    payout.refresh_from_db()
    assert payout.attempts == 2 and not payout.outcome_unknown
    assert reconcile(gateway_records(charges=gateway.charges(),
                                     payouts=gateway.operations("payout"))) == []


def test_control_without_the_look_up_the_same_crash_pays_twice(
        start_payment_gateway_process, start_celery_worker, settings, capsys):
    gateway, payout = crash_while_the_gateway_takes_the_payout(
        start_payment_gateway_process, start_celery_worker, settings, lookup=False)

    wait_until(lambda: len(gateway.operations("payout")) == 2,
               what="the second worker sending the payout again")
    taken = gateway.operations("payout")
    assert [(op["key"], op["amount"]) for op in taken] == [
        (payout.idempotency_key, "50.00")] * 2
    wait_until(lambda: payout_status(payout.pk) == Payout.Status.PENDING, what="pending")
    # The beat's look-up of payouts pending too long, an hour later.
    payouts_look_up_pending(now=timezone.now() + timedelta(hours=1))
    assert payout_status(payout.pk) == Payout.Status.SETTLED
    differences = reconcile(gateway_records(charges=gateway.charges(), payouts=taken))
    assert differences == [Difference(key=payout.idempotency_key, currency="SAR",
                                      ledger=Decimal("-50.00"), gateway=Decimal("-100.00"))]
    with capsys.disabled():
        print(f"\ncontrol (look-up off): the gateway took {len(taken)} payouts with key "
              f"{payout.idempotency_key}: {[op['amount'] for op in taken]} SAR "
              f"({[op['id'] for op in taken]}); reconciliation: {differences}")
