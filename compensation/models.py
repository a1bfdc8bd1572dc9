"""The compensation annex as data, and the claims computed from it.

One `AnnexRule` per season, service item and failure kind holds what RULES.md section 4
publishes: a percentage of the package value with an optional floor and cap, the corrective
period the provider has to fix the fault, and what a repeated finding does. Staff edit the
rows in the admin; `compensation.annex.compute_compensation` is the only code that reads them.
"""

from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from packages.models import GatewayOperation

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONEY = [MinValueValidator(Decimal("0"))]


class ItemGroup(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Accommodation")
    CATERING = "catering", _("Catering")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


class ServiceItem(models.TextChoices):
    """The items of the annex (codes are part of the public calculator's contract)."""

    MAKKAH_HOUSING = "makkah_housing", _("Makkah housing on the Tashreeq days")
    CAMP_SERVICES = "camp_services", _("Holy-sites camp and its services")
    TENT_COMPONENTS = "tent_components", _("Holy-sites tent components")
    MEAL_GENERAL = "meal_general", _("A meal (no row of its own)")
    ARAFAT_BREAKFAST = "arafat_breakfast", _("Arafat breakfast")
    ARAFAT_LUNCH = "arafat_lunch", _("Arafat lunch")
    MUZDALIFAH_MEAL = "muzdalifah_meal", _("Muzdalifah meal")
    DAY10_LUNCH = "day10_lunch", _("Lunch on the 10th")
    OTHER_MEAL = "other_meal", _("Remaining meals")
    INTERCITY_TRANSPORT = "intercity_transport", _("Transport between your city and Makkah")
    MASHAIR_BUSES = "mashair_buses", _("Buses during the holy-sites journey")


ITEM_GROUPS = {
    ServiceItem.MAKKAH_HOUSING: ItemGroup.ACCOMMODATION,
    ServiceItem.CAMP_SERVICES: ItemGroup.ACCOMMODATION,
    ServiceItem.TENT_COMPONENTS: ItemGroup.ACCOMMODATION,
    ServiceItem.MEAL_GENERAL: ItemGroup.CATERING,
    ServiceItem.ARAFAT_BREAKFAST: ItemGroup.CATERING,
    ServiceItem.ARAFAT_LUNCH: ItemGroup.CATERING,
    ServiceItem.MUZDALIFAH_MEAL: ItemGroup.CATERING,
    ServiceItem.DAY10_LUNCH: ItemGroup.CATERING,
    ServiceItem.OTHER_MEAL: ItemGroup.CATERING,
    ServiceItem.INTERCITY_TRANSPORT: ItemGroup.TRANSPORT,
    ServiceItem.MASHAIR_BUSES: ItemGroup.TRANSPORT,
}


class FailureKind(models.TextChoices):
    LATE = "late", _("Late")
    NOT_DELIVERED = "not_delivered", _("Not delivered")
    CONTRARY = "contrary", _("Contrary to the contract")


class RepeatRule(models.TextChoices):
    NONE = "none", _("Same as the first finding")
    RAISE_TO = "raise_to", _("Raised to the maximum percentage")
    DOUBLE = "double", _("Doubled")


@pghistory.track()  # who changed a rate and why (portal.rule_changes)
class AnnexRule(models.Model):
    """One cell of the season's compensation annex."""

    season = models.ForeignKey("packages.Season", on_delete=models.CASCADE,
                               related_name="annex_rules", verbose_name=_("season"))
    item = models.CharField(_("service item"), max_length=24, choices=ServiceItem.choices)
    failure = models.CharField(_("failure kind"), max_length=16, choices=FailureKind.choices)
    percent = models.DecimalField(_("percentage of the package value"), max_digits=5,
                                  decimal_places=2, default=Decimal("0"), validators=PERCENT)
    floor = models.DecimalField(_("at least (SAR)"), max_digits=10, decimal_places=2,
                                null=True, blank=True, validators=MONEY)
    cap = models.DecimalField(_("at most (SAR)"), max_digits=10, decimal_places=2,
                              null=True, blank=True, validators=MONEY)
    corrective_period_minutes = models.PositiveIntegerField(_("corrective period (minutes)"),
                                                            default=120)
    repeat_rule = models.CharField(_("on a repeated finding"), max_length=10,
                                   choices=RepeatRule.choices, default=RepeatRule.NONE)
    repeat_percent = models.DecimalField(
        _("maximum percentage on a repeated finding"), max_digits=5, decimal_places=2,
        null=True, blank=True, validators=PERCENT,
    )
    ministry_provides = models.BooleanField(
        _("the ministry provides the service at the provider's cost"), default=False,
        help_text=_("No amount to the pilgrim: the ministry delivers the service and charges "
                    "the provider what it cost."),
    )
    must_still_deliver = models.BooleanField(
        _("the provider must still deliver"), default=False,
        help_text=_("Not delivering is not allowed: the provider delivers and compensates."),
    )
    note = models.TextField(
        _("note for staff"), blank=True,
        help_text=_("Why this cell reads as it does (ambiguities of the published annex)."),
    )

    class Meta:
        verbose_name = _("compensation annex rule")
        verbose_name_plural = _("compensation annex")
        ordering = ["season", "item", "failure"]
        constraints = [
            models.UniqueConstraint(fields=["season", "item", "failure"],
                                    name="compensation_annex_cell_once"),
            models.CheckConstraint(
                condition=~Q(repeat_rule="raise_to") | Q(repeat_percent__isnull=False),
                name="compensation_annex_raise_has_percent",
            ),
        ]

    def __str__(self):
        return f"{self.season_id} {self.get_item_display()} / {self.get_failure_display()}"


@pghistory.track()
class Claim(models.Model):
    """A compensation claim computed from an upheld (or late-fixed) complaint."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved, waiting for payment")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    class Trigger(models.TextChoices):
        UPHELD = "upheld", _("The ministry upheld the complaint")
        FIXED_LATE = "fixed_late", _("Fixed after the corrective period")

    class PaidFrom(models.TextChoices):
        GUARANTEE = "guarantee", _("The provider's withheld guarantee")
        PROVIDER = "provider", _("The provider directly")

    complaint = models.OneToOneField("complaints.Complaint", on_delete=models.PROTECT,
                                     related_name="claim", verbose_name=_("complaint"))
    pilgrim = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="compensation_claims", verbose_name=_("pilgrim"))
    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT,
                                 related_name="compensation_claims", verbose_name=_("provider"))
    contract = models.ForeignKey("packages.Contract", on_delete=models.PROTECT,
                                 related_name="compensation_claims", verbose_name=_("contract"))
    season = models.ForeignKey("packages.Season", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("season"))
    item = models.CharField(_("service item"), max_length=24, choices=ServiceItem.choices)
    failure = models.CharField(_("failure kind"), max_length=16, choices=FailureKind.choices)
    trigger = models.CharField(_("why"), max_length=12, choices=Trigger.choices)
    occurrence = models.PositiveSmallIntegerField(_("occurrence for this pilgrim and item"))
    package_value = models.DecimalField(_("package value (SAR)"), max_digits=12,
                                        decimal_places=2)
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2)
    rule_text = models.TextField(_("rule applied"))
    ministry_provides = models.BooleanField(_("the ministry provided the service"),
                                            default=False)
    ministry_cost = models.DecimalField(
        _("cost of the ministry's provision charged to the provider (SAR)"), max_digits=12,
        decimal_places=2, null=True, blank=True, validators=MONEY,
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    decide_due_at = models.DateTimeField(_("to be decided by"))
    escalated_at = models.DateTimeField(_("escalated (decision overdue)"), null=True,
                                        blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decision_reason = models.TextField(_("reasons"), blank=True)
    paid_from = models.CharField(_("paid from"), max_length=10, choices=PaidFrom.choices,
                                 blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # Where the pilgrim wants the compensation paid (compact, validated by portal.iban);
    # empty: back to the card of the contract's last captured payment.
    payout_iban = models.CharField(_("IBAN for the payout"), max_length=34, blank=True)
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("compensation claim")
        verbose_name_plural = _("compensation claims")
        ordering = ["decide_due_at"]
        indexes = [models.Index(fields=["status", "decide_due_at"])]

    def __str__(self):
        return f"{self.complaint} ({self.amount} SAR)"

    @property
    def payout_key(self) -> str:
        """The key of the money this claim takes out of the guarantee: the ledger's transfer
        carries it, and a payout to the pilgrim through the gateway must be sent with the
        same key, so reconciliation matches the two records."""
        return f"hajjportal-compensation-{self.pk}"


class SeasonPolicy(models.Model):
    """The compensation settings of a season (one row per season, opened with the defaults on
    first use; staff edit it in the admin)."""

    season = models.OneToOneField("packages.Season", on_delete=models.CASCADE,
                                  primary_key=True, related_name="compensation_policy",
                                  verbose_name=_("season"))
    decision_days = models.PositiveSmallIntegerField(
        _("a claim is decided within (days)"), default=15,
    )
    debt_working_days = models.PositiveSmallIntegerField(
        _("the provider pays what the guarantee did not cover within (working days)"),
        default=10,
        help_text=_("Counted on the working-day calendar from the day the claim is paid."),
    )

    class Meta:
        verbose_name = _("season compensation policy")
        verbose_name_plural = _("season compensation policies")
        ordering = ["-season"]

    def __str__(self):
        return str(_("Compensation policy of %(season)s") % {"season": self.season_id})


@pghistory.track()
class ProviderDebt(models.Model):
    """The part of a claim paid from the guarantee that its balance did not cover: the
    provider owes it, by a deadline; an overdue debt goes to the ministry's monitors once."""

    class Status(models.TextChoices):
        OWED = "owed", _("Owed by the provider")
        SETTLED = "settled", _("Settled")

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="debt",
                                 verbose_name=_("compensation claim"))
    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT,
                                 related_name="compensation_debts", verbose_name=_("provider"))
    season = models.ForeignKey("packages.Season", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("season"))
    amount = models.DecimalField(_("amount owed (SAR)"), max_digits=12, decimal_places=2,
                                 validators=MONEY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OWED)
    due_at = models.DateTimeField(_("to be paid by"))
    escalated_at = models.DateTimeField(_("escalated (payment overdue)"), null=True,
                                        blank=True)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("settlement recorded by"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("debt of a provider")
        verbose_name_plural = _("debts of providers")
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0),
                                   name="compensation_debt_amount_positive"),
        ]

    def __str__(self):
        return f"{self.provider} / {self.claim} ({self.amount} SAR)"


class GuaranteeRelease(models.Model):
    """The release of a provider's guarantee after the season: held while a complaint, a
    claim or a debt of the provider's season is open (what holds it is kept here, so staff
    see why), released once nothing is. One row per provider, season and currency."""

    class Status(models.TextChoices):
        PENDING = "pending", _("To be checked")
        HELD = "held", _("Held")
        RELEASED = "released", _("Released")

    provider = models.ForeignKey("packages.Provider", on_delete=models.PROTECT,
                                 related_name="guarantee_releases", verbose_name=_("provider"))
    season = models.ForeignKey("packages.Season", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("season"))
    currency = models.CharField(_("currency"), max_length=3, default="SAR")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    # What held it at the last check (empty once released).
    open_complaints = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                                 verbose_name=_("open complaints"))
    open_claims = ArrayField(models.CharField(max_length=20), default=list, blank=True,
                             verbose_name=_("complaints with an open claim"))
    debt_owed = models.DecimalField(_("compensation owed by the provider (SAR)"),
                                    max_digits=12, decimal_places=2, default=Decimal("0"))
    amount = models.DecimalField(_("amount released"), max_digits=12, decimal_places=2,
                                 null=True, blank=True)
    transfer = models.ForeignKey("ledger.Transfer", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("ledger transfer"))
    checked_at = models.DateTimeField(_("last checked"))
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        verbose_name = _("guarantee release")
        verbose_name_plural = _("guarantee releases")
        ordering = ["-season", "provider"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "season", "currency"],
                                    name="compensation_release_once"),
        ]

    def __str__(self):
        return f"{self.provider} / {self.season_id}"

    @property
    def reason(self) -> str:
        """Why the guarantee is held, in the reader's language (empty when nothing holds)."""
        reasons = []
        if self.open_complaints:
            reasons.append(_("Complaints still open: %(numbers)s.") % {
                "numbers": ", ".join(self.open_complaints)})
        if self.open_claims:
            reasons.append(_("Compensation claims not yet paid or rejected, of complaints "
                             "%(numbers)s.") % {"numbers": ", ".join(self.open_claims)})
        if self.debt_owed:
            reasons.append(_("The provider owes %(amount)s SAR of compensation the guarantee "
                             "did not cover.") % {"amount": self.debt_owed})
        return " ".join(str(reason) for reason in reasons)


def mask_iban(iban: str) -> str:
    """An IBAN as lists and logs show it: the country, then the last four characters."""
    return f"{iban[:2]}{'•' * 4}{iban[-4:]}" if iban else ""


class Payout(GatewayOperation):
    """The compensation of a claim paid from the guarantee, sent to the pilgrim through the
    payment gateway (a row of the gateway outbox, packages.outbox): to the card of the
    contract's last captured payment, or to the IBAN the pilgrim gave.

    Its primary key is the claim's, so its first idempotency key is the claim's `payout_key`,
    the key of the ledger's compensation_paid transfer: reconciliation matches the two."""

    key_prefix = "hajjportal-compensation-"

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, primary_key=True,
                                 related_name="payout", verbose_name=_("compensation claim"))
    # Where the money goes: one of the two (the CHECK below).
    charge_reference = models.CharField(_("card of the payment"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)

    class Meta:
        verbose_name = _("compensation payout")
        verbose_name_plural = _("compensation payouts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0),
                                   name="compensation_payout_positive"),
            # Neither: nowhere to pay (no captured payment, no IBAN), recorded failed.
            models.CheckConstraint(condition=Q(charge_reference="") | Q(iban=""),
                                   name="compensation_payout_one_destination"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="payout_status_next_idx")]

    def __str__(self):
        return f"{self.claim_id}: {self.amount} {self.currency} -> {self.destination_label}"

    @property
    def destination_label(self) -> str:
        return mask_iban(self.iban) if self.iban else str(_("the card paid with"))
