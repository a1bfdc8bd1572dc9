"""The send discipline both outboxes (SMS, e-mail) share, over their common columns
(models.OutboxRow): claim a row before sending, record the outcome only while the claim holds,
back off and queue again, give rows of dead workers back to the queue, republish rows nobody
took, and let staff send a failed row again.

Each channel passes its model and its `dispatch(message_id, countdown=None)`, the function
that publishes its send task; what differs between channels (asking the SMS gateway about an
unknown outcome, the e-mail's Message-ID) stays in services.py.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F

# One sweep republishes at most this many batches; the next beat takes the rest.
REDISPATCH_MAX_BATCHES = 50

Dispatch = Callable[..., None]


def claim(model, message_id: int, *, now: datetime) -> bool:
    # Durable: the claim must be committed (visible to every other worker) before sending.
    with transaction.atomic(durable=True):
        claimed = (
            model.objects.filter(
                pk=message_id, status=model.Status.QUEUED, next_attempt_at__lte=now
            ).update(status=model.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
    return claimed == 1


def finish(row, **changes) -> bool:
    """Record an outcome only if our claim still holds (a lease sweep may have re-queued it)."""
    for name, value in changes.items():
        setattr(row, name, value)
    model = type(row)
    return (
        model.objects.filter(
            pk=row.pk, status=model.Status.SENDING, claimed_at=row.claimed_at
        ).update(**changes)
        == 1
    )


def retry_delay(*, attempts: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped (the same for both channels)."""
    base = settings.SMS_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.SMS_RETRY_MAX_SECONDS))


def record_failure(row, *, error: Exception, permanent: bool, now: datetime,
                   dispatch: Dispatch, **changes):
    """Failed for good (permanent, or out of tries), or queued again after the backoff and
    published for then; `changes` are the channel's own columns to record with it."""
    error_text = f"{type(error).__name__}: {error}"[:2000]
    model = type(row)
    with transaction.atomic(durable=True):
        if permanent or row.attempts >= settings.SMS_MAX_ATTEMPTS:
            finish(row, status=model.Status.FAILED, last_error=error_text, **changes)
            return row
        delay = retry_delay(attempts=row.attempts)
        requeued = finish(row, status=model.Status.QUEUED, last_error=error_text,
                          next_attempt_at=now + delay, **changes)
        if requeued:
            transaction.on_commit(partial(dispatch, row.pk, countdown=delay.total_seconds()))
    return row


def release_expired_leases(model, *, lease: timedelta, now: datetime, dispatch: Dispatch,
                           **lost) -> int:
    """Rows left in 'sending' past the lease belonged to a worker that died mid-send: queued
    again and published at once, or failed once they used up their tries (so a message that
    kills workers cannot loop forever). `lost` are the channel's columns for "the last try
    may have arrived"."""
    with transaction.atomic():
        stale = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(status=model.Status.SENDING, claimed_at__lt=now - lease)
            .values_list("pk", "attempts")
        )
        exhausted = [pk for pk, attempts in stale if attempts >= settings.SMS_MAX_ATTEMPTS]
        requeued = [pk for pk, attempts in stale if attempts < settings.SMS_MAX_ATTEMPTS]
        model.objects.filter(pk__in=exhausted).update(
            status=model.Status.FAILED, last_error="worker lost during send", **lost)
        model.objects.filter(pk__in=requeued).update(
            status=model.Status.QUEUED, next_attempt_at=now,
            last_error="worker lost during send", **lost)
        for message_id in requeued:
            transaction.on_commit(partial(dispatch, message_id))
    return len(stale)


def redispatch_due(model, *, now: datetime, batch_size: int, dispatch: Dispatch) -> int:
    """Publish again the queued rows whose time came and went without a worker taking them
    (the broker was down at commit, or the process died between commit and publish). Rows
    are taken with SKIP LOCKED so two sweepers never fight; each one taken has its next
    attempt set to now, so it is not republished until it is overdue again."""
    overdue_before = now - timedelta(seconds=settings.SMS_REDISPATCH_AFTER_SECONDS)
    total = 0
    for _batch in range(REDISPATCH_MAX_BATCHES):
        with transaction.atomic():
            ids = list(
                model.objects.select_for_update(skip_locked=True)
                .filter(status=model.Status.QUEUED, next_attempt_at__lt=overdue_before)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:batch_size]
            )
            model.objects.filter(pk__in=ids).update(next_attempt_at=now)
            for message_id in ids:
                transaction.on_commit(partial(dispatch, message_id))
        total += len(ids)
        if len(ids) < batch_size:
            break
    return total


def retry_failed(model, *, message_id: int, now: datetime, dispatch: Dispatch) -> bool:
    """Staff put a failed row back in the queue (same key); False when it is not failed."""
    with transaction.atomic():
        retried = model.objects.filter(pk=message_id, status=model.Status.FAILED).update(
            status=model.Status.QUEUED, attempts=0, next_attempt_at=now)
        if retried:
            transaction.on_commit(partial(dispatch, message_id))
    return bool(retried)
