import hashlib
from email.utils import parseaddr

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutboxRow(models.Model):
    """One message in an outbox (SMS or e-mail), written in the same transaction as the
    change it reports.

    The row is the truth: the Celery task only says "look at row N now", so a lost task is
    recovered from the row and a duplicated task finds the row already claimed. Both
    channels share these columns and the send discipline of notifications/outbox.py.
    """

    Status = OutboxStatus

    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # Start of the current send's lease: a row left in "sending" past the lease belonged to a
    # worker that died mid-send, and goes back to the queue.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # What the message was about, for staff: an object in the portal, or a free reference.
    about_content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_object_id = models.CharField(_("about (object id)"), max_length=64, blank=True)
    about_object = GenericForeignKey("about_content_type", "about_object_id")
    about_reference = models.CharField(_("about (reference)"), max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.idempotency_key


class SmsMessage(OutboxRow):
    """One SMS in the outbox."""

    recipient = models.CharField(_("recipient"), max_length=16, help_text=_("E.164 number"))
    # The last try may have reached the gateway (a worker lost mid-send, a timeout after the
    # request left): the next one asks the gateway for the key before sending again.
    outcome_unknown = models.BooleanField(_("outcome unknown"), default=False)
    provider_message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sms_messages",
    )

    class Meta(OutboxRow.Meta):
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        indexes = [
            # The redispatcher's and the lease sweeper's scans.
            models.Index(fields=["status", "next_attempt_at"], name="sms_status_next_idx"),
            models.Index(fields=["about_content_type", "about_object_id"], name="sms_about_idx"),
        ]

    @property
    def recipient_masked(self) -> str:
        """Only the last four digits: enough for staff to match a complaint, no more."""
        return "*" * max(len(self.recipient) - 4, 0) + self.recipient[-4:]


class EmailMessage(OutboxRow):
    """One e-mail in the outbox.

    SMTP cannot be asked whether a message arrived, so a send whose outcome is unknown is sent
    again with the same Message-ID (derived from the key), by which mail systems and readers
    recognise the second copy as the first.
    """

    recipient = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    html = models.TextField(_("HTML"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="email_messages",
    )

    class Meta(OutboxRow.Meta):
        verbose_name = _("e-mail message")
        verbose_name_plural = _("e-mail messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="email_status_next_idx"),
            models.Index(fields=["about_content_type", "about_object_id"],
                         name="email_about_idx"),
        ]

    @property
    def message_id(self) -> str:
        """The Message-ID header, the same at every try of this row (see the class)."""
        digest = hashlib.sha256(self.idempotency_key.encode()).hexdigest()[:40]
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        return f"<{digest}@{domain}>"

    @property
    def recipient_masked(self) -> str:
        """The first letter and the domain: enough for staff to match a complaint."""
        local, _at, domain = self.recipient.partition("@")
        return f"{local[:1]}***@{domain}"


class InboundSms(models.Model):
    """One SMS a person sent to the portal's number, as the gateway posted it (signed), and
    what it was answered. The gateway's id is unique: a message posted again (the gateway
    retrying) finds its row and is answered once."""

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("state sent")
        HELP = "help", _("help sent")
        LIMITED = "limited", _("over the number's hourly limit: nothing sent")

    message_id = models.CharField(_("gateway message id"), max_length=100, unique=True)
    sender = models.CharField(_("sender"), max_length=16, help_text=_("E.164 number"))
    text = models.CharField(_("text"), max_length=1600)
    received_at = models.DateTimeField(_("received by the gateway"))
    created_at = models.DateTimeField(_("received by the portal"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reply = models.ForeignKey(SmsMessage, verbose_name=_("reply"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("inbound SMS")
        verbose_name_plural = _("inbound SMS")
        ordering = ["-created_at", "-id"]
        # The hourly limit counts a number's recent messages.
        indexes = [models.Index(fields=["sender", "created_at"], name="sms_inbound_sender_idx")]

    def __str__(self):
        return self.message_id

    @property
    def sender_masked(self) -> str:
        return "*" * max(len(self.sender) - 4, 0) + self.sender[-4:]
