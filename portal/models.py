from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class EService(TranslatableModel):
    """One e-service of the ministry's catalogue with the service levels it publishes.

    The targets are the ministry's published figures (RULES.md section 1); staff change them
    in the admin each season, and the SLA app measures each one against our own records.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        description=models.TextField(_("description"), blank=True),
        processing_time=models.CharField(
            _("processing time (as published)"), max_length=100, blank=True,
            help_text=_("The published wording, e.g. \"immediate\" or \"3 working days\"."),
        ),
        availability=models.CharField(
            _("availability (as published)"), max_length=100, blank=True,
            help_text=_("The published wording, e.g. \"24/7\"."),
        ),
    )
    satisfaction_target = models.DecimalField(
        _("satisfaction target (%)"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("Leave empty when the ministry publishes no satisfaction target."),
    )
    yearly_transactions = models.PositiveBigIntegerField(
        _("transactions per year (published)"), default=0
    )
    processing_working_days = models.PositiveSmallIntegerField(
        _("processing time target (working days)"), default=0,
        help_text=_("0 means the service is processed immediately."),
    )
    availability_hours_per_day = models.PositiveSmallIntegerField(
        _("availability (hours a day)"), default=24,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    digitisation_percent = models.DecimalField(
        _("digitisation (%)"), max_digits=5, decimal_places=2, default=100,
        validators=PERCENT_VALIDATORS,
    )
    completion_percent = models.DecimalField(
        _("completion (%)"), max_digits=5, decimal_places=2, default=100,
        validators=PERCENT_VALIDATORS,
    )
    url_name = models.CharField(
        _("page URL name"), max_length=100, blank=True,
        help_text=_("Django URL name of the service's page, optionally followed by a space "
                    "and one argument, e.g. \"permits:calendar rawdah_men\"; empty while "
                    "the service has no page of its own."),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_order", "code"]
        verbose_name = _("e-service")
        verbose_name_plural = _("e-services")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code

    def clean(self):
        if self.url_name and self.page_url() is None:
            raise ValidationError({"url_name": _("No page has this URL name.")})

    def page_url(self) -> str | None:
        """The service's own page, or None while it has none (URL names come from staff)."""
        if not self.url_name:
            return None
        name, _space, argument = self.url_name.partition(" ")
        try:
            return reverse(name, args=[argument] if argument else None)
        except NoReverseMatch:
            return None


class SupportChannel(TranslatableModel):
    """A way to reach the ministry, published on the contact page."""

    class Kind(models.TextChoices):
        PHONE_INSIDE = "phone_inside", _("Phone inside the Kingdom")
        PHONE_OUTSIDE = "phone_outside", _("Phone from outside the Kingdom")
        CARE_CENTRE = "care_centre", _("Care centre")
        EMAIL = "email", _("E-mail")
        WEB = "web", _("Website")
        SOCIAL = "social", _("Social media")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.CharField(
        _("number or address"), max_length=200,
        help_text=_("A phone number, an e-mail address or a web address."),
    )
    translations = TranslatedFields(
        label=models.CharField(_("label"), max_length=150),
        hours=models.CharField(_("opening hours"), max_length=150, blank=True),
    )
    display_order = models.PositiveSmallIntegerField(_("display order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["display_order", "pk"]
        verbose_name = _("support channel")
        verbose_name_plural = _("support channels")

    def __str__(self):
        return self.safe_translation_getter("label", any_language=True) or self.value

    @property
    def is_phone(self) -> bool:
        return self.kind in {self.Kind.PHONE_INSIDE, self.Kind.PHONE_OUTSIDE,
                             self.Kind.CARE_CENTRE}

    @property
    def href(self) -> str:
        if self.is_phone:
            return "tel:" + "".join(ch for ch in self.value if ch.isdigit() or ch == "+")
        if self.kind == self.Kind.EMAIL:
            return "mailto:" + self.value
        return self.value


class MaintenanceWindow(TranslatableModel):
    """A planned suspension of the portal or of some services (the ministry announces it).

    Only announced windows are shown to pilgrims and excused from measured availability.
    """

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_announced = models.BooleanField(
        _("announced"), default=True,
        help_text=_("Announced windows are shown on the site and to the availability probe."),
    )
    services = models.ManyToManyField(
        EService, blank=True, related_name="maintenance_windows", verbose_name=_("e-services"),
        help_text=_("Leave empty when the whole portal is affected."),
    )
    translations = TranslatedFields(
        message=models.TextField(_("message to pilgrims")),
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="portal_maintenance_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} – {self.ends_at:%Y-%m-%d %H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The window must end after it starts.")})

    def is_in_progress(self, *, now) -> bool:
        return self.starts_at <= now < self.ends_at


class SweepClaim(models.Model):
    """A beat sweep's short claim on one row it is about to process (portal/sweeps.py).

    One table for every sweep, keyed by (sweep, row id), rather than a `claimed_until` column
    on each swept model: the swept models are audited by pghistory, so a column would write
    two history snapshots per row per tick (claim, release) into the audit trail, and each
    new sweep would need a migration of its own model. The unique key is the index the
    claim's anti-join and upsert use; rows live only while claimed.
    """

    sweep = models.CharField(_("sweep"), max_length=60)
    row_id = models.BigIntegerField(_("row id"))
    claimed_until = models.DateTimeField(_("claimed until"))

    class Meta:
        verbose_name = _("sweep claim")
        verbose_name_plural = _("sweep claims")
        constraints = [
            models.UniqueConstraint(fields=["sweep", "row_id"], name="sweep_claim_unique_row"),
        ]

    def __str__(self):
        return f"{self.sweep}:{self.row_id}"

class IdempotencyKey(models.Model):
    """One Idempotency-Key a user sent to one API endpoint, and the answer it got.

    Claimed (committed, answer empty) before the endpoint takes any lock, answered once the
    endpoint has answered; portal/idempotency.py holds the protocol. Rows go after
    IDEMPOTENCY_RETENTION_HOURS (portal.tasks.idempotency_keys_purge).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+", verbose_name=_("user"))
    scope = models.CharField(_("endpoint"), max_length=60)
    key = models.CharField(_("key"), max_length=100)
    fingerprint = models.CharField(
        _("request fingerprint"), max_length=64,
        help_text=_("SHA-256 of the method, the path and the canonical JSON of the body."))
    claimed_at = models.DateTimeField(_("claimed at"))
    status_code = models.PositiveSmallIntegerField(
        _("answer status"), null=True, help_text=_("Empty while the first request runs."))
    response = models.JSONField(_("answer body"), null=True)
    answered_at = models.DateTimeField(_("answered at"), null=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"],
                                               name="portal_idempotency_key_once")]
        indexes = [models.Index(fields=["claimed_at"], name="portal_idempotency_claimed")]

    def __str__(self):
        return f"{self.scope} {self.key}"


class ScheduledRuleChange(models.Model):
    """A rule edit staff saved to take effect on a later day (portal.rule_changes).

    The target is any rule model an app declares (refund windows, permit service rules, the
    compensation annex); `values` are the edited fields as JSON, applied once by the beat's
    sweep on `effective_at`, in the audit context of `created_by` with `reason`, exactly as an
    immediate save would be.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPLIED = "applied", _("Applied")
        CANCELLED = "cancelled", _("Cancelled")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     verbose_name=_("rule kind"))
    object_id = models.PositiveBigIntegerField(_("rule"))
    values = models.JSONField(_("new values"), default=dict)
    effective_at = models.DateTimeField(_("takes effect"))
    reason = models.TextField(_("reason for the change"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("changed by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled rule change")
        verbose_name_plural = _("scheduled rule changes")
        ordering = ["effective_at", "pk"]
        indexes = [models.Index(fields=["status", "effective_at"],
                                name="portal_rule_change_due")]

    def __str__(self):
        day = timezone.localtime(self.effective_at)
        return f"{self.content_type.model} #{self.object_id} @ {day:%Y-%m-%d}"

    @property
    def rule(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)
