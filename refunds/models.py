"""Refunds of cancelled contracts and the exemption claims that make a refund full.

A refund keeps its whole computation (policy rule, inputs, amounts) so that staff and the
pilgrim can always see why it is that amount; pghistory keeps every status change.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CancelReason, PermitState


@pghistory.track()
class Refund(models.Model):
    class Status(models.TextChoices):
        COMPUTED = "computed", _("Computed")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    contract = models.OneToOneField("packages.Contract", on_delete=models.PROTECT,
                                    related_name="refund",
                                    verbose_name=_("contract"))
    reason = models.CharField(_("reason"), max_length=16, choices=CancelReason.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.COMPUTED)
    rule_code = models.CharField(_("rule"), max_length=40)
    rule_text = models.CharField(_("rule as shown"), max_length=300)
    permit_state = models.CharField(_("permit state"), max_length=12,
                                    choices=PermitState.choices)
    cancel_date = models.DateField(_("cancellation day (Riyadh)"))
    contract_value = models.DecimalField(_("contract value (SAR)"), max_digits=12,
                                         decimal_places=2)
    clients = models.PositiveSmallIntegerField(_("clients"))
    deduction = models.DecimalField(_("deduction (SAR)"), max_digits=12, decimal_places=2)
    amount_paid = models.DecimalField(_("paid by the pilgrim (SAR)"), max_digits=12,
                                      decimal_places=2)
    amount = models.DecimalField(_("refund (SAR)"), max_digits=12, decimal_places=2)
    computation = models.JSONField(_("computation"), default=dict)
    created_at = models.DateTimeField(_("computed"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved by"))
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                null=True, blank=True, related_name="+",
                                verbose_name=_("paid by"))

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.contract_id}: {self.amount} SAR ({self.get_status_display()})"


@pghistory.track()
class ExemptionClaim(models.Model):
    """A pilgrim's claim for a full refund despite the windows, decided by staff."""

    class Kind(models.TextChoices):
        DEATH = "death", _("Death of the applicant (or of the husband, for the wife)")
        ACCIDENT = "accident", _("Traffic or criminal accident")
        DISABILITY = "disability", _("Disability")
        HOSPITALISATION = "hospitalisation", _("Hospitalisation")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    contract = models.ForeignKey("packages.Contract", on_delete=models.PROTECT,
                                 related_name="exemption_claims", verbose_name=_("contract"))
    kind = models.CharField(_("ground"), max_length=16, choices=Kind.choices)
    statement = models.TextField(_("statement"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("submitted by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("exemption claim")
        verbose_name_plural = _("exemption claims")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.contract_id}: {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """The number the pilgrim quotes about the claim (given in its acknowledgement)."""
        return f"EX-{self.pk:06d}"


class ExemptionDocument(models.Model):
    """A report proving the ground (an Arabic report from a government or accredited
    hospital); stored outside the web root and only shown to staff."""

    claim = models.ForeignKey(ExemptionClaim, on_delete=models.CASCADE,
                              related_name="documents", verbose_name=_("claim"))
    file = models.FileField(_("document"), upload_to="refunds/exemptions/%Y/%m/")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("exemption document")
        verbose_name_plural = _("exemption documents")

    def __str__(self):
        return self.file.name
