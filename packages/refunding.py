"""Refunds paid back through the payment gateway: split, sent once, settled, recorded.

An approved refund (refunds.services.refund_approve, whoever or whatever approves it) is
split, in the approval's transaction, over the captured payments it reverses, newest first:
one RefundPart per payment, each taking its amount from the payment's `refunded_amount`
under the payment's row lock (and a CHECK keeps it within the payment). If the payments
cannot take the whole refund back, the approval is refused.

Each part is a row of the gateway outbox (packages.outbox: claimed with a lease, sent
with its idempotency key, looked up before any resend when its last try may have arrived,
retried with backoff, swept by the beat), so a refund is never paid twice, even through a
gateway that does not deduplicate by key.

Settlement comes by the gateway's signed webhook (packages.api.GatewayEventView), or, when a
webhook is lost, by the sweep that looks up parts pending too long. Either way
`refund_part_settle` records it once: the part settled, the ledger's refund_paid for the
part's amount with the part's key, and when every part is settled the refund is paid
(refunds.services.refund_mark_paid: its signal tells the pilgrim). A part the gateway
settled as failed, refused, or out of attempts is failed: staff see it in the admin and send
it again (a new key unless its outcome is unknown), and the pilgrim is told by SMS that the
money is delayed and staff are handling it.
"""

import logging
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from ledger import services as ledger
from refunds.errors import RefundError
from refunds.models import Refund
from refunds.services import refund_mark_paid

from . import signals
from .models import GatewayEvent, PaymentAttempt, RefundPart
from .outbox import Outbox, retry_delay, sending_lease
from .payments import OperationKind, OperationStatus
from .services import contract_notify

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")


# --- Queueing: the approval's transaction -------------------------------------------------


def contract_on_refund_approved(sender, *, refund, now, acting_user=None, **kwargs):
    """Receiver of refunds.signals.refund_approved."""
    refund_parts_queue(refund=refund, now=now)


@transaction.atomic
def refund_parts_queue(*, refund: Refund, now: datetime) -> list[RefundPart]:
    """Split what the refund still has to send over the contract's captured payments, newest
    first, and send the parts once the caller's transaction commits.

    Idempotent: only the part of the refund's amount not yet in a part is queued, so an
    approved refund raised later (an exemption) sends the difference. Raises RefundError
    "exceeds_paid" (the caller's approval rolls back) when the payments cannot take it.
    """
    refund = Refund.objects.select_for_update().select_related("contract").get(pk=refund.pk)
    queued = refund.parts.aggregate(total=Sum("amount"))["total"] or ZERO
    outstanding = refund.amount - queued
    if outstanding <= 0:
        if refund.amount == 0 and refund.status == Refund.Status.APPROVED:
            # Nothing was paid, so nothing goes back: the refund is done.
            refund_mark_paid(refund=refund, now=now)
        return []
    # Locked in id order (two refunders never deadlock), taken newest first.
    payments = list(PaymentAttempt.objects.select_for_update()
                    .filter(instalment__contract_id=refund.contract_id,
                            status=PaymentAttempt.Status.SUCCEEDED)
                    .order_by("pk"))
    refundable = sum((p.amount - p.refunded_amount for p in payments), ZERO)
    if outstanding > refundable:
        raise RefundError("exceeds_paid", amount=refund.amount, refundable=refundable + queued)
    parts = []
    for payment in sorted(payments, key=lambda p: (p.finished_at or p.created_at, p.pk),
                          reverse=True):
        take = min(payment.amount - payment.refunded_amount, outstanding)
        if take <= 0:
            continue
        PaymentAttempt.objects.filter(pk=payment.pk).update(
            refunded_amount=F("refunded_amount") + take)
        parts.append(RefundPart.objects.create(refund=refund, payment=payment, amount=take,
                                               next_attempt_at=now, created_at=now))
        outstanding -= take
        if outstanding == 0:
            break
    contract_notify(refund.contract, "refund_approved", now=now,
                    key=f"refund-approved-{refund.pk}", amount=refund.amount)
    for part in parts:
        REFUNDS.dispatch_on_commit(part.pk)
    return parts


def _send_task():
    from .tasks import send_refund_part  # the tasks import this module at their top

    return send_refund_part


def _request(part: RefundPart, gateway):
    return gateway.refund(charge_reference=part.payment.gateway_reference, amount=part.amount,
                          currency=part.currency, idempotency_key=part.idempotency_key)


def refund_part_send(part_id: int, *, now: datetime | None = None) -> RefundPart | None:
    """Claim the part, send it (after a look-up when its last try may have arrived), record
    what the gateway said (packages.outbox)."""
    return REFUNDS.send(part_id, now=now)


# The outbox's timings, under the names the refund tests and settings know.
refund_retry_delay = retry_delay
refund_sending_lease = sending_lease


# --- Settlement: the webhook, a send's answer, the look-up sweep ---------------------------


def part_for_key(key: str) -> RefundPart | None:
    """The part whose current idempotency key this is (None for a key not ours, or a spent
    key of a part that moved on to the next one)."""
    return REFUNDS.row_for_key(key)


@transaction.atomic
def refund_part_settle(*, key: str, status: str, now: datetime, reference: str = "",
                       reason: str = "", amount: Decimal | None = None,
                       currency: str = "") -> RefundPart | None:
    """Record what the gateway says became of the refund sent with `key`: settled (the
    ledger's refund_paid for the part, and the refund paid once every part is) or failed
    (flagged to staff). Repeats change nothing; None for a key that is not a current part's.

    Settlement is the gateway's word, so it applies whatever the part's state (a webhook can
    arrive while the worker that sent the request is still waiting for its answer).
    """
    part = REFUNDS.locked_for_key(key, amount=amount, currency=currency,
                                  select_related=("refund__contract__season",))
    if part is None:
        return None
    if part.status == RefundPart.Status.SETTLED:
        if status == OperationStatus.FAILED:
            logger.error("Refund part %s: settled, now reported failed by the gateway", part.pk)
        return part
    if status == OperationStatus.SETTLED:
        _settled(part, reference=reference, now=now)
    elif status == OperationStatus.FAILED:
        REFUNDS.mark_failed(part, reference=reference, reason=reason, now=now)
    return part


def _settled(part: RefundPart, *, reference: str, now: datetime) -> None:
    REFUNDS.mark_settled(part, reference=reference, now=now)
    contract = part.refund.contract
    ledger.refund_paid(
        provider_id=contract.provider_id, season_id=contract.season_id, amount=part.amount,
        currency=part.currency, guarantee_percent=contract.season.guarantee_percent,
        key=part.idempotency_key, source="packages.refundpart", source_id=part.pk,
        memo=f"refund {part.refund_id} of {contract.reference}")
    refund = Refund.objects.select_for_update().get(pk=part.refund_id)
    settled = refund.parts.filter(status=RefundPart.Status.SETTLED).aggregate(
        total=Sum("amount"))["total"] or ZERO
    if refund.status == Refund.Status.APPROVED and settled == refund.amount:
        refund_mark_paid(refund=refund, now=now)


def gateway_event_receive(*, event: dict, now: datetime | None = None) -> bool:
    """Apply one webhook event of the payment gateway (already verified and parsed: event_id,
    type, id, key, amount, currency, reason), once: False, and nothing changed, for an
    event_id received before. The event's row and its effect commit together, so an event
    whose effect failed is applied when the gateway sends it again."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                GatewayEvent.objects.create(
                    event_id=event["event_id"], type=event["type"], key=event.get("key", ""),
                    payload={name: str(value) for name, value in event.items()},
                    received_at=now)
        except IntegrityError:
            # Seen before (a concurrent delivery of it waited here for the first to commit).
            return False
        kind, _dot, outcome = event["type"].partition(".")
        if kind == OperationKind.REFUND:
            refund_part_settle(key=event.get("key", ""), status=outcome, now=now,
                               reference=event.get("id", ""), reason=event.get("reason", ""),
                               amount=event.get("amount"), currency=event.get("currency", ""))
        else:
            # Payouts belong to the apps that pay them (compensation, above packages).
            signals.gateway_payout_event.send(sender=GatewayEvent, event=event, now=now)
    return True


def _failed(part: RefundPart, now: datetime) -> None:
    """The outbox's `failed` hook: the pilgrim hears the money is delayed and staff are on
    it, once per failure (a part sent again with a new key that fails again is told again)."""
    contract_notify(part.refund.contract, "refund_delayed", now=now,
                    key=f"refund-delayed-{part.idempotency_key}", amount=part.amount)


# --- Recovery: the beat, and staff ----------------------------------------------------------


def refund_parts_release_expired_leases(*, now: datetime | None = None) -> int:
    return REFUNDS.release_expired_leases(now=now)


def refund_parts_redispatch_due(*, now: datetime | None = None) -> int:
    return REFUNDS.redispatch_due(now=now)


def refund_parts_look_up_pending(*, now: datetime | None = None) -> int:
    return REFUNDS.look_up_pending(now=now)


@transaction.atomic
def refund_part_retry(*, part: RefundPart, acting_user, now: datetime | None = None
                      ) -> RefundPart:
    """Staff send a failed part again (a new key unless its outcome is unknown)."""
    return REFUNDS.retry(row=part, now=now)


REFUNDS = Outbox(model=RefundPart, kind=OperationKind.REFUND, request=_request,
                 settle=refund_part_settle, task=_send_task, label="Refund part",
                 failed=_failed)
