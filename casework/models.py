"""The help desk's records about cases of any registered kind (casework.kinds)."""
import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
