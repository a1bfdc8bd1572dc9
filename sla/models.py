"""One row per e-service transaction, the surveys and probes behind the published service
levels, and the rollups the dashboards read.

Why a plain table with BRIN + composite B-tree indexes, not monthly partitions
------------------------------------------------------------------------------
`sla_transaction` takes tens of millions of rows a year, but it is only ever read three ways:

1. by hour range, when the rollups are (re)built: rows are inserted when the transaction
   starts, so their physical order follows `started_at` and a BRIN index on it (a few hundred
   kilobytes for a year) narrows an hour's or a month's scan to the right blocks, which is
   what partition pruning would give;
2. drill-down to the rows behind a figure: B-tree (service, started_at) and
   (provider, started_at), each answering "this service, this hour/day" with an index range;
3. one transaction by its owner's reference (partial unique index), to record it once.

The dashboards and public pages never read it: they read `HourlyRollup`/`DailyRollup`.
Declarative partitioning would force the partition key into every unique constraint (the
primary key becomes (id, started_at)), so surveys and other apps could not hold a real
foreign key to a transaction, Django cannot model the table, and every id lookup would probe
each partition. Its one remaining advantage is dropping a month with `DETACH PARTITION`;
at our retention (several years) a yearly batched DELETE by `started_at` is enough.
bench/sla/run.py measures it at 10 million rows (see README figures).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import BrinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Upper bounds (seconds) of the processing-time histogram bins kept in the rollups; the last
# bin is open-ended. Medians and 90th percentiles over any range are read from the summed
# bins (exact percentiles are not additive across hours). Changing it needs a rebuild.
PROCESSING_BINS = (
    1, 2, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600,
    86400, 2 * 86400, 3 * 86400, 5 * 86400, 10 * 86400, 30 * 86400,
)
HISTOGRAM_SIZE = len(PROCESSING_BINS) + 1


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("Service-centre counter")
    PHONE = "phone", _("Phone")
    ON_BEHALF = "on_behalf", _("On behalf")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    ABANDONED = "abandoned", _("Abandoned")
    SOLD_OUT = "sold_out", _("Sold out")
    FAILED = "failed", _("Failed")


class Transaction(models.Model):
    service = models.ForeignKey("portal.EService", on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("e-service"))
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices,
                               default=Channel.ONLINE)
    started_at = models.DateTimeField(_("started"))
    completed_at = models.DateTimeField(_("decided or completed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("provider"),
                                 db_index=False)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+", verbose_name=_("user"))
    # When the satisfaction survey is offered (sla.services says per e-service when): a time
    # the beat sweep acts on once it has passed; empty while its owning app is to say (a
    # desk request until resolved), when withdrawn (a cancelled booking), or for no survey.
    survey_due_at = models.DateTimeField(_("survey due"), null=True, blank=True)
    survey_offered_at = models.DateTimeField(_("survey offered"), null=True, blank=True)

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        indexes = [
            BrinIndex(fields=["started_at"], name="sla_tx_started_brin",
                      pages_per_range=32),
            models.Index(fields=["service", "started_at"], name="sla_tx_service_started"),
            models.Index(fields=["provider", "started_at"], name="sla_tx_provider_started",
                         condition=Q(provider__isnull=False)),
            # The survey sweep's queue: only offers still to make are in it.
            models.Index(fields=["survey_due_at"], name="sla_tx_survey_due",
                         condition=Q(survey_due_at__isnull=False,
                                     survey_offered_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["service", "reference"], name="sla_tx_once",
                                    condition=~Q(reference="")),
            models.CheckConstraint(
                condition=Q(outcome="pending", completed_at__isnull=True)
                | (~Q(outcome="pending") & Q(completed_at__isnull=False)),
                name="sla_tx_decided_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.service_id}:{self.reference or self.pk}"

    @property
    def processing_time(self):
        """Elapsed time; the figures of a working-day service count working time instead
        (sla.rollups.WORKING_SECONDS)."""
        return self.completed_at - self.started_at if self.completed_at else None


class SurveyVia(models.TextChoices):
    PAGE = "page", _("On the page")
    SMS = "sms", _("By SMS link")


class Survey(models.Model):
    """The answer to the one-question survey offered after a completed transaction.

    The offer itself is a signed link (on the page and by SMS), not a row: most offers are
    never answered, and at national scale a row per offer would double the writes. The
    one-to-one key is what makes it "once per transaction".
    """

    transaction = models.OneToOneField(Transaction, on_delete=models.CASCADE,
                                       related_name="survey", verbose_name=_("transaction"))
    answered_at = models.DateTimeField(_("answered"))
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    via = models.CharField(_("answered"), max_length=8, choices=SurveyVia.choices,
                           default=SurveyVia.PAGE)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(condition=Q(rating__range=(1, 5)),
                                   name="sla_survey_rating_1_5"),
        ]

    def __str__(self):
        return f"survey {self.pk}"


class ProbeStatus(models.TextChoices):
    UP = "up", _("Working")
    DOWN = "down", _("Outage")
    MAINTENANCE = "maintenance", _("Announced maintenance")
    CLOSED = "closed", _("Closed")


class Probe(models.Model):
    """One availability probe of one service in one minute."""

    service = models.ForeignKey("portal.EService", on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField(_("minute"))
    status = models.CharField(_("status"), max_length=12, choices=ProbeStatus.choices)
    database_ok = models.BooleanField(_("database"))
    redis_ok = models.BooleanField(_("Redis"))
    worker_ok = models.BooleanField(_("worker"))

    class Meta:
        verbose_name = _("availability probe")
        verbose_name_plural = _("availability probes")
        indexes = [BrinIndex(fields=["minute"], name="sla_probe_minute_brin")]
        constraints = [models.UniqueConstraint(fields=["service", "minute"],
                                               name="sla_probe_once_a_minute")]

    def __str__(self):
        return f"{self.service_id} {self.minute:%Y-%m-%d %H:%M} {self.status}"


class RollupBase(models.Model):
    """Additive counters of one bucket; every metric is a ratio of sums of these."""

    service_id = models.IntegerField()
    provider_id = models.BigIntegerField(null=True)
    channel = models.CharField(max_length=12)
    started = models.IntegerField(default=0)
    completed = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    online = models.IntegerField(default=0)
    surveys = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    # Decisions slower than their service's target (working days, or the policy's
    # "immediate"), as the target stood when the bucket was computed (sla.rollups).
    over_target = models.IntegerField(default=0)
    processing = ArrayField(models.IntegerField(), size=HISTOGRAM_SIZE)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.service_id}/{self.provider_id}/{self.channel}"


class HourlyRollup(RollupBase):
    hour = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["hour", "service_id", "provider_id", "channel"],
            name="sla_hourly_bucket", nulls_distinct=False)]


class DailyRollup(RollupBase):
    day = models.DateField()  # the day in Riyadh

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["day", "service_id", "provider_id", "channel"],
            name="sla_daily_bucket", nulls_distinct=False)]


class ProbeRollup(models.Model):
    """Probe counts of one service in one hour: availability = up / (up + down)."""

    hour = models.DateTimeField()
    service_id = models.IntegerField()
    up = models.IntegerField(default=0)
    down = models.IntegerField(default=0)
    maintenance = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["hour", "service_id"],
                                               name="sla_probe_hour_bucket")]

    def __str__(self):
        return f"{self.service_id} {self.hour:%Y-%m-%d %H}h"


class DirtyHour(models.Model):
    """An hour whose rollup must be recomputed because an older transaction changed (a
    decision days later, a survey answered late). The current and previous hours are always
    recomputed, so only changes to older hours are marked."""

    hour = models.DateTimeField(primary_key=True)

    def __str__(self):
        return f"{self.hour:%Y-%m-%d %H}h"


class Policy(models.Model):
    """How figures are judged, one row per season, edited by ministry staff in the admin.

    The season is its Hijri year as a plain number, not a key to packages.Season: sla sits
    below packages in the apps' layers (packages records its transactions here), and its
    figures already count a season as the Hijri year (dashboard.current_season_range). A
    year without its own row follows the latest earlier year's (sla.policies).
    """

    hijri_year = models.PositiveSmallIntegerField(_("season (Hijri year)"), unique=True)
    immediate_seconds = models.PositiveIntegerField(
        _("'immediate' means within (seconds)"), default=60,
        help_text=_("A service published as processed immediately meets its target when "
                    "its 90th percentile is within this time."),
    )
    amber_margin = models.DecimalField(
        _("amber margin (percentage points)"), max_digits=5, decimal_places=2, default=5,
        help_text=_("A figure below its target by at most this margin is amber, not red."),
    )
    availability_target = models.DecimalField(
        _("portal availability target (%)"), max_digits=5, decimal_places=2, default=99)
    satisfaction_floor = models.DecimalField(
        _("portal satisfaction target (%)"), max_digits=5, decimal_places=2, default=80,
        help_text=_("Used for services without a published satisfaction target."),
    )
    satisfied_from_rating = models.PositiveSmallIntegerField(
        _("satisfied from rating"), default=4,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("A survey answer counts as satisfied at this rating or above (of 5)."),
    )
    survey_sms = models.BooleanField(_("offer the survey by SMS"), default=True)
    survey_valid_days = models.PositiveSmallIntegerField(
        _("survey link valid for (days)"), default=14)

    class Meta:
        verbose_name = _("service-level policy")
        verbose_name_plural = _("service-level policies")
        ordering = ["-hijri_year"]

    def __str__(self):
        return _("Service-level policy of %(year)s AH") % {"year": self.hijri_year}


def provider_model():
    """The provider company model, through the transactions' own link to it: packages sits
    above sla (it records its transactions here), so sla does not import it."""
    return Transaction._meta.get_field("provider").related_model
