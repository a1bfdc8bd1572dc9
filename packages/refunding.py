"""Refunds paid back through the payment gateway: split, sent once, settled, recorded.

An approved refund (refunds.services.refund_approve, whoever or whatever approves it) is
split, in the approval's transaction, over the captured payments it reverses, newest first:
one RefundPart per payment, each taking its amount from the payment's `refunded_amount`
under the payment's row lock (and a CHECK keeps it within the payment). If the payments
cannot take the whole refund back, the approval is refused.

Each part is an outbox row, sent as notifications' SMS are (notifications/services.py): a
task claims it (queued -> sending, one winner, a lease) and sends `gateway.refund` with the
part's idempotency key. The gateway accepts (pending) and settles later. The one window a
claim cannot close: the gateway took the request and the worker died, or its answer was lost
(GatewayOutcomeUnknown). Such a part is marked `outcome_unknown` (by the failed try, or by
the lease sweep) and its next try first looks the key up: known -> recorded as the gateway
has it; unknown -> sent; no answer -> nothing sent, asked again after the backoff. So a
refund is never paid twice, even through a gateway that does not deduplicate by key.

Settlement comes by the gateway's signed webhook (packages.api.GatewayEventView), or, when a
webhook is lost, by the sweep that looks up parts pending too long. Either way
`refund_part_settle` records it once: the part settled, the ledger's refund_paid for the
part's amount with the part's key, and when every part is settled the refund is paid
(refunds.services.refund_mark_paid: its signal tells the pilgrim). A part the gateway
settled as failed, refused, or out of attempts is failed: staff see it in the admin and send
it again (a new key unless its outcome is unknown).
"""

import logging
import re
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from hajjportal.publish import publish
from ledger import services as ledger
from refunds.errors import RefundError
from refunds.models import Refund
from refunds.services import refund_mark_paid

from . import signals
from .errors import PackageError
from .models import GatewayEvent, PaymentAttempt, RefundPart
from .payments import (
    GatewayOutcomeUnknown,
    GatewayRefused,
    GatewayUnavailable,
    OperationKind,
    OperationResult,
    OperationStatus,
    get_gateway,
)
from .services import contract_notify

logger = logging.getLogger(__name__)

ZERO = Decimal("0.00")
KEY = re.compile(r"^hajjportal-refund-(?P<pk>[0-9]{1,18})(?:-(?P<generation>[0-9]{1,5}))?$")
# A sweep never runs forever, even if parts keep falling due while it works.
MAX_BATCHES = 50


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
        transaction.on_commit(partial(_dispatch, part.pk))
    return parts


def _dispatch(part_id: int, *, countdown: float | None = None) -> None:
    """Publish the send task. Broker down: the part stays queued and the beat's
    redispatch_refund_parts publishes it."""
    from .tasks import send_refund_part  # the tasks import this module at their top

    publish(send_refund_part, part_id, countdown=countdown)


# --- Sending ------------------------------------------------------------------------------


def refund_part_send(part_id: int, *, now: datetime | None = None) -> RefundPart | None:
    """Claim the part, send it (after a look-up when its last try may have arrived), record
    what the gateway said. None when there was nothing to send (claimed elsewhere, done,
    not due)."""
    now = now or timezone.now()
    if not _claim(part_id, now=now):
        return None
    part = RefundPart.objects.select_related("payment").get(pk=part_id)
    gateway = get_gateway()
    if part.outcome_unknown and settings.PAYMENT_GATEWAY_LOOKUP:
        try:
            result = gateway.lookup(OperationKind.REFUND, part.idempotency_key)
        except GatewayUnavailable as exc:
            # The gateway cannot say whether it has the refund: send nothing, ask later.
            logger.warning("Refund part %s: status look-up failed: %s", part.pk, exc)
            return _record_retry(part, error=exc, unknown=True, now=now)
        if result.status != OperationStatus.UNKNOWN:
            return _record_result(part, result, now=now)
    try:
        result = gateway.refund(charge_reference=part.payment.gateway_reference,
                                amount=part.amount, currency=part.currency,
                                idempotency_key=part.idempotency_key)
    except GatewayRefused as exc:
        return _record_refused(part, error=exc, now=now)
    except GatewayOutcomeUnknown as exc:
        logger.warning("Refund part %s: outcome unknown: %s", part.pk, exc)
        return _record_retry(part, error=exc, unknown=True, now=now)
    except GatewayUnavailable as exc:
        return _record_retry(part, error=exc, unknown=False, now=now)
    return _record_result(part, result, now=now)


def _claim(part_id: int, *, now: datetime) -> bool:
    # Durable: the claim is committed (seen by every other worker) before anything is sent.
    with transaction.atomic(durable=True):
        claimed = RefundPart.objects.filter(
            pk=part_id, status=RefundPart.Status.QUEUED, next_attempt_at__lte=now,
        ).update(status=RefundPart.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def _finish(part: RefundPart, **changes) -> bool:
    """Record the try's outcome only while our claim holds (a lease sweep, or a settlement
    that arrived meanwhile, may have moved the part on)."""
    for name, value in changes.items():
        setattr(part, name, value)
    return RefundPart.objects.filter(
        pk=part.pk, status=RefundPart.Status.SENDING, claimed_at=part.claimed_at,
    ).update(**changes) == 1


def _record_result(part: RefundPart, result: OperationResult, *, now) -> RefundPart:
    if result.status == OperationStatus.PENDING:
        with transaction.atomic(durable=True):
            # Settlement normally comes by webhook; a look-up follows if it does not.
            _finish(part, status=RefundPart.Status.PENDING, gateway_reference=result.reference,
                    outcome_unknown=False, last_error="",
                    next_attempt_at=now + pending_look_up_after())
        return part
    return refund_part_settle(key=part.idempotency_key, status=result.status,
                              reference=result.reference, reason=result.reason,
                              amount=result.amount, now=now) or part


def _record_refused(part: RefundPart, *, error: GatewayRefused, now) -> RefundPart:
    logger.error("Refund part %s refused by the gateway: %s", part.pk, error)
    with transaction.atomic(durable=True):
        _finish(part, status=RefundPart.Status.FAILED, outcome_unknown=False,
                last_error=f"refused: {error}"[:2000])
    return part


def _record_retry(part: RefundPart, *, error: Exception, unknown: bool, now) -> RefundPart:
    """Back to the queue after the backoff, or failed once out of attempts. `unknown`: the
    gateway may hold the request, so the next try (or staff's) looks the key up first."""
    error_text = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic(durable=True):
        if part.attempts >= settings.REFUND_MAX_ATTEMPTS:
            _finish(part, status=RefundPart.Status.FAILED, last_error=error_text,
                    outcome_unknown=unknown)
            return part
        delay = refund_retry_delay(attempts=part.attempts)
        if _finish(part, status=RefundPart.Status.QUEUED, last_error=error_text,
                   outcome_unknown=unknown, next_attempt_at=now + delay):
            transaction.on_commit(partial(_dispatch, part.pk, countdown=delay.total_seconds()))
    return part


def refund_retry_delay(*, attempts: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped."""
    base = settings.REFUND_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0),
                                 settings.REFUND_RETRY_MAX_SECONDS))


def refund_sending_lease() -> timedelta:
    """How long a part may stay "sending" before its worker is taken for dead: a claim makes
    at most two requests (the look-up, the send), each bounded by PAYMENT_GATEWAY_TIMEOUT, so
    a send still in flight is never looked up (a look-up racing it would answer "unknown"
    and cause the double refund it is there to prevent)."""
    return timedelta(seconds=2 * settings.PAYMENT_GATEWAY_TIMEOUT
                     + settings.REFUND_SENDING_LEASE_MARGIN_SECONDS)


def pending_look_up_after() -> timedelta:
    return timedelta(seconds=settings.REFUND_PENDING_LOOKUP_AFTER_SECONDS)


# --- Settlement: the webhook, a send's answer, the look-up sweep ---------------------------


def part_for_key(key: str) -> RefundPart | None:
    """The part whose current idempotency key this is (None for a key not ours, or a spent
    key of a part that moved on to the next one)."""
    found = KEY.match(key or "")
    if not found:
        return None
    part = RefundPart.objects.filter(pk=int(found["pk"])).first()
    return part if part is not None and part.idempotency_key == key else None


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
    part = part_for_key(key)
    if part is None:
        logger.warning("Gateway refund %s (%s): no refund part has this key", reference, key)
        return None
    part = (RefundPart.objects.select_for_update()
            .select_related("refund__contract__season").get(pk=part.pk))
    if (amount is not None and amount != part.amount) or currency not in ("", part.currency):
        raise PackageError("gateway_amount_mismatch", amount=amount, expected=part.amount)
    if part.status == RefundPart.Status.SETTLED:
        if status == OperationStatus.FAILED:
            logger.error("Refund part %s: settled, now reported failed by the gateway", part.pk)
        return part
    if status == OperationStatus.SETTLED:
        _settled(part, reference=reference, now=now)
    elif status == OperationStatus.FAILED:
        logger.error("Refund part %s failed at the gateway (%s): staff must act", part.pk,
                     reason)
        part.status = RefundPart.Status.FAILED
        part.outcome_unknown = False
        part.gateway_reference = reference or part.gateway_reference
        part.last_error = f"failed at the gateway: {reason}"[:2000]
        part.save(update_fields=["status", "outcome_unknown", "gateway_reference",
                                 "last_error"])
    return part


def _settled(part: RefundPart, *, reference: str, now: datetime) -> None:
    part.status = RefundPart.Status.SETTLED
    part.settled_at = now
    part.outcome_unknown = False
    part.last_error = ""
    part.gateway_reference = reference or part.gateway_reference
    part.save(update_fields=["status", "settled_at", "outcome_unknown", "last_error",
                             "gateway_reference"])
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


# --- Recovery: the beat ---------------------------------------------------------------------


def refund_parts_release_expired_leases(*, now: datetime | None = None) -> int:
    """Parts left "sending" past the lease lost their worker mid-send: back to the queue,
    marked outcome unknown (looked up before any resend), or failed once out of attempts
    (a part that kills workers does not loop forever)."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(RefundPart.objects.select_for_update(skip_locked=True)
                     .filter(status=RefundPart.Status.SENDING,
                             claimed_at__lt=now - refund_sending_lease())
                     .values_list("pk", "attempts"))
        exhausted = [pk for pk, attempts in stale if attempts >= settings.REFUND_MAX_ATTEMPTS]
        requeued = [pk for pk, attempts in stale if attempts < settings.REFUND_MAX_ATTEMPTS]
        RefundPart.objects.filter(pk__in=exhausted).update(
            status=RefundPart.Status.FAILED, last_error="worker lost during send",
            outcome_unknown=True)
        RefundPart.objects.filter(pk__in=requeued).update(
            status=RefundPart.Status.QUEUED, next_attempt_at=now,
            last_error="worker lost during send", outcome_unknown=True)
        for part_id in requeued:
            transaction.on_commit(partial(_dispatch, part_id))
    return len(stale)


def refund_parts_redispatch_due(*, now: datetime | None = None) -> int:
    """Publish again the queued parts whose time came and went without a worker taking them
    (broker down at commit, a crash between commit and publish); free expired leases."""
    now = now or timezone.now()
    overdue_before = now - timedelta(seconds=settings.REFUND_REDISPATCH_AFTER_SECONDS)
    refund_parts_release_expired_leases(now=now)
    return _sweep(RefundPart.Status.QUEUED, before=overdue_before, now=now,
                  next_attempt_at=now, then=_dispatch)


def refund_parts_look_up_pending(*, now: datetime | None = None) -> int:
    """Ask the gateway about parts pending longer than REFUND_PENDING_LOOKUP_AFTER_SECONDS
    (a webhook lost or refused): a lost webhook must not leave money unrecorded."""
    now = now or timezone.now()
    return _sweep(RefundPart.Status.PENDING, before=now, now=now,
                  next_attempt_at=now + pending_look_up_after(),
                  then=partial(_look_up_one, now=now))


def _sweep(status, *, before, now, next_attempt_at, then) -> int:
    """Take due parts in batches with SKIP LOCKED, move their time on (so no other sweeper
    takes them meanwhile), commit, then act on each outside the transaction."""
    total = 0
    for _batch in range(MAX_BATCHES):
        with transaction.atomic():
            ids = list(RefundPart.objects.select_for_update(skip_locked=True)
                       .filter(status=status, next_attempt_at__lte=before)
                       .order_by("next_attempt_at")
                       .values_list("pk", flat=True)[:settings.REFUND_SWEEP_BATCH_SIZE])
            RefundPart.objects.filter(pk__in=ids).update(next_attempt_at=next_attempt_at)
        for part_id in ids:
            try:
                then(part_id)
            except Exception:
                logger.exception("Refund part %s: sweep failed; left for a later tick",
                                 part_id)
        total += len(ids)
        if len(ids) < settings.REFUND_SWEEP_BATCH_SIZE:
            break
    return total


def _look_up_one(part_id: int, *, now: datetime) -> None:
    part = RefundPart.objects.get(pk=part_id)
    try:
        result = get_gateway().lookup(OperationKind.REFUND, part.idempotency_key)
    except GatewayUnavailable as exc:
        logger.warning("Refund part %s: look-up failed, asked again later: %s", part.pk, exc)
        return
    if result.status in (OperationStatus.SETTLED, OperationStatus.FAILED):
        refund_part_settle(key=part.idempotency_key, status=result.status,
                           reference=result.reference, reason=result.reason,
                           amount=result.amount, now=now)
    elif result.status == OperationStatus.UNKNOWN:
        # Recorded accepted, unknown at the gateway: never expected; staff must look.
        logger.error("Refund part %s is pending but the gateway does not know its key",
                     part.pk)


# --- Staff ----------------------------------------------------------------------------------


@transaction.atomic
def refund_part_retry(*, part: RefundPart, acting_user, now: datetime | None = None
                      ) -> RefundPart:
    """Staff send a failed part again. One whose outcome is unknown keeps its key (looked up
    first); otherwise the gateway moved nothing with the old key, and a new one is used."""
    now = now or timezone.now()
    part = RefundPart.objects.select_for_update().get(pk=part.pk)
    if part.status != RefundPart.Status.FAILED:
        raise PackageError("refund_part_not_failed")
    if not part.outcome_unknown:
        part.key_generation += 1
    part.status = RefundPart.Status.QUEUED
    part.attempts = 0
    part.next_attempt_at = now
    part.save(update_fields=["status", "attempts", "next_attempt_at", "key_generation"])
    transaction.on_commit(partial(_dispatch, part.pk))
    return part
