"""The help desk's records about cases of any registered kind (casework.kinds)."""
import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# At risk and satisfaction


@pghistory.track()  # who changed a threshold, and when
class AtRiskRule(models.Model):
    """When a case of one kind counts as at risk of missing its next deadline: less than
    `percent_left` of the deadline's whole time is left, or less than `hours_left` hours,
    whichever comes first (an empty one is not used)."""

    kind = models.CharField(_("kind of case"), max_length=20, unique=True,
                            help_text=_("desk (service-desk requests) or complaint."))
    percent_left = models.PositiveSmallIntegerField(
        _("warn when less than this share of the time is left (%)"), null=True, blank=True,
        help_text=_("Of the deadline's whole time, e.g. 25: the last quarter."))
    hours_left = models.PositiveIntegerField(
        _("warn when less than this many hours are left"), null=True, blank=True)

    class Meta:
        verbose_name = _("at-risk threshold")
        verbose_name_plural = _("at-risk thresholds")
        ordering = ["kind"]

    def __str__(self):
        return self.kind

    def clean(self):
        from . import kinds

        if self.kind not in {kind.key for kind in kinds.all_kinds()}:
            raise ValidationError({"kind": _("Not a kind of case.")})
        if self.percent_left is None and self.hours_left is None:
            raise ValidationError(_("Give a share of the time, a number of hours, or both."))
        if self.percent_left is not None and not 0 < self.percent_left < 100:
            raise ValidationError({"percent_left": _("A share between 1 and 99.")})


class AtRisk(models.Model):
    """A case found at risk of missing one deadline, and whom that was told. One row per
    deadline run (its `anchor`, casework.kinds): the sweep tells once, and a new deadline
    (the resolution after the first answer, a reopened complaint) may be told again."""

    kind = models.CharField(_("kind of case"), max_length=20)
    case_id = models.BigIntegerField(_("case"))
    deadline = models.CharField(_("deadline"), max_length=20)
    anchor = models.DateTimeField()
    due_at = models.DateTimeField(_("due"))
    since = models.DateTimeField(_("at risk since"))
    told_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+",
                                verbose_name=_("assignee told"))
    told_emails = models.TextField(_("told at"), blank=True)

    class Meta:
        verbose_name = _("case at risk")
        verbose_name_plural = _("cases at risk")
        ordering = ["-since"]
        constraints = [models.UniqueConstraint(
            fields=["kind", "case_id", "deadline", "anchor"], name="casework_at_risk_once")]

    def __str__(self):
        return f"{self.kind}:{self.case_id} {self.deadline}"
