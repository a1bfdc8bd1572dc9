"""The gateway outbox: money sent to the payment gateway once, whatever fails on the way.

Refunds to the card (packages.refunding, RefundPart) and payouts of compensation
(compensation.payouts, Payout) are rows of the same shape (packages.models.GatewayOperation)
sent by the same machinery, described here once; each user gives an `Outbox`: its model,
the gateway operation it sends, how to request it and how to record a settlement.

A row is sent as notifications' SMS are (notifications/services.py): a task claims it
(queued -> sending, one winner, a lease) and sends the request with the row's idempotency
key. The gateway accepts (pending) and settles later. The one window a claim cannot close:
the gateway took the request and the worker died, or its answer was lost
(GatewayOutcomeUnknown). Such a row is marked `outcome_unknown` (by the failed try, or by
the lease sweep) and its next try first looks the key up: known -> recorded as the gateway
has it; unknown -> sent; no answer -> nothing sent, asked again after the backoff. So money
is never sent twice, even through a gateway that does not deduplicate by key.

Settlement comes by the gateway's signed webhook, or, when a webhook is lost, by the sweep
that looks up rows pending too long; the user's `settle` records it once. A row the gateway
settled as failed, refused, or out of attempts is failed (Outbox.became_failed, whichever
way): staff see it in the admin and send it again (a new key unless its outcome is unknown),
and the user's `failed` hook tells the person paid that the money is delayed.

The settings (REFUND_MAX_ATTEMPTS, REFUND_RETRY_*, REFUND_SENDING_LEASE_MARGIN_SECONDS,
REFUND_REDISPATCH_AFTER_SECONDS, REFUND_PENDING_LOOKUP_AFTER_SECONDS,
REFUND_SWEEP_BATCH_SIZE, PAYMENT_GATEWAY_LOOKUP) apply to every outbox.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from hajjportal.publish import publish

from .errors import PackageError
from .payments import (
    GatewayOutcomeUnknown,
    GatewayRefused,
    GatewayUnavailable,
    OperationKind,
    OperationResult,
    OperationStatus,
    PaymentGateway,
    get_gateway,
)

logger = logging.getLogger(__name__)

# A sweep never runs forever, even if rows keep falling due while it works.
MAX_BATCHES = 50


@dataclass(frozen=True)
class Outbox:
    """One kind of money sent through the gateway.

    - model: a packages.models.GatewayOperation subclass (its `key_prefix` names its keys);
    - request(row, gateway) -> OperationResult: the gateway call that moves the money;
    - settle(key=, status=, now=, reference=, reason=, amount=) -> row | None: records what
      the gateway says became of it (the webhook, a send's answer and the sweep call it);
    - task: the Celery task that calls `send(row_id)`;
    - accepted(row, now): optional, called in the transaction that records the gateway's
      acceptance (to tell the person paid that the money is on its way);
    - failed(row, now): optional, called in the transaction that makes the row failed,
      whichever way (refused, settled failed, out of attempts, its worker lost once too
      often), to tell the person paid that the money is delayed and staff are on it. A row
      failing again with the same key is the same failure to them: the hook's message
      should be keyed by the row's idempotency key.
    """

    model: type[models.Model]
    kind: OperationKind
    request: Callable[[models.Model, PaymentGateway], OperationResult]
    settle: Callable[..., models.Model | None]
    task: Callable[[], object]
    label: str
    accepted: Callable[[models.Model, datetime], None] | None = None
    failed: Callable[[models.Model, datetime], None] | None = None

    # --- Sending ------------------------------------------------------------------------

    def dispatch(self, row_id: int, *, countdown: float | None = None) -> None:
        """Publish the send task. Broker down: the row stays queued and the beat's
        redispatch publishes it."""
        publish(self.task(), row_id, countdown=countdown)

    def dispatch_on_commit(self, row_id: int) -> None:
        transaction.on_commit(partial(self.dispatch, row_id))

    def send(self, row_id: int, *, now: datetime | None = None):
        """Claim the row, send it (after a look-up when its last try may have arrived),
        record what the gateway said. None when there was nothing to send (claimed
        elsewhere, done, not due)."""
        now = now or timezone.now()
        if not self._claim(row_id, now=now):
            return None
        row = self.model.objects.get(pk=row_id)
        gateway = get_gateway()
        if row.outcome_unknown and settings.PAYMENT_GATEWAY_LOOKUP:
            try:
                result = gateway.lookup(self.kind, row.idempotency_key)
            except GatewayUnavailable as exc:
                # The gateway cannot say whether it has the request: send nothing, ask later.
                logger.warning("%s %s: status look-up failed: %s", self.label, row.pk, exc)
                return self._record_retry(row, error=exc, unknown=True, now=now)
            if result.status != OperationStatus.UNKNOWN:
                return self._record_result(row, result, now=now)
        try:
            result = self.request(row, gateway)
        except GatewayRefused as exc:
            return self._record_refused(row, error=exc, now=now)
        except GatewayOutcomeUnknown as exc:
            logger.warning("%s %s: outcome unknown: %s", self.label, row.pk, exc)
            return self._record_retry(row, error=exc, unknown=True, now=now)
        except GatewayUnavailable as exc:
            return self._record_retry(row, error=exc, unknown=False, now=now)
        return self._record_result(row, result, now=now)

    def _claim(self, row_id: int, *, now: datetime) -> bool:
        # Durable: the claim is committed (seen by every other worker) before anything is sent.
        Status = self.model.Status
        with transaction.atomic(durable=True):
            claimed = self.model.objects.filter(
                pk=row_id, status=Status.QUEUED, next_attempt_at__lte=now,
            ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        return claimed == 1

    def _finish(self, row, **changes) -> bool:
        """Record the try's outcome only while our claim holds (a lease sweep, or a
        settlement that arrived meanwhile, may have moved the row on)."""
        for name, value in changes.items():
            setattr(row, name, value)
        return self.model.objects.filter(
            pk=row.pk, status=self.model.Status.SENDING, claimed_at=row.claimed_at,
        ).update(**changes) == 1

    def _record_result(self, row, result: OperationResult, *, now):
        if result.status == OperationStatus.PENDING:
            with transaction.atomic(durable=True):
                # Settlement normally comes by webhook; a look-up follows if it does not.
                won = self._finish(row, status=self.model.Status.PENDING,
                                   gateway_reference=result.reference, outcome_unknown=False,
                                   last_error="", next_attempt_at=now + pending_look_up_after())
                if won and self.accepted is not None:
                    self.accepted(row, now)
            return row
        return self.settle(key=row.idempotency_key, status=result.status,
                           reference=result.reference, reason=result.reason,
                           amount=result.amount, now=now) or row

    def _record_refused(self, row, *, error: GatewayRefused, now):
        logger.error("%s %s refused by the gateway: %s", self.label, row.pk, error)
        with transaction.atomic(durable=True):
            if self._finish(row, status=self.model.Status.FAILED, outcome_unknown=False,
                            last_error=f"refused: {error}"[:2000]):
                self.became_failed(row, now=now)
        return row

    def _record_retry(self, row, *, error: Exception, unknown: bool, now):
        """Back to the queue after the backoff, or failed once out of attempts. `unknown`:
        the gateway may hold the request, so the next try (or staff's) looks the key up."""
        error_text = f"{type(error).__name__}: {error}"[:2000]
        with transaction.atomic(durable=True):
            if row.attempts >= settings.REFUND_MAX_ATTEMPTS:
                if self._finish(row, status=self.model.Status.FAILED, last_error=error_text,
                                outcome_unknown=unknown):
                    self.became_failed(row, now=now)
                return row
            delay = retry_delay(attempts=row.attempts)
            if self._finish(row, status=self.model.Status.QUEUED, last_error=error_text,
                            outcome_unknown=unknown, next_attempt_at=now + delay):
                transaction.on_commit(partial(self.dispatch, row.pk,
                                              countdown=delay.total_seconds()))
        return row

    # --- Settlement -----------------------------------------------------------------------

    def row_for_key(self, key: str):
        """The row whose current idempotency key this is (None for a key not ours, or a
        spent key of a row that moved on to the next one)."""
        found = re.match(rf"^{re.escape(self.model.key_prefix)}(?P<pk>[0-9]{{1,18}})"
                         r"(?:-(?P<generation>[0-9]{1,5}))?$", key or "")
        if not found:
            return None
        row = self.model.objects.filter(pk=int(found["pk"])).first()
        return row if row is not None and row.idempotency_key == key else None

    def locked_for_key(self, key: str, *, amount: Decimal | None, currency: str,
                       select_related: tuple[str, ...] = ()):
        """The row of `key` under its lock, checked against the amount the gateway reports;
        None (logged) for a key that is not a current row's."""
        row = self.row_for_key(key)
        if row is None:
            logger.warning("Gateway %s (%s): no %s has this key", self.kind, key, self.label)
            return None
        row = self.model.objects.select_for_update(of=("self",)).select_related(
            *select_related).get(pk=row.pk)
        if (amount is not None and amount != row.amount) or currency not in ("", row.currency):
            raise PackageError("gateway_amount_mismatch", amount=amount, expected=row.amount)
        return row

    def became_failed(self, row, *, now: datetime | None = None) -> None:
        """Every way a row becomes failed ends here, in the transaction that fails it: the
        user's `failed` hook tells the person paid."""
        if self.failed is not None:
            self.failed(row, now or timezone.now())

    def mark_failed(self, row, *, reference: str, reason: str,
                    now: datetime | None = None) -> None:
        """The gateway settled the row as failed: flagged to staff."""
        logger.error("%s %s failed at the gateway (%s): staff must act", self.label, row.pk,
                     reason)
        row.status = self.model.Status.FAILED
        row.outcome_unknown = False
        row.gateway_reference = reference or row.gateway_reference
        row.last_error = f"failed at the gateway: {reason}"[:2000]
        row.save(update_fields=["status", "outcome_unknown", "gateway_reference",
                                "last_error"])
        self.became_failed(row, now=now)

    def mark_settled(self, row, *, reference: str, now: datetime) -> None:
        row.status = self.model.Status.SETTLED
        row.settled_at = now
        row.outcome_unknown = False
        row.last_error = ""
        row.gateway_reference = reference or row.gateway_reference
        row.save(update_fields=["status", "settled_at", "outcome_unknown", "last_error",
                                "gateway_reference"])

    # --- Recovery: the beat -----------------------------------------------------------------

    def release_expired_leases(self, *, now: datetime | None = None) -> int:
        """Rows left "sending" past the lease lost their worker mid-send: back to the queue,
        marked outcome unknown (looked up before any resend), or failed once out of
        attempts (a row that kills workers does not loop forever)."""
        now = now or timezone.now()
        Status = self.model.Status
        with transaction.atomic():
            stale = list(self.model.objects.select_for_update(skip_locked=True)
                         .filter(status=Status.SENDING, claimed_at__lt=now - sending_lease())
                         .values_list("pk", "attempts"))
            exhausted = [pk for pk, attempts in stale
                         if attempts >= settings.REFUND_MAX_ATTEMPTS]
            requeued = [pk for pk, attempts in stale
                        if attempts < settings.REFUND_MAX_ATTEMPTS]
            self.model.objects.filter(pk__in=exhausted).update(
                status=Status.FAILED, last_error="worker lost during send",
                outcome_unknown=True)
            for row in self.model.objects.filter(pk__in=exhausted):
                self.became_failed(row, now=now)
            self.model.objects.filter(pk__in=requeued).update(
                status=Status.QUEUED, next_attempt_at=now,
                last_error="worker lost during send", outcome_unknown=True)
            for row_id in requeued:
                self.dispatch_on_commit(row_id)
        return len(stale)

    def redispatch_due(self, *, now: datetime | None = None) -> int:
        """Publish again the queued rows whose time came and went without a worker taking
        them (broker down at commit, a crash between commit and publish); free expired
        leases."""
        now = now or timezone.now()
        overdue_before = now - timedelta(seconds=settings.REFUND_REDISPATCH_AFTER_SECONDS)
        self.release_expired_leases(now=now)
        return self._sweep(self.model.Status.QUEUED, before=overdue_before,
                           next_attempt_at=now, then=self.dispatch)

    def look_up_pending(self, *, now: datetime | None = None) -> int:
        """Ask the gateway about rows pending longer than REFUND_PENDING_LOOKUP_AFTER_SECONDS
        (a webhook lost or refused): a lost webhook must not leave money unrecorded."""
        now = now or timezone.now()
        return self._sweep(self.model.Status.PENDING, before=now,
                           next_attempt_at=now + pending_look_up_after(),
                           then=partial(self._look_up_one, now=now))

    def _sweep(self, status, *, before, next_attempt_at, then) -> int:
        """Take due rows in batches with SKIP LOCKED, move their time on (so no other sweeper
        takes them meanwhile), commit, then act on each outside the transaction."""
        total = 0
        batch_size = settings.REFUND_SWEEP_BATCH_SIZE
        for _batch in range(MAX_BATCHES):
            with transaction.atomic():
                ids = list(self.model.objects.select_for_update(skip_locked=True)
                           .filter(status=status, next_attempt_at__lte=before)
                           .order_by("next_attempt_at")
                           .values_list("pk", flat=True)[:batch_size])
                self.model.objects.filter(pk__in=ids).update(next_attempt_at=next_attempt_at)
            for row_id in ids:
                try:
                    then(row_id)
                except Exception:
                    logger.exception("%s %s: sweep failed; left for a later tick", self.label,
                                     row_id)
            total += len(ids)
            if len(ids) < batch_size:
                break
        return total

    def _look_up_one(self, row_id: int, *, now: datetime) -> None:
        row = self.model.objects.get(pk=row_id)
        try:
            result = get_gateway().lookup(self.kind, row.idempotency_key)
        except GatewayUnavailable as exc:
            logger.warning("%s %s: look-up failed, asked again later: %s", self.label, row.pk,
                           exc)
            return
        if result.status in (OperationStatus.SETTLED, OperationStatus.FAILED):
            self.settle(key=row.idempotency_key, status=result.status,
                        reference=result.reference, reason=result.reason,
                        amount=result.amount, now=now)
        elif result.status == OperationStatus.UNKNOWN:
            # Recorded accepted, unknown at the gateway: never expected; staff must look.
            logger.error("%s %s is pending but the gateway does not know its key", self.label,
                         row.pk)

    # --- Staff ----------------------------------------------------------------------------

    def retry(self, *, row, now: datetime | None = None):
        """Staff send a failed row again. One whose outcome is unknown keeps its key (looked
        up first); otherwise the gateway moved nothing with the old key, and a new one is
        used. The caller checks who may, in its transaction."""
        now = now or timezone.now()
        row = self.model.objects.select_for_update().get(pk=row.pk)
        if row.status != self.model.Status.FAILED:
            raise PackageError("refund_part_not_failed")
        if not row.outcome_unknown:
            row.key_generation += 1
        row.status = self.model.Status.QUEUED
        row.attempts = 0
        row.next_attempt_at = now
        row.save(update_fields=["status", "attempts", "next_attempt_at", "key_generation"])
        self.dispatch_on_commit(row.pk)
        return row


def retry_delay(*, attempts: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped."""
    base = settings.REFUND_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0),
                                 settings.REFUND_RETRY_MAX_SECONDS))


def sending_lease() -> timedelta:
    """How long a row may stay "sending" before its worker is taken for dead: a claim makes
    at most two requests (the look-up, the send), each bounded by PAYMENT_GATEWAY_TIMEOUT, so
    a send still in flight is never looked up (a look-up racing it would answer "unknown"
    and cause the double payment it is there to prevent)."""
    return timedelta(seconds=2 * settings.PAYMENT_GATEWAY_TIMEOUT
                     + settings.REFUND_SENDING_LEASE_MARGIN_SECONDS)


def pending_look_up_after() -> timedelta:
    return timedelta(seconds=settings.REFUND_PENDING_LOOKUP_AFTER_SECONDS)
