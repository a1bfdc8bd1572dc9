"""The help desk's records about cases of any registered kind (casework.kinds)."""

import re

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields

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

# Canned replies and links

# A reply's text is staff's: each {name} in it is looked up in this whitelist (casework.canned),
# never given to str.format, and a text naming anything else is refused when saved.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = ("reference", "pilgrim_name", "due_date", "agent_name")


def placeholders_check(text: str) -> None:
    """Refuse a text naming a placeholder outside the whitelist."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder %(names)s. Use only %(allowed)s."),
            code="unknown_placeholder",
            params={"names": ", ".join("{" + name + "}" for name in unknown),
                    "allowed": ", ".join("{" + name + "}" for name in PLACEHOLDERS)})


@pghistory.track()
class CannedReply(TranslatableModel):
    """A ready answer for one topic of a kind of case (or any topic of it), written in each
    language; its placeholders are filled in the case pilgrim's language (casework.canned)."""

    kind = models.CharField(_("kind of case"), max_length=20)
    topic = models.CharField(_("topic"), max_length=40, blank=True,
                             help_text=_("Empty: offered on every topic of this kind."))
    translations = TranslatedFields(
        title=models.CharField(_("title"), max_length=200),
        body=models.TextField(_("text"), validators=[placeholders_check], help_text=_(
            "Placeholders: {reference}, {pilgrim_name}, {due_date}, {agent_name}.")),
    )
    is_active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["kind", "topic", "pk"]

    def __str__(self):
        return self.safe_translation_getter("title", any_language=True) or f"#{self.pk}"


@pghistory.track()
class CaseLink(models.Model):
    """Two cases, of any registered kinds (casework.kinds), tied together: `source` is a
    duplicate of `target` (merged, and closed), or related to it."""

    class Relation(models.TextChoices):
        DUPLICATE = "duplicate", _("duplicate of")
        RELATED = "related", _("related to")

    source_kind = models.CharField(_("kind of case"), max_length=20)
    source_id = models.PositiveBigIntegerField(_("case"))
    target_kind = models.CharField(_("kind of the other case"), max_length=20)
    target_id = models.PositiveBigIntegerField(_("other case"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("case link")
        verbose_name_plural = _("case links")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source_kind", "source_id", "target_kind",
                                            "target_id"], name="casework_link_once"),
            # A case is merged once: the second merge of it, however it races, fails here.
            models.UniqueConstraint(fields=["source_kind", "source_id"],
                                    condition=models.Q(relation="duplicate"),
                                    name="casework_merged_once"),
            models.CheckConstraint(
                condition=~(models.Q(source_kind=models.F("target_kind"))
                            & models.Q(source_id=models.F("target_id"))),
                name="casework_link_not_itself"),
        ]

    def __str__(self):
        return f"{self.source_kind}:{self.source_id} {self.relation} " \
               f"{self.target_kind}:{self.target_id}"


# Assignment and notes


@pghistory.track()
class Assignment(models.Model):
    """One change of a case's agent: who had it, who has it now, who moved it and why.

    `by` is empty when the portal moved it (an overdue request escalated to its team's lead).
    """

    kind = models.CharField(_("kind of case"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("case"))
    from_agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("from"))
    to_agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("to"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        permissions = [("reassign_others", _("May reassign a case another agent holds"))]

    def __str__(self):
        return f"{self.kind} {self.object_id} → {self.to_agent_id}"


@pghistory.track()
class Note(models.Model):
    """An internal note on a case: for the staff who work on it, never shown to the pilgrim
    (no pilgrim page, API, SMS or PDF reads this table)."""

    kind = models.CharField(_("kind of case"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("case"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.kind} {self.object_id} #{self.pk}"
