"""Writes of the SMS and e-mail outbox: queued in the caller's transaction, sent once.

(E-mail: the section of that name below. What follows is the SMS's.)

The row is the only truth. A send first claims its row with one conditional UPDATE
(queued -> sending), so a task delivered twice, or a redispatch racing the original, finds
nothing to do. One window we cannot close by claiming: the gateway accepted, then the worker
died (or the answer timed out) before we recorded it. Such a row is marked `outcome_unknown`
(by the lease sweep, or by the failed try), and its next try first asks the gateway whether
the key ever arrived: if so the row is recorded sent, if not it is sent, and if the gateway
cannot say, nothing is sent and the question is asked again after the backoff. So even a
gateway that does not deduplicate by key delivers it once.
"""

import hashlib
import logging
import re
import smtplib
from datetime import datetime, timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hajjportal.db.inserts import insert_unless_exists
from hajjportal.publish import publish
from portal.mail import from_email, render_email, site_url

from . import outbox
from .backends import SmsOutcomeUnknown, SmsPermanentError, SmsTransientError, get_backend
from .errors import NotificationError
from .models import EmailMessage, SmsMessage

logger = logging.getLogger(__name__)

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
# A sweep never runs forever, even if rows keep becoming due while it works.
_ABOUT_OBJECT = SmsMessage._meta.get_field("about_object")


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
    if about is not None and not isinstance(about, str):
        # Held on the row (no query), for the e-mail's link to the pilgrim's page.
        _ABOUT_OBJECT.set_cached_value(row, about)
    _check_key_and_text(row)
    return row


def sms_enqueue(row: SmsMessage) -> SmsMessage:
    """Save a row from sms_row in the caller's transaction (a repeated key returns the row
    already there) and send it once that commits."""
    _require_transaction()
    if not insert_unless_exists(row, conflict='("idempotency_key")'):
        return _existing(row)
    sms_send_on_commit(row)
    if row.user_id is not None:
        email_queue_for_sms(row)
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


# A Latin letter: a run of a left-to-right script in a value put into the text.
LATIN_RUN = re.compile(r"[A-Za-z\u00C0-\u024F]")
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
LINK = re.compile(r"://|@|^www\.")


def _render(message, context, language) -> str:
    with translation.override(language):
        text = str(message)
        rtl = translation.get_language_bidi()
        if context is not None:
            # Context values may be lazy texts themselves: render them in the same language.
            text = text % {
                key: _isolated(str(value) if isinstance(value, Promise) else value, rtl=rtl)
                for key, value in context.items()
            }
    return text


def _isolated(value, *, rtl):
    """In a right-to-left SMS, a value with Latin letters (a permit number, a Latin name, a
    service named only in English) is wrapped in first-strong isolate ... pop (U+2068,
    U+2069), so that the phone lays it out on its own: the Arabic sentence keeps its order
    and the brackets, full stop or number beside it their side. Two characters of the 70
    (67 a part) an Arabic SMS holds per value, and nothing in a left-to-right SMS. (These
    are the portal's own marks around text it composes, not free text: the rows are
    inserted with SQL, not through pre_save, which strips such marks from what people type:
    portal/text.py.) A link or an e-mail address is left bare: a phone's link detector
    would take the marks into the address."""
    if (rtl and isinstance(value, str) and LATIN_RUN.search(value)
            and not LINK.search(value)):
        return f"{FIRST_STRONG_ISOLATE}{value}{POP_DIRECTIONAL_ISOLATE}"
    return value


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
    if not outbox.claim(SmsMessage, message_id, now=now):
        return None
    row = SmsMessage.objects.get(pk=message_id)
    try:
        return _send_claimed(row, backend=backend, now=now)
    finally:
        if row.user_id is not None:
            # After the SMS, so it is not held up: its e-mail, if the caller inserted the
            # row itself (permits.booking) and none was queued with it.
            _email_for_claimed_sms(row)


def _send_claimed(row: SmsMessage, *, backend, now: datetime) -> SmsMessage:
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


def _record_sent(row: SmsMessage, *, provider_message_id: str, now: datetime) -> SmsMessage:
    with transaction.atomic(durable=True):
        outbox.finish(
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
    return outbox.record_failure(row, error=error, permanent=permanent, now=now,
                                 dispatch=_dispatch_send, outcome_unknown=unknown)


sms_retry_delay = outbox.retry_delay


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
    they go to failed once they used up their attempts.
    """
    return outbox.release_expired_leases(
        SmsMessage, lease=sms_sending_lease(), now=now or timezone.now(),
        dispatch=_dispatch_send, outcome_unknown=True)


def sms_redispatch_due(*, now: datetime | None = None, batch_size: int | None = None) -> int:
    """Publish again the queued rows whose time came and went without a worker taking them
    (outbox.redispatch_due), after freeing the leases of dead workers."""
    now = now or timezone.now()
    sms_release_expired_leases(now=now)
    return outbox.redispatch_due(SmsMessage, now=now, dispatch=_dispatch_send,
                                 batch_size=batch_size or settings.SMS_REDISPATCH_BATCH_SIZE)


def sms_retry(*, message: SmsMessage, now: datetime | None = None) -> SmsMessage:
    """Staff put a failed SMS back in the queue (same key; one whose outcome is unknown is
    looked up at the gateway before it is sent again)."""
    if not outbox.retry_failed(SmsMessage, message_id=message.pk, now=now or timezone.now(),
                               dispatch=_dispatch_send):
        raise NotificationError("not_failed")
    message.refresh_from_db()
    return message


# --- E-mail -----------------------------------------------------------------------------
#
# Every SMS to a user with a verified e-mail address goes by e-mail too, in the same
# language, with the same text, under the key "<SMS key>:email". sms_enqueue queues it in
# the caller's transaction. The booking's rush path (permits.booking) inserts its SMS rows
# itself and must not pay the address lookup: its e-mails are queued by the worker when it
# takes the SMS (_email_for_claimed_sms; the key makes the two ways one).
#
# The send is the SMS's discipline: claim (queued -> sending), send, record; backoff with
# the SMS's tries and delays (SMS_MAX_ATTEMPTS, SMS_RETRY_*); the beat's redispatch also
# re-publishes forgotten e-mails and frees expired leases. SMTP cannot be asked whether a
# message arrived, so an e-mail whose outcome is unknown (the worker died mid-send, the
# server's answer was lost) is simply sent again with the same Message-ID header, derived
# from the key: the receiving systems and mail readers take the copy for the first one.

EMAIL_KEY_SUFFIX = ":email"
# Sentence ends in the portal's languages (Latin, Arabic question mark, Urdu full stop).
SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u06d4])\s")
SUBJECT_TOPIC_MAX = 90


def verified_email(user) -> str | None:
    """The user's primary address if allauth has it verified: the one we may write to.

    Accounts log in by e-mail and sign-up verifies it (ACCOUNT_EMAIL_VERIFICATION); an
    account made without confirming its address (by staff, say) gets no mail, and a new
    address is written to only once confirmed and made primary.
    """
    return (
        EmailAddress.objects.filter(user_id=user.pk, primary=True, verified=True)
        .values_list("email", flat=True)
        .first()
    )


def email_key_for_sms(sms_key: str) -> str:
    key = sms_key + EMAIL_KEY_SUFFIX
    limit = EmailMessage._meta.get_field("idempotency_key").max_length
    if len(key) > limit:
        # Still one key per SMS key: the cut part is replaced by its digest.
        digest = hashlib.sha256(sms_key.encode()).hexdigest()[:16]
        key = f"{sms_key[:limit - len(EMAIL_KEY_SUFFIX) - 17]}~{digest}{EMAIL_KEY_SUFFIX}"
    return key


def email_queue_for_sms(sms: SmsMessage) -> EmailMessage | None:
    """Queue the e-mail twin of an SMS row to its user, in the caller's transaction; None
    when the user has no verified address."""
    _require_transaction()
    address = verified_email(sms.user)
    if not address:
        return None
    about = sms.about_object if sms.about_content_type_id else None
    return email_enqueue(email_notice_row(
        to=address, text=sms.text, language=sms.language,
        idempotency_key=email_key_for_sms(sms.idempotency_key), user=sms.user,
        about=about or sms.about_reference or None,
    ))


def _email_for_claimed_sms(sms: SmsMessage) -> None:
    """The worker's half of the rule above; never in the way of the SMS itself."""
    key = email_key_for_sms(sms.idempotency_key)
    try:
        if EmailMessage.objects.filter(idempotency_key=key).exists():
            return  # queued with the SMS: the common case, one query
        with transaction.atomic():
            email_queue_for_sms(sms)
    except Exception:
        # The SMS went (or will); the e-mail is its second channel. Logged for staff.
        logger.exception("SMS %s: its e-mail could not be queued", sms.pk)


def email_notice_row(
    *, to, text, language, idempotency_key, user=None, about=None
) -> EmailMessage:
    """A notice to a pilgrim (templates/notifications/email/notice.*), not yet saved: the
    text as the SMS says it, and a link to the pilgrim's page of `about` when it has one."""
    language = _checked_language(language)
    url_of = getattr(about, "get_absolute_url", None)
    link = site_url(url_of()) if callable(url_of) else ""
    with translation.override(language):
        subject = _("%(site)s: %(topic)s") % {"site": str(settings.SITE_NAME),
                                               "topic": _subject_topic(text)}
    body, html = render_email("notifications/email/notice",
                              {"text": text, "link": link, "subject": subject},
                              language=language)
    return email_row(to=to, subject=subject, text=body, html=html, language=language,
                     idempotency_key=idempotency_key, user=user, about=about)


def _subject_topic(text: str) -> str:
    """The text's first sentence, cut short if long: what the notice is about."""
    first = SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(first) > SUBJECT_TOPIC_MAX:
        first = first[:SUBJECT_TOPIC_MAX - 1].rstrip() + "…"
    return first


def email_row(
    *, to, subject, text, html, language, idempotency_key, user=None, about=None
) -> EmailMessage:
    row = EmailMessage(
        idempotency_key=idempotency_key,
        recipient=_checked_address(to),
        language=_checked_language(language),
        subject=" ".join(str(subject).split())[:300],  # one header line
        text=text,
        html=html,
        user=user,
        **_about_fields(about),
    )
    key_length = EmailMessage._meta.get_field("idempotency_key").max_length
    if not row.idempotency_key or len(row.idempotency_key) > key_length:
        raise NotificationError("invalid_key", key=row.idempotency_key)
    return row


def email_enqueue(row: EmailMessage) -> EmailMessage:
    """Save a row from email_row in the caller's transaction (a repeated key returns the
    row already there) and send it once that commits."""
    _require_transaction()
    if not insert_unless_exists(row, conflict='("idempotency_key")'):
        return EmailMessage.objects.get(idempotency_key=row.idempotency_key)
    transaction.on_commit(partial(_dispatch_email, row.pk))
    return row


def _checked_address(to) -> str:
    address = str(to or "").strip()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise NotificationError("invalid_email", recipient=address) from exc
    return address


def _dispatch_email(message_id: int, *, countdown: float | None = None) -> None:
    """Publish the send task; broker down: the row stays queued and the beat's
    redispatch_stuck_sms publishes it."""
    from .tasks import send_email  # the tasks import these services at their top

    publish(send_email, message_id, countdown=countdown)


def email_send(message_id: int, *, now: datetime | None = None) -> EmailMessage | None:
    """Claim the row, hand it to EMAIL_BACKEND, record the outcome; None when there was
    nothing to send (already sent, claimed by another worker, or not due yet)."""
    now = now or timezone.now()
    if not outbox.claim(EmailMessage, message_id, now=now):
        return None
    row = EmailMessage.objects.get(pk=message_id)
    with translation.override(row.language):
        sender = from_email()
    message = EmailMultiAlternatives(
        subject=row.subject, body=row.text, from_email=sender, to=[row.recipient],
        headers={"Message-ID": row.message_id, "Content-Language": row.language},
    )
    message.attach_alternative(row.html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception as exc:
        logger.warning("E-mail %s: send failed: %s", row.pk, exc)
        return outbox.record_failure(row, error=exc, permanent=_refused(exc), now=now,
                                     dispatch=_dispatch_email)
    with transaction.atomic(durable=True):
        outbox.finish(row, status=EmailMessage.Status.SENT, sent_at=now, last_error="")
    return row


def _refused(exc: Exception) -> bool:
    """The server refused the message for good (5xx): another try would be refused too."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, ValueError)  # an address or header Django cannot write


def email_release_expired_leases(*, now: datetime | None = None) -> int:
    """Rows left in 'sending' past EMAIL_SENDING_LEASE_SECONDS belonged to a worker that
    died mid-send: queued again (sent again with the same Message-ID), or failed once they
    used up their tries."""
    return outbox.release_expired_leases(
        EmailMessage, lease=timedelta(seconds=settings.EMAIL_SENDING_LEASE_SECONDS),
        now=now or timezone.now(), dispatch=_dispatch_email)


def email_redispatch_due(*, now: datetime | None = None, batch_size: int | None = None) -> int:
    """sms_redispatch_due for e-mails: queued rows nobody took are published again."""
    now = now or timezone.now()
    email_release_expired_leases(now=now)
    return outbox.redispatch_due(EmailMessage, now=now, dispatch=_dispatch_email,
                                 batch_size=batch_size or settings.SMS_REDISPATCH_BATCH_SIZE)


def email_retry(*, message: EmailMessage, now: datetime | None = None) -> EmailMessage:
    """Staff put a failed e-mail back in the queue (same key, same Message-ID)."""
    if not outbox.retry_failed(EmailMessage, message_id=message.pk,
                               now=now or timezone.now(), dispatch=_dispatch_email):
        raise NotificationError("email_not_failed")
    message.refresh_from_db()
    return message
