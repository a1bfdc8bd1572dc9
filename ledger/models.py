"""The money ledger: accounts, transfers and their entries (double entry, append only).

The chart of accounts and the sign convention are described in ledger/services.py, the only
code that writes here. Two rules hold in PostgreSQL itself, whoever writes
(ledger/migrations/0002_append_only_balanced_transfers.py): no row of these three tables is
ever updated or deleted, and at commit every transfer has at least two entries that sum to
zero in each currency.

The ledger sits below packages (which owns providers and seasons) in the apps' layers, so an
account names its provider and season by id, without a foreign key up to them.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Account(models.Model):
    """One kind of money of one provider in one season, in one currency."""

    class Kind(models.TextChoices):
        GUARANTEE_WITHHELD = "guarantee_withheld", _("Guarantee withheld")
        OWED_TO_PROVIDER = "owed_to_provider", _("Owed to the provider")
        GATEWAY = "gateway", _("Payment gateway (outside the portal)")

    provider_id = models.BigIntegerField(_("provider"), db_index=True)
    season_id = models.IntegerField(_("season"), db_index=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["provider_id", "season_id", "kind", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["provider_id", "season_id", "kind", "currency"],
                                    name="ledger_account_once"),
            models.CheckConstraint(condition=Q(currency__regex=r"^[A-Z]{3}$"),
                                   name="ledger_account_currency_code"),
        ]

    def __str__(self):
        return f"{self.provider_id}/{self.season_id} {self.get_kind_display()} {self.currency}"


class Transfer(models.Model):
    """One movement of money: its entries say from which accounts and to which.

    `key` is the caller's idempotency key (unique), so a retried call finds the movement it
    already made instead of moving the money again. `source`, `source_id` name what caused it
    ("packages.paymentattempt", "412"), as text because the ledger imports none of the apps
    that call it. The acting user is kept as a bare id: a foreign key would have to be
    cleared or block when a user is deleted, and a ledger row never changes.
    """

    class Kind(models.TextChoices):
        PAYMENT_RECEIVED = "payment_received", _("Payment received")
        REFUND_PAID = "refund_paid", _("Refund paid")
        COMPENSATION_PAID = "compensation_paid", _("Compensation paid from the guarantee")
        GUARANTEE_RELEASED = "guarantee_released", _("Guarantee released")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    source = models.CharField(_("caused by"), max_length=100)
    source_id = models.CharField(_("caused by (id)"), max_length=100)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    acting_user_id = models.BigIntegerField(_("acting user (id)"), null=True, blank=True)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ledger transfer")
        verbose_name_plural = _("ledger transfers")
        ordering = ["-id"]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()} ({self.source} {self.source_id})"


class Entry(models.Model):
    """One leg of a transfer: a signed amount on one account (+ in, - out)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="entries",
                                 verbose_name=_("transfer"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries",
                                verbose_name=_("account"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_not_zero"),
            models.UniqueConstraint(fields=["transfer", "account"],
                                    name="ledger_entry_one_leg_per_account"),
        ]
        # A statement reads an account's entries in posting order.
        indexes = [models.Index(fields=["account", "id"])]

    def __str__(self):
        return f"{self.account}: {self.amount}"
