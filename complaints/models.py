"""Complaints against a contract's provider (or about the portal itself), with deadlines that
enforce themselves.

Deadlines are columns (`ack_due_at`, `fix_due_at`) that a Celery beat sweep reads; every
state change is a conditional UPDATE in complaints.services, so each fires exactly once, and
each is a `Transition` row (who, when, why) besides the pghistory snapshot of the complaint.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

from compensation.models import FailureKind, ServiceItem

OTHER = ("other", _("Other"))
ITEM_CHOICES = [*ServiceItem.choices, OTHER]
FAILURE_CHOICES = [*FailureKind.choices, OTHER]


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    IN_PERSON = "in_person", _("In person")


class About(models.TextChoices):
    PROVIDER = "provider", _("My Hajj package provider")
    PORTAL = "portal", _("An e-service of this portal")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING_PILGRIM = "waiting_pilgrim", _("Waiting for your information")
    RESOLVED = "resolved", _("Resolved by the provider")
    CONFIRMED = "confirmed", _("Confirmed by the pilgrim")
    ESCALATED = "escalated", _("Escalated to the ministry")
    UNDER_REVIEW = "under_review", _("Under ministry review")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")
    CLOSED = "closed", _("Closed")


# The same states as staff read them in the admin (Status is worded for the pilgrim).
STAFF_STATUS_LABELS = {
    Status.SUBMITTED: _("New, to acknowledge"),
    Status.ACKNOWLEDGED: _("Acknowledged, work not started"),
    Status.IN_PROGRESS: _("Being fixed"),
    Status.WAITING_PILGRIM: _("Waiting for the pilgrim (clock paused)"),
    Status.RESOLVED: _("Resolved, waiting for the pilgrim to confirm"),
    Status.CONFIRMED: _("Confirmed fixed by the pilgrim"),
    Status.ESCALATED: _("Escalated, waiting for the ministry's review"),
    Status.UNDER_REVIEW: _("Under the ministry's review"),
    Status.UPHELD: _("Upheld by the ministry, to close"),
    Status.DISMISSED: _("Dismissed by the ministry, to close"),
    Status.CLOSED: _("Closed"),
}

# Where the provider (or the care centre, for the portal) still has the complaint in hand.
PROVIDER_OPEN = (Status.SUBMITTED, Status.ACKNOWLEDGED, Status.IN_PROGRESS)
MINISTRY_OPEN = (Status.ESCALATED, Status.UNDER_REVIEW)
FINAL = (Status.CONFIRMED, Status.CLOSED)


@pghistory.track()  # who changed a deadline and why (portal.rule_changes)
class Policy(models.Model):
    """Settings of the complaint service that the annex does not give, one row per season
    (a season without its own row follows the latest earlier season's)."""

    season = models.OneToOneField("packages.Season", on_delete=models.CASCADE,
                                  related_name="complaint_policy", verbose_name=_("season"))
    default_corrective_minutes = models.PositiveIntegerField(
        _("corrective period when the annex has no row (minutes)"), default=120,
        help_text=_("For 'other' items and failures, and complaints about the portal."),
    )
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days after the day received)"), default=0,
        help_text=_("0: by the end of the working day the complaint is received (the next "
                    "working day when received on a weekend or holiday)."),
    )
    max_files = models.PositiveSmallIntegerField(_("attachments per message"), default=5)
    max_file_mb = models.PositiveSmallIntegerField(_("largest attachment (MB)"), default=5)

    class Meta:
        verbose_name = _("complaint policy")
        verbose_name_plural = _("complaint policies")
        ordering = ["-season_id"]

    def __str__(self):
        return _("Complaint policy of %(season)s") % {"season": self.season}


@pghistory.track()
class Complaint(models.Model):
    number = models.CharField(_("complaint number"), max_length=20, unique=True, null=True,
                              editable=False)
    pilgrim = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="complaints", verbose_name=_("pilgrim"))
    about = models.CharField(_("about"), max_length=10, choices=About.choices,
                             default=About.PROVIDER)
    contract = models.ForeignKey("packages.Contract", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="complaints",
                                 verbose_name=_("contract"))
    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="complaints",
                                 verbose_name=_("provider"))
    season = models.ForeignKey("packages.Season", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="complaints", verbose_name=_("season"))
    item = models.CharField(_("service item"), max_length=24, choices=ITEM_CHOICES)
    failure = models.CharField(_("what went wrong"), max_length=16, choices=FAILURE_CHOICES)
    description = models.TextField(_("what happened"))
    occurred_at = models.DateTimeField(_("when it happened"))
    channel = models.CharField(_("received through"), max_length=10, choices=Channel.choices,
                               default=Channel.ONLINE)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("logged on the pilgrim's behalf by"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.SUBMITTED)
    created_at = models.DateTimeField(_("received"))
    corrective_period_minutes = models.PositiveIntegerField(_("corrective period (minutes)"))
    ack_due_at = models.DateTimeField(_("to be acknowledged by"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    fix_due_at = models.DateTimeField(_("to be fixed by"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution_note = models.TextField(_("what the provider did"), blank=True)
    fixed_late = models.BooleanField(_("fixed after the corrective period"), default=False)
    paused_at = models.DateTimeField(_("waiting on the pilgrim since"), null=True, blank=True)
    paused_status = models.CharField(max_length=16, choices=Status.choices, blank=True,
                                     editable=False)
    paused_seconds = models.PositiveIntegerField(_("time waiting on the pilgrim (s)"),
                                                 default=0)
    # The agent working on it (casework.services: take, assign).
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="assigned_complaints",
                                    verbose_name=_("assigned to"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_automatically = models.BooleanField(_("escalated by the deadline"), default=False)
    review_started_at = models.DateTimeField(_("review started"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["fix_due_at"]
        indexes = [
            models.Index(fields=["status", "fix_due_at"]),
            models.Index(fields=["provider", "status"]),
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    def get_absolute_url(self):
        """The pilgrim's page of the complaint (the e-mail notices link to it)."""
        if not self.number:  # numbered when filed; a draft has only the list
            return reverse("complaints:list")
        return reverse("complaints:detail", args=[self.number])

    @property
    def waiting_on_pilgrim(self) -> bool:
        return self.status == Status.WAITING_PILGRIM

    def provider_time_passed(self, now) -> bool:
        return self.status in PROVIDER_OPEN and now >= self.fix_due_at


class EscalatedComplaint(Complaint):
    """The ministry's queue (care centre, monitors): the same rows, another admin."""

    class Meta:
        proxy = True
        verbose_name = _("escalated complaint")
        verbose_name_plural = _("escalated complaints")


class Transition(models.Model):
    """One step of a complaint's life, shown as its timeline: who, when, why."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Complaint received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        STARTED = "started", _("Work started")
        INFO_REQUESTED = "info_requested", _("Information requested from the pilgrim")
        REPLIED = "replied", _("Message")
        RESOLVED = "resolved", _("Resolved by the provider")
        CONFIRMED = "confirmed", _("Confirmed by the pilgrim")
        REOPENED = "reopened", _("Reopened by the pilgrim")
        ESCALATED = "escalated", _("Escalated to the ministry")
        REVIEW_STARTED = "review_started", _("Ministry review started")
        UPHELD = "upheld", _("Upheld by the ministry")
        DISMISSED = "dismissed", _("Dismissed by the ministry")
        CLOSED = "closed", _("Closed")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="transitions", verbose_name=_("complaint"))
    kind = models.CharField(_("step"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("from"), max_length=16, choices=Status.choices,
                                   blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("by"),
                              help_text=_("Empty: the system (a deadline passed)."))
    note = models.TextField(_("why"), blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint timeline")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.complaint} {self.kind}"


def attachment_path(instance, filename):
    # Never the uploaded name on disk: it may hold personal data or path tricks.
    return f"complaints/{instance.complaint_id}/{instance.token}"


class Attachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE,
                                  related_name="attachments", verbose_name=_("complaint"))
    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="attachments", verbose_name=_("message"))
    token = models.CharField(max_length=40, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


@pghistory.track()
class Sanction(models.Model):
    """A sanction on a provider, with the complaints behind it."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        FINE = "fine", _("Fine")
        SUSPENSION = "suspension", _("Suspension for seasons")
        REVOCATION = "revocation", _("Licence revocation")

    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT,
                                 related_name="sanctions", verbose_name=_("provider"))
    kind = models.CharField(_("sanction"), max_length=12, choices=Kind.choices)
    fine_amount = models.DecimalField(_("fine (SAR)"), max_digits=12, decimal_places=2,
                                      null=True, blank=True)
    seasons = models.PositiveSmallIntegerField(_("suspended for (seasons)"), null=True,
                                               blank=True)
    from_season = models.ForeignKey("packages.Season", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("suspended from season"))
    reason = models.TextField(_("reasons"))
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="sanctions",
                                        verbose_name=_("complaints behind it"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("provider sanction")
        verbose_name_plural = _("provider sanctions")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.provider} - {self.get_kind_display()}"


# --- Reports for the national complaints systems ---------------------------------------------


@pghistory.track()
class ReportingAuthority(TranslatableModel):
    """A body the portal reports its complaints (and suggestions) to every month.

    Seeded with the ministry's own monitoring and follow-up committees (seed 003: the client
    reports a provider that does not respond to "the ministry's monitors (monitoring and
    follow-up committees)"); staff add others in the admin. What each covers is data.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=200))
    covers_provider_complaints = models.BooleanField(_("complaints about providers"),
                                                     default=True)
    covers_portal_complaints = models.BooleanField(_("complaints about the portal"),
                                                   default=True)
    covers_suggestions = models.BooleanField(_("suggestions"), default=True)
    report_language = models.CharField(_("report language"), max_length=10,
                                       choices=settings.LANGUAGES, default="ar")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reporting authority")
        verbose_name_plural = _("reporting authorities")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code


class MonthlyReport(models.Model):
    """One authority's figures for one Gregorian month (Makkah time), with its CSV and PDF.

    The beat makes it once (the unique constraint: a second run, or two beats racing, find
    it made); staff regenerate a chosen month by hand (`complaints_monthly_report`).
    """

    authority = models.ForeignKey(ReportingAuthority, on_delete=models.PROTECT,
                                  related_name="reports", verbose_name=_("authority"))
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    figures = models.JSONField(_("figures"), default=dict)
    csv_data = models.BinaryField(_("CSV"))
    pdf_data = models.BinaryField(_("PDF"))
    generated_at = models.DateTimeField(_("generated"))

    class Meta:
        ordering = ["-month", "authority"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        permissions = [("download_monthlyreport", _("Can download the monthly reports"))]
        constraints = [models.UniqueConstraint(fields=["authority", "month"],
                                               name="complaints_report_once_per_month")]

    def __str__(self):
        return f"{self.authority} {self.month:%Y-%m}"
