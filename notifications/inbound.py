"""Inbound SMS: "STATUS <reference>" (or "حالة <reference>") answered by SMS, for a basic
phone and for pilgrims abroad.

The gateway posts each message it receives to a signed webhook (notifications/api.py). A
reference of any kind (portal.references) is answered with its state and next step, in the
owner's language, only to the mobile that owns it: an owner account's current confirmed
mobile (the profile's; a number waiting for its code is not confirmed yet), or, for a record
without an account, the mobile it was filed with. Any other message, and a reference asked
from another number, gets the same help text in the sender's language, so a number that does
not own a reference learns nothing, not even that it exists.

Each number is answered at most SMS_INBOUND_ANSWERS_PER_HOUR times an hour (counted under a
per-number lock, so simultaneous messages cannot all slip under it); beyond that nothing is
sent, and the gateway still gets its 200. A message id seen before is answered once.
"""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PilgrimProfile
from portal import references

from .models import InboundSms
from .services import E164, sms_queue

logger = logging.getLogger(__name__)

# The keyword, in English (any case) or Arabic (with the final letter written either way),
# then one reference; spaces anywhere around them.
KEYWORD = re.compile(r"(?:STATUS|حالة|حاله)\s+(?P<reference>\S+)", re.IGNORECASE)

SMS = {
    "state": _("%(kind)s %(reference)s: %(state)s."),
    "state_next": _("%(kind)s %(reference)s: %(state)s. %(next_step)s"),
    "help": _("To learn the state of a permit, contract, complaint or request, send STATUS "
              "and its reference number from the mobile number of your account."),
}


def sms_inbound_receive(*, message_id: str, sender: str, text: str, received_at: datetime,
                        now: datetime | None = None) -> InboundSms:
    """Record one inbound SMS and answer it (or not, past the number's hourly limit), once
    per gateway message id. `sender` must be an E.164 number (the webhook checks it)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_number(sender)
        inbound, created = InboundSms.objects.get_or_create(
            message_id=message_id,
            defaults={"sender": sender, "text": text, "received_at": received_at,
                      "created_at": now, "outcome": InboundSms.Outcome.HELP})
        if not created:
            return inbound
        if _answered_this_hour(inbound, now=now) >= settings.SMS_INBOUND_ANSWERS_PER_HOUR:
            inbound.outcome = InboundSms.Outcome.LIMITED
        else:
            inbound.outcome, inbound.reply = _answer(inbound)
        inbound.save(update_fields=["outcome", "reply"])
    logger.info("Inbound SMS %s from %s: %s", message_id, inbound.sender_masked,
                inbound.outcome)
    return inbound


def is_e164(number: str) -> bool:
    return bool(E164.match(number or ""))


def _lock_number(sender: str) -> None:
    # Transaction-scoped, so it is released by the commit: one number's messages are
    # counted and answered one at a time, other numbers' in parallel.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"sms-inbound:{sender}"])


def _answered_this_hour(inbound: InboundSms, *, now: datetime) -> int:
    """How many of the number's earlier messages were answered within the last hour."""
    return (InboundSms.objects
            .filter(sender=inbound.sender, created_at__gt=now - timedelta(hours=1))
            .exclude(pk=inbound.pk).exclude(outcome=InboundSms.Outcome.LIMITED).count())


def _answer(inbound: InboundSms):
    found, language = _owned_reference(inbound.text, inbound.sender)
    key = f"sms-inbound:{inbound.message_id}"
    about = f"notifications.inbound:{inbound.pk}"
    if found is None:
        reply = sms_queue(to=inbound.sender, message=SMS["help"], idempotency_key=key,
                          language=_sender_language(inbound.sender), about=about)
        return InboundSms.Outcome.HELP, reply
    description = found.describe_in(language)
    reply = sms_queue(
        to=inbound.sender, message=SMS["state_next" if description.next_step else "state"],
        context={"kind": description.kind, "reference": description.reference,
                 "state": description.state, "next_step": description.next_step},
        language=language, idempotency_key=key, about=about)
    return InboundSms.Outcome.ANSWERED, reply


def _owned_reference(text: str, sender: str):
    """(the reference the message asks about, the language to answer in) when `sender` owns
    it; (None, None) for anything else."""
    match = KEYWORD.fullmatch(" ".join(references.plain(text).split()))
    found = match and references.reference_find(match["reference"])
    if not found:
        return None, None
    if found.owners:
        profile = (PilgrimProfile.objects.filter(user__in=found.owners, mobile=sender)
                   .order_by("pk").first())
        return (found, profile.preferred_language) if profile else (None, None)
    if found.filed_mobile and references.same_mobile(found.filed_mobile, sender):
        return found, _sender_language(sender)
    return None, None


def _sender_language(sender: str) -> str:
    """The language of the account whose current mobile this is; Arabic for a number that
    is no account's."""
    language = (PilgrimProfile.objects.filter(mobile=sender).order_by("pk")
                .values_list("preferred_language", flat=True).first())
    return language if language in dict(settings.LANGUAGES) else "ar"
