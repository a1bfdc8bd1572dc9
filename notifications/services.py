"""Writes of the SMS outbox: queued in the caller's transaction, sent at most once.

The row is the only truth. A send first claims its row with one conditional UPDATE
(queued -> sending), so a task delivered twice, or a redispatch racing the original, finds
nothing to do. One window we cannot close by claiming: the gateway accepted, then the worker
died (or the answer timed out) before we recorded it. Such a row is marked `outcome_unknown`
(by the lease sweep, or by the failed try), and its next try first asks the gateway whether
the key ever arrived: if so the row is recorded sent, if not it is sent, and if the gateway
cannot say, nothing is sent and the question is asked again after the backoff. So even a
gateway that does not deduplicate by key delivers it once.
"""

import logging
import re
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.functional import Promise

from hajjportal.db.inserts import insert_unless_exists
from hajjportal.publish import publish

from .backends import SmsOutcomeUnknown, SmsPermanentError, SmsTransientError, get_backend
from .errors import NotificationError
from .models import SmsMessage

logger = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# A sweep never runs forever, even if rows keep becoming due while it works.
REDISPATCH_MAX_BATCHES = 50


# --- Queueing ---------------------------------------------------------------------------


def sms_queue(
    *, to, message, context=None, language, idempotency_key, user=None, about=None
) -> SmsMessage:
    """Put one SMS in the outbox, in the caller's transaction; send it once that commits.

    `message` is a lazily translated text with %(name)s placeholders filled from `context`,
    rendered in `language` (the recipient's, not the request's). A repeated
    `idempotency_key` returns the row already there and sends nothing more.
    `about` is a model instance or a free reference string, shown to staff.
    """
    _require_transaction()
    return sms_enqueue(sms_row(to=to, message=message, context=context, language=language,
                               idempotency_key=idempotency_key, user=user, about=about))


def sms_row(
    *, to, message, context=None, language, idempotency_key, user=None, about=None
) -> SmsMessage:
    """The outbox row of one SMS (sms_queue's arguments), rendered and checked, not yet
    saved. A caller that writes it itself, with rows of its own (permits.booking), calls
    sms_send_on_commit once the INSERT is on its way in its transaction."""
    row = SmsMessage(
        idempotency_key=idempotency_key,
        recipient=_normalise_recipient(to),
        language=_checked_language(language),
        text=_render(message, context, language),
        user=user,
        **_about_fields(about),
    )
    _check_key_and_text(row)
    return row


def sms_enqueue(row: SmsMessage) -> SmsMessage:
    """Save a row from sms_row in the caller's transaction (a repeated key returns the row
    already there) and send it once that commits."""
    _require_transaction()
    if not insert_unless_exists(row, conflict='("idempotency_key")'):
        return _existing(row)
    sms_send_on_commit(row)
    return row


def sms_send_on_commit(row: SmsMessage) -> None:
    """Send the new outbox row once the caller's transaction commits."""
    _require_transaction()
    transaction.on_commit(partial(_dispatch_send, row.pk))


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        # Outside a transaction the SMS could go out for a change that then rolls back.
        raise TransactionManagementError(
            "sms_queue() must run inside the transaction of the change it reports."
        )


def _existing(row: SmsMessage) -> SmsMessage:
    existing = SmsMessage.objects.get(idempotency_key=row.idempotency_key)
    if (existing.recipient, existing.text) != (row.recipient, row.text):
        # Same key, different SMS: almost always a key that is not specific enough.
        logger.warning(
            "SMS key %s reused for a different SMS; the first one stands", row.idempotency_key
        )
    return existing


def _normalise_recipient(to) -> str:
    # Accepts a str or a phonenumber_field PhoneNumber (whose str() is E.164 here).
    recipient = str(to or "").replace(" ", "")
    if not E164.match(recipient):
        raise NotificationError("invalid_recipient", recipient=recipient)
    return recipient


def _checked_language(language) -> str:
    if language not in dict(settings.LANGUAGES):
        raise NotificationError("unknown_language", language=language)
    return language


def _check_key_and_text(row: SmsMessage) -> None:
    # What full_clean() would catch that the checks above do not, without its per-field
    # machinery: this runs for every booking, twice (bench/booking).
    key_length = SmsMessage._meta.get_field("idempotency_key").max_length
    if not row.idempotency_key or len(row.idempotency_key) > key_length:
        raise NotificationError("invalid_key", key=row.idempotency_key)
    if not row.text.strip():
        raise NotificationError("empty_text")


def _render(message, context, language) -> str:
    with translation.override(language):
        text = str(message)
        if context is not None:
            # Context values may be lazy texts themselves: render them in the same language.
            text = text % {
                key: str(value) if isinstance(value, Promise) else value
                for key, value in context.items()
            }
    return text


def _about_fields(about) -> dict:
    if about is None:
        return {}
    if isinstance(about, str):
        return {"about_reference": about}
    return {
        "about_content_type": ContentType.objects.get_for_model(about),
        "about_object_id": str(about.pk),
    }


def _dispatch_send(message_id: int, *, countdown: float | None = None) -> None:
    """Publish the send task. If the broker is down the row stays queued: not lost, late."""
    from .tasks import send_sms  # the tasks import these services at their top

    if countdown is None and settings.SMS_PUBLISH_BATCH_SECONDS > 0:
        from .dispatch import batcher  # it imports the tasks, which import these services

        batcher.add(message_id)  # published with others from a background thread
        return

    # Broker down: the row stays queued and redispatch_stuck_sms (beat, 10 s) publishes it.
    publish(send_sms, message_id, countdown=countdown)


# --- Sending ----------------------------------------------------------------------------


def sms_send(message_id: int, *, now: datetime | None = None) -> SmsMessage | None:
    """Claim the row, hand it to the backend, record the outcome.

    Returns the row as recorded, or None when there was nothing to send (already sent,
    claimed by another worker, or not due yet).
    """
    # A configuration error surfaces before the claim, so it costs the SMS no attempt and
    # the row waits in the queue until the configuration is fixed.
    backend = get_backend()
    now = now or timezone.now()
    if not _claim(message_id, now=now):
        return None
    row = SmsMessage.objects.get(pk=message_id)
    if row.outcome_unknown and settings.SMS_GATEWAY_LOOKUP:
        try:
            provider_message_id = backend.lookup(row)
        except Exception as exc:
            # The gateway cannot say whether it has the SMS: send nothing, ask again later.
            logger.warning("SMS %s: status lookup failed: %s", row.pk, exc)
            return _record_failure(row, error=exc, permanent=False, unknown=True, now=now)
        if provider_message_id is not None:
            return _record_sent(row, provider_message_id=provider_message_id, now=now)
    try:
        provider_message_id = backend.send(row)
    except SmsPermanentError as exc:
        return _record_failure(row, error=exc, permanent=True, unknown=False, now=now)
    except Exception as exc:
        # Transient errors, and anything unexpected from the backend: retry with backoff,
        # after a lookup unless the backend knows the request never left.
        logger.warning("SMS %s: send failed: %s", row.pk, exc, exc_info=True)
        unknown = isinstance(exc, SmsOutcomeUnknown) or not isinstance(exc, SmsTransientError)
        return _record_failure(row, error=exc, permanent=False, unknown=unknown, now=now)
    return _record_sent(row, provider_message_id=provider_message_id, now=now)


def _claim(message_id: int, *, now: datetime) -> bool:
    # Durable: the claim must be committed (visible to every other worker) before sending.
    with transaction.atomic(durable=True):
        claimed = (
            SmsMessage.objects.filter(
                pk=message_id, status=SmsMessage.Status.QUEUED, next_attempt_at__lte=now
            ).update(status=SmsMessage.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
    return claimed == 1


def _finish(row: SmsMessage, **changes) -> bool:
    """Record an outcome only if our claim still holds (a lease sweep may have re-queued it)."""
    for name, value in changes.items():
        setattr(row, name, value)
    return (
        SmsMessage.objects.filter(
            pk=row.pk, status=SmsMessage.Status.SENDING, claimed_at=row.claimed_at
        ).update(**changes)
        == 1
    )


def _record_sent(row: SmsMessage, *, provider_message_id: str, now: datetime) -> SmsMessage:
    with transaction.atomic(durable=True):
        _finish(
            row,
            status=SmsMessage.Status.SENT,
            provider_message_id=str(provider_message_id)[:200],
            sent_at=now,
            last_error="",
            outcome_unknown=False,
        )
    return row


def _record_failure(
    row: SmsMessage, *, error: Exception, permanent: bool, unknown: bool, now: datetime
) -> SmsMessage:
    """`unknown`: the gateway may hold the SMS, so any later try (a retry, or staff's
    retry of a failed row) looks the key up first."""
    error_text = f"{type(error).__name__}: {error}"[:2000]
    with transaction.atomic(durable=True):
        if permanent or row.attempts >= settings.SMS_MAX_ATTEMPTS:
            _finish(
                row, status=SmsMessage.Status.FAILED, last_error=error_text,
                outcome_unknown=unknown,
            )  # fmt: skip
            return row
        delay = sms_retry_delay(attempts=row.attempts)
        requeued = _finish(
            row,
            status=SmsMessage.Status.QUEUED,
            last_error=error_text,
            next_attempt_at=now + delay,
            outcome_unknown=unknown,
        )
        if requeued:
            transaction.on_commit(
                partial(_dispatch_send, row.pk, countdown=delay.total_seconds())
            )
    return row


def sms_retry_delay(*, attempts: int) -> timedelta:
    """Exponential backoff: base, 2 x base, 4 x base ... capped."""
    base = settings.SMS_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.SMS_RETRY_MAX_SECONDS))


# --- Recovery ---------------------------------------------------------------------------


def sms_sending_lease() -> timedelta:
    """How long a claim may stay in 'sending' before its worker is taken for dead.

    A claim makes at most two requests (the status lookup, then the send), each bounded by
    SMS_GATEWAY_TIMEOUT, so a send still in flight is never looked up (a lookup racing it
    would answer "unknown" and cause the very double send it is there to prevent). Derived
    from the timeout, so the two cannot drift apart.
    """
    return timedelta(
        seconds=2 * settings.SMS_GATEWAY_TIMEOUT + settings.SMS_SENDING_LEASE_MARGIN_SECONDS
    )


def sms_release_expired_leases(*, now: datetime | None = None) -> int:
    """Rows left in 'sending' past the lease belonged to a worker that died mid-send.

    They go back to the queue, marked `outcome_unknown` (the gateway may have accepted the
    SMS before the worker died: the next try asks it first), and are published at once; or
    they go to failed once they used up their attempts, so a message that kills workers
    cannot loop forever.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stale = list(
            SmsMessage.objects.select_for_update(skip_locked=True)
            .filter(status=SmsMessage.Status.SENDING, claimed_at__lt=now - sms_sending_lease())
            .values_list("pk", "attempts")
        )
        exhausted = [pk for pk, attempts in stale if attempts >= settings.SMS_MAX_ATTEMPTS]
        requeued = [pk for pk, attempts in stale if attempts < settings.SMS_MAX_ATTEMPTS]
        SmsMessage.objects.filter(pk__in=exhausted).update(
            status=SmsMessage.Status.FAILED, last_error="worker lost during send",
            outcome_unknown=True,
        )  # fmt: skip
        SmsMessage.objects.filter(pk__in=requeued).update(
            status=SmsMessage.Status.QUEUED,
            next_attempt_at=now,
            last_error="worker lost during send",
            outcome_unknown=True,
        )
        for message_id in requeued:
            transaction.on_commit(partial(_dispatch_send, message_id))
    return len(stale)


def sms_redispatch_due(*, now: datetime | None = None, batch_size: int | None = None) -> int:
    """Publish again the queued rows whose time came and went without a worker taking them.

    That happens when the broker was down at commit, or the process died between commit and
    publish. Rows are taken with SKIP LOCKED so two sweepers never fight; each one taken has
    its next attempt set to now, so it is not republished until it is overdue again.
    """
    now = now or timezone.now()
    batch_size = batch_size or settings.SMS_REDISPATCH_BATCH_SIZE
    overdue_before = now - timedelta(seconds=settings.SMS_REDISPATCH_AFTER_SECONDS)
    sms_release_expired_leases(now=now)
    total = 0
    for _batch in range(REDISPATCH_MAX_BATCHES):
        with transaction.atomic():
            ids = list(
                SmsMessage.objects.select_for_update(skip_locked=True)
                .filter(status=SmsMessage.Status.QUEUED, next_attempt_at__lt=overdue_before)
                .order_by("next_attempt_at")
                .values_list("pk", flat=True)[:batch_size]
            )
            SmsMessage.objects.filter(pk__in=ids).update(next_attempt_at=now)
            for message_id in ids:
                transaction.on_commit(partial(_dispatch_send, message_id))
        total += len(ids)
        if len(ids) < batch_size:
            break
    return total


def sms_retry(*, message: SmsMessage, now: datetime | None = None) -> SmsMessage:
    """Staff put a failed SMS back in the queue (same key; one whose outcome is unknown is
    looked up at the gateway before it is sent again)."""
    now = now or timezone.now()
    with transaction.atomic():
        retried = SmsMessage.objects.filter(
            pk=message.pk, status=SmsMessage.Status.FAILED
        ).update(status=SmsMessage.Status.QUEUED, attempts=0, next_attempt_at=now)
        if not retried:
            raise NotificationError("not_failed")
        transaction.on_commit(partial(_dispatch_send, message.pk))
    message.refresh_from_db()
    return message
