"""Providers and their contracts with pilgrims.

Minimal for now: the packages issue extends both models (packages, seasons, quotas,
payments). Permits and accounts already depend on these two.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Provider(models.Model):
    """A licensed company or establishment serving domestic pilgrims."""

    name = models.CharField(_("name"), max_length=200)
    licence_number = models.CharField(_("licence number"), max_length=50, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contract(models.Model):
    """A pilgrim's contract with a provider for a season's Hajj package."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        PAID = "paid", _("Paid")
        PERMIT_REQUESTED = "permit_requested", _("Permit requested")
        PERMIT_ISSUED = "permit_issued", _("Permit issued")
        PERMIT_PRINTED = "permit_printed", _("Permit printed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    pilgrim = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts",
        verbose_name=_("pilgrim"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("provider")
    )
    season = models.PositiveSmallIntegerField(_("season (Hijri year)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    clients = models.PositiveSmallIntegerField(_("number of clients"), default=1)
    value = models.DecimalField(_("contract value (SAR)"), max_digits=12, decimal_places=2)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.provider} / {self.pilgrim} / {self.season}"
