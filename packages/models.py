"""Seasons, providers, packages and the contracts pilgrims make for them.

Every number the ministry publishes (dates, fee, refund windows, instalments, guarantee
share, eligibility) is a row or a field staff edit in the admin; code only reads them.
Permits and accounts depend on `Provider` and `Contract`: `provider.name`,
`contract.season_id` (the Hijri year) and `Contract.Status` keep their meaning.
"""

from decimal import Decimal

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from parler.models import TranslatableModel, TranslatedFields

from portal.hijri import HijriDateField, hijri_to_gregorian
from refunds.choices import CancelReason, PermitState

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
# Contracts are priced, charged and held in riyals (the ledger's accounts carry it).
CURRENCY = "SAR"


class HolySite(models.TextChoices):
    MAKKAH = "makkah", _("Makkah")
    MINA = "mina", _("Mina")
    ARAFAT = "arafat", _("Arafat")
    MUZDALIFAH = "muzdalifah", _("Muzdalifah")


class City(models.TextChoices):
    RIYADH = "riyadh", _("Riyadh")
    JEDDAH = "jeddah", _("Jeddah")
    MAKKAH = "makkah", _("Makkah")
    MADINAH = "madinah", _("Madinah")
    DAMMAM = "dammam", _("Dammam")
    TAIF = "taif", _("Taif")
    ABHA = "abha", _("Abha")
    TABUK = "tabuk", _("Tabuk")
    HAIL = "hail", _("Hail")
    JAZAN = "jazan", _("Jazan")
    QASSIM = "qassim", _("Qassim")


# --- Seasons ----------------------------------------------------------------------------


# Who opened a season (packages.services.season_open_next) and who published it is read back
# from its history.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Season(models.Model):
    """A Hajj year; its primary key is the Hijri year, so `contract.season_id == 1445`.

    The refund windows (full refund to 14 Shawwal, 10% to the end of Dhu al-Qa'dah, nothing
    from 1 Dhu al-Hijjah) are the dates of its `refund_rules` rows alone, the ones the policy
    computes with; sales close where the no-refund row starts (packages.selectors
    .sales_close_on). The complaint
    cut-off, `complaints_until`, is also the end of the agreement (RULES.md section 3), and
    claims are opened from complaints, so it is their cut-off too.
    """

    year = models.PositiveSmallIntegerField(_("Hijri year"), primary_key=True)
    is_published = models.BooleanField(_("published"), default=False)
    track_opens = HijriDateField(_("track launch"))
    track_closes = HijriDateField(_("track close"))
    guarantee_release_after = HijriDateField(_("guarantee released after"))
    complaints_until = HijriDateField(_("last day for complaints"))
    service_fee = models.DecimalField(
        _("e-service fee per client (SAR)"), max_digits=8, decimal_places=2,
        default=Decimal("67.85"),
    )
    guarantee_percent = models.DecimalField(
        _("guarantee withheld from provider revenue (%)"), max_digits=5, decimal_places=2,
        default=Decimal("5.00"), validators=PERCENT,
    )
    # Who may perform Hajj (age, identity, repeat pilgrims) and how many companions one
    # contract may carry (RULES.md section 6) are the season's Hajj permit rule
    # (permits.ServiceRule), which the order and the permit request both apply.
    # How long a holder may cancel with a full refund once the ministry approves a package
    # change that lowers a service level (packages.versions).
    lowered_service_cancel_days = models.PositiveSmallIntegerField(
        _("days to cancel with a full refund after a service level is lowered"), default=14,
    )

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["-year"]

    def __str__(self):
        return _("Hajj %(year)s AH") % {"year": self.year}

    def gregorian(self, field_name: str):
        """The Gregorian day of one of the season's Hijri key dates."""
        return hijri_to_gregorian(getattr(self, field_name))

    KEY_DATES = (
        ("track_opens", _("Track opens")),
        ("track_closes", _("Track closes")),
        ("guarantee_release_after", _("Provider guarantee released after")),
        ("complaints_until", _("Last day for complaints")),
    )


@pghistory.track()  # who changed a window and why (portal.rule_changes)
class RefundRule(TranslatableModel):
    """One row of the season's refund table; the first row that matches a cancellation wins.

    Dates are Hijri and inclusive; empty means from the track launch / to the track close.
    """

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="refund_rules",
                               verbose_name=_("season"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    permit_states = ArrayField(
        models.CharField(max_length=12, choices=PermitState.choices),
        verbose_name=_("permit states"), blank=True, default=list,
        help_text=_("Comma-separated: not_issued, issued, printed, refused. Empty: any state."),
    )
    starts_on = HijriDateField(_("from (Hijri)"), blank=True)
    ends_on = HijriDateField(_("until the end of (Hijri)"), blank=True)
    deduction_percent = models.DecimalField(
        _("deduction (% of the contract value)"), max_digits=5, decimal_places=2,
        default=Decimal("0"), validators=PERCENT,
    )
    deduct_service_fee = models.BooleanField(_("deduct the e-service fee per client"),
                                             default=False)
    translations = TranslatedFields(
        description=models.CharField(_("description shown to pilgrims"), max_length=300),
    )

    class Meta:
        verbose_name = _("refund rule")
        verbose_name_plural = _("refund rules")
        ordering = ["season", "position"]
        constraints = [
            models.UniqueConstraint(fields=["season", "code"], name="packages_refund_rule_code"),
        ]

    def __str__(self):
        return self.safe_translation_getter("description", any_language=True) or self.code


class InstalmentStep(models.Model):
    """One instalment of the season's plan: due hours after the order, or by a Hijri date."""

    season = models.ForeignKey(Season, on_delete=models.CASCADE,
                               related_name="instalment_steps", verbose_name=_("season"))
    position = models.PositiveSmallIntegerField(_("position"))
    percent = models.DecimalField(_("share of the contract value (%)"), max_digits=5,
                                  decimal_places=2, validators=PERCENT)
    due_hours_after_order = models.PositiveIntegerField(_("due hours after the order"),
                                                        null=True, blank=True)
    due_on = HijriDateField(_("due by the end of (Hijri)"), blank=True)

    class Meta:
        verbose_name = _("instalment step")
        verbose_name_plural = _("instalment plan")
        ordering = ["season", "position"]
        constraints = [
            models.UniqueConstraint(fields=["season", "position"],
                                    name="packages_instalment_position"),
            models.CheckConstraint(
                condition=Q(due_hours_after_order__isnull=False) | ~Q(due_on=""),
                name="packages_instalment_has_due",
            ),
        ]

    def __str__(self):
        return f"{self.season_id} #{self.position} ({self.percent}%)"


# --- Providers --------------------------------------------------------------------------


class Provider(TranslatableModel):
    """A licensed company or establishment serving domestic pilgrims.

    `name` stays the legal name (other apps print it); pilgrims see the translated
    `display_name`.
    """

    name = models.CharField(_("legal name"), max_length=200)
    licence_number = models.CharField(_("licence number"), max_length=50, unique=True)
    licence_expires_on = models.DateField(_("licence valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    office_site = models.CharField(_("customer-service office (holy site)"), max_length=12,
                                   choices=HolySite.choices, blank=True)
    translations = TranslatedFields(
        display_name=models.CharField(_("display name"), max_length=200, blank=True),
        office_location=models.CharField(
            _("customer-service office location"), max_length=300, blank=True,
            help_text=_("A prominent spot in the camp, open 24 hours."),
        ),
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def public_name(self):
        return self.safe_translation_getter("display_name", any_language=True) or self.name

    def public_name_in(self, language: str) -> str:
        """The name a message in `language` carries: that language's display name, else the
        legal name. Never another language's display name (an English SMS with the Arabic
        name); the object's own language is the one it was read in, not the message's."""
        if not self.has_translation(language):  # parler would fall back to another language
            return self.name
        return self.safe_translation_getter("display_name", language_code=language) or self.name


class ProviderChannel(models.Model):
    """How pilgrims reach the provider; the mandatory kinds must all be present to publish."""

    class Kind(models.TextChoices):
        MOBILE = "mobile", _("Mobile number")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone number")
        WHATSAPP = "whatsapp", _("WhatsApp Business")
        OTHER = "other", _("Other")

    MANDATORY = (Kind.MOBILE, Kind.EMAIL, Kind.PHONE, Kind.WHATSAPP)

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="channels",
                                 verbose_name=_("provider"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = models.CharField(_("number or address"), max_length=200)
    label = models.CharField(_("label"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")
        ordering = ["provider", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "kind"], condition=~Q(kind="other"),
                                    name="packages_channel_once_per_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


# --- Packages ---------------------------------------------------------------------------


class Package(TranslatableModel):
    """A provider's Hajj package for one season, sold from a quota of places."""

    class Category(models.TextChoices):
        ECONOMIC = "economic", _("Economic (no Mina tent)")
        MINA_TENTS = "mina_tents", _("Mina tents")
        UPGRADED_MINA_TENTS = "upgraded_mina_tents", _("Upgraded Mina tents")
        MINA_TOWERS = "mina_towers", _("Mina towers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for ministry approval")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="packages",
                                 verbose_name=_("provider"))
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="packages",
                               verbose_name=_("season"))
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    price = models.DecimalField(_("price per person (SAR, VAT included)"), max_digits=10,
                                decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    places_total = models.PositiveIntegerField(_("places"))
    places_sold = models.PositiveIntegerField(_("places sold"), default=0, editable=False)
    camp_site = models.CharField(_("camp site"), max_length=12, choices=HolySite.choices,
                                 default=HolySite.MINA)
    camp_code = models.CharField(_("camp number"), max_length=40, blank=True)
    distance_to_jamarat_m = models.PositiveIntegerField(_("distance to the Jamarat (m)"),
                                                        null=True, blank=True)
    departure_city = models.CharField(_("departure city"), max_length=12, choices=City.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The ministry-approved version on sale. Once set, the package's own fields are a copy of
    # it written only by an approval (packages.versions): a change is a new version.
    current_version = models.ForeignKey(
        "PackageVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved version on sale"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        description=models.TextField(_("description"), blank=True),
        camp_location=models.CharField(_("camp location"), max_length=300, blank=True),
        assembly_points=models.TextField(_("assembly points"), blank=True),
    )

    class Meta:
        verbose_name = _("package")
        verbose_name_plural = _("packages")
        ordering = ["season", "price"]
        constraints = [
            # The database itself refuses an oversell, whatever code path tries one.
            models.CheckConstraint(condition=Q(places_sold__lte=F("places_total")),
                                   name="packages_package_not_oversold"),
        ]

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or f"#{self.pk}"

    def name_in(self, language: str) -> str:
        """The package's name for a message in `language` (its own language first)."""
        return self.safe_translation_getter("name", language_code=language,
                                            any_language=True) or f"#{self.pk}"

    @property
    def places_left(self) -> int:
        return max(self.places_total - self.places_sold, 0)


class ServiceLevelRow(models.Model):
    """The columns of one row of a service-levels table (the package's, or a version's)."""

    class Service(models.TextChoices):
        ACCOMMODATION = "accommodation", _("Accommodation")
        CATERING = "catering", _("Catering")
        TRANSPORT = "transport", _("Transport")
        OTHER = "other", _("Other")

    REQUIRED = (Service.ACCOMMODATION, Service.CATERING, Service.TRANSPORT)
    COLUMNS = ("service", "position", "description", "time_frame", "how_requested",
               "how_delivered")

    service = models.CharField(_("service"), max_length=16, choices=Service.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"))
    time_frame = models.CharField(_("time frame"), max_length=300)
    how_requested = models.CharField(_("how it is requested"), max_length=300)
    how_delivered = models.CharField(_("how it is delivered"), max_length=300)

    class Meta:
        abstract = True

    def __str__(self):
        return self.get_service_display()


class ServiceLevel(ServiceLevelRow):
    """One row of the package's service-levels table, filled by the provider."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE,
                                related_name="service_levels", verbose_name=_("package"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service-levels table")
        ordering = ["package", "position", "id"]


# --- Package versions -------------------------------------------------------------------


@pghistory.track()
class PackageVersion(TranslatableModel):
    """Everything a pilgrim buys with a package, as the ministry approved it (or is asked to).

    An approved version never changes: a provider's change is a new draft, submitted, then
    approved (the previous one is superseded) or rejected with a reason; meanwhile the
    approved version stays on sale. Contracts keep the version they were bought at.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for ministry approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    OPEN = (Status.DRAFT, Status.SUBMITTED)
    # What a pilgrim is sold (a change applies to new sales only) and how the service is
    # delivered (a change applies to holders too, who are told).
    SALE_FIELDS = ("price", "places_total")
    DELIVERY_FIELDS = ("category", "camp_site", "camp_code", "distance_to_jamarat_m",
                       "departure_city")
    DELIVERY_TEXTS = ("camp_location", "assembly_points")
    TEXTS = ("name", "description", "camp_location", "assembly_points")

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="versions",
                                verbose_name=_("package"))
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    category = models.CharField(_("category"), max_length=24, choices=Package.Category.choices)
    price = models.DecimalField(_("price per person (SAR, VAT included)"), max_digits=10,
                                decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    places_total = models.PositiveIntegerField(_("places"))
    camp_site = models.CharField(_("camp site"), max_length=12, choices=HolySite.choices,
                                 default=HolySite.MINA)
    camp_code = models.CharField(_("camp number"), max_length=40, blank=True)
    distance_to_jamarat_m = models.PositiveIntegerField(_("distance to the Jamarat (m)"),
                                                        null=True, blank=True)
    departure_city = models.CharField(_("departure city"), max_length=12, choices=City.choices)
    lowers_service = models.BooleanField(
        _("lowers a service level"), default=False,
        help_text=_("Marked by the ministry when approving: holders may then cancel with a "
                    "full refund for the season's period."),
    )
    reason = models.TextField(_("reason for the rejection"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("proposed by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    translations = TranslatedFields(
        name=models.CharField(_("name"), max_length=200),
        description=models.TextField(_("description"), blank=True),
        camp_location=models.CharField(_("camp location"), max_length=300, blank=True),
        assembly_points=models.TextField(_("assembly points"), blank=True),
    )

    class Meta:
        verbose_name = _("package version")
        verbose_name_plural = _("package versions")
        ordering = ["package", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"],
                                    name="packages_version_number_once"),
            models.UniqueConstraint(fields=["package"], condition=Q(status="approved"),
                                    name="packages_version_one_approved"),
            models.UniqueConstraint(fields=["package"],
                                    condition=Q(status__in=["draft", "submitted"]),
                                    name="packages_version_one_open"),
        ]

    def __str__(self):
        name = self.safe_translation_getter("name", any_language=True) or f"#{self.package_id}"
        return _("%(package)s, version %(number)s") % {"package": name, "number": self.number}

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class VersionServiceLevel(ServiceLevelRow):
    """One row of a version's service-levels table."""

    version = models.ForeignKey(PackageVersion, on_delete=models.CASCADE,
                                related_name="service_levels", verbose_name=_("version"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service-levels table")
        ordering = ["version", "position", "id"]


# --- Contracts --------------------------------------------------------------------------


@pghistory.track()
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

    class PaymentPlan(models.TextChoices):
        FULL = "full", _("In full")
        INSTALMENTS = "instalments", _("In instalments")

    CancelReason = CancelReason  # the refund table's vocabulary (refunds.choices)

    pilgrim = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts",
        verbose_name=_("pilgrim"),
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("provider")
    )
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="contracts",
                               verbose_name=_("season"))
    package = models.ForeignKey(Package, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="contracts", verbose_name=_("package"))
    # The version bought: its price and terms stay the contract's whatever is approved later.
    version = models.ForeignKey("PackageVersion", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="contracts",
                                verbose_name=_("package version bought"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ORDERED
    )
    clients = models.PositiveSmallIntegerField(_("number of clients"), default=1)
    # Of the clients, the places held for invited companions who have not answered yet
    # (consent.Invitation, purpose "packages.contract"); no payment is taken meanwhile.
    held_places = models.PositiveSmallIntegerField(_("places held for invited companions"),
                                                   default=0)
    price_per_person = models.DecimalField(_("price per person (SAR)"), max_digits=10,
                                           decimal_places=2, null=True, blank=True)
    value = models.DecimalField(_("contract value (SAR)"), max_digits=12, decimal_places=2)
    payment_plan = models.CharField(_("payment"), max_length=12, choices=PaymentPlan.choices,
                                    default=PaymentPlan.FULL)
    contact_mobile = models.CharField(_("booking mobile"), max_length=16, blank=True)
    channels_acknowledged_at = models.DateTimeField(
        _("provider channels acknowledged"), null=True, blank=True
    )
    channels_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("acknowledged by"),
    )
    acknowledged_channels = models.JSONField(_("channels shown when acknowledged"),
                                             default=list, blank=True)
    refund_policy = models.JSONField(
        _("refund policy in force when contracted"), default=dict, blank=True,
        help_text=_("A later edit of the season's rules changes this contract only where staff "
                    "carry it into signed contracts, as the ministry decided it."),
    )
    paid_at = models.DateTimeField(_("paid in full"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("cancellation reason"), max_length=16,
                                     choices=CancelReason.choices, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at"]
        constraints = [
            # A mobile number serves one live booking per season.
            models.UniqueConstraint(
                fields=["season", "contact_mobile"],
                condition=~Q(status="cancelled") & ~Q(contact_mobile=""),
                name="packages_contract_mobile_once",
            ),
        ]

    def __str__(self):
        return f"{self.provider} / {self.pilgrim} / {self.season_id}"

    def get_absolute_url(self):
        """The pilgrim's page of the contract (the e-mail notices link to it)."""
        return reverse("packages:contract_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The booking number pilgrims quote (SMS, pages, the care centre)."""
        return f"H{self.season_id}-{self.pk:06d}"

    @property
    def permit_state(self) -> str:
        return {
            self.Status.PERMIT_ISSUED: PermitState.ISSUED,
            self.Status.PERMIT_PRINTED: PermitState.PRINTED,
            self.Status.COMPLETED: PermitState.PRINTED,
        }.get(self.status, PermitState.NOT_ISSUED)

    @property
    def is_live(self) -> bool:
        return self.status not in (self.Status.CANCELLED, self.Status.COMPLETED)


class ContractVersionChange(models.Model):
    """A holder told of an approved change to how their package is delivered.

    The contract page shows the difference between the two versions; a change that lowers
    a service level gives the holder, until `full_refund_until`, the right to cancel with a
    full refund (packages.services.contract_cancel honours it).
    """

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE,
                                 related_name="version_changes", verbose_name=_("contract"))
    from_version = models.ForeignKey(PackageVersion, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("previous version"))
    to_version = models.ForeignKey(PackageVersion, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("approved version"))
    lowers_service = models.BooleanField(_("lowers a service level"), default=False)
    full_refund_until = models.DateTimeField(_("may cancel with a full refund until"),
                                             null=True, blank=True)
    created_at = models.DateTimeField(_("told"), default=timezone.now)

    class Meta:
        verbose_name = _("package change told to a holder")
        verbose_name_plural = _("package changes told to holders")
        ordering = ["contract", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "to_version"],
                                    name="packages_version_change_once"),
        ]

    def __str__(self):
        return f"{self.contract_id}: {self.from_version_id} -> {self.to_version_id}"


class ContractClient(models.Model):
    """A person on the contract: the pilgrim who ordered and up to the season's companions."""

    class Relationship(models.TextChoices):
        SELF = "self", _("Self")
        SPOUSE = "spouse", _("Spouse")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Child")
        SIBLING = "sibling", _("Brother or sister")
        RELATIVE = "relative", _("Other relative")
        OTHER = "other", _("Other")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="persons",
                                 verbose_name=_("contract"))
    # Denormalised so the database enforces one live booking per person per season.
    season = models.ForeignKey(Season, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("season"))
    is_active = models.BooleanField(_("live booking"), default=True)
    is_holder = models.BooleanField(_("ordered the contract"), default=False)
    full_name = models.CharField(_("full name"), max_length=200)
    id_type = models.CharField(_("identity document"), max_length=20)
    id_number = models.CharField(_("identity number"), max_length=15)
    identity_expires_on = models.DateField(_("identity valid until"))
    nationality = CountryField(_("nationality"))
    gender = models.CharField(_("gender"), max_length=6)
    date_of_birth = models.DateField(_("date of birth"))
    mobile = models.CharField(_("mobile"), max_length=16, blank=True)
    relationship = models.CharField(_("relationship"), max_length=10,
                                    choices=Relationship.choices, default=Relationship.SELF)
    is_mahram = models.BooleanField(_("mahram"), default=False)
    last_hajj_year = models.PositiveSmallIntegerField(_("last Hajj (Hijri year)"), null=True,
                                                      blank=True)

    class Meta:
        verbose_name = _("person on a contract")
        verbose_name_plural = _("persons on the contract")
        ordering = ["contract", "-is_holder", "id"]
        constraints = [
            models.UniqueConstraint(fields=["season", "id_type", "id_number"],
                                    condition=Q(is_active=True),
                                    name="packages_client_one_live_booking"),
        ]

    def __str__(self):
        return self.full_name


class Instalment(models.Model):
    class Status(models.TextChoices):
        DUE = "due", _("Due")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="instalments",
                                 verbose_name=_("contract"))
    position = models.PositiveSmallIntegerField(_("position"))
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2)
    due_at = models.DateTimeField(_("due by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DUE)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["contract", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "position"],
                                    name="packages_contract_instalment_once"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.contract_id} #{self.position}: {self.amount}"


class PaymentAttempt(models.Model):
    """One call to the payment gateway; its id is the gateway's idempotency key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT,
                                   related_name="attempts", verbose_name=_("instalment"))
    amount = models.DecimalField(_("amount (SAR)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # What refunds have taken back of this captured payment (their RefundParts, sent or not):
    # changed only under this row's lock (packages.refunding), and the CHECK below holds it
    # within the payment whatever code writes.
    refunded_amount = models.DecimalField(_("refunded (SAR)"), max_digits=12, decimal_places=2,
                                          default=Decimal("0"))

    class Meta:
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("amount")),
                name="packages_payment_refunded_within_amount"),
        ]

    def __str__(self):
        return f"{self.instalment} {self.status}"

    @property
    def idempotency_key(self) -> str:
        return f"hajjportal-payment-{self.pk}"


class GatewayOperation(models.Model):
    """Money the portal sends through the payment gateway, as a row of its outbox
    (packages.outbox): queued -> sending (claimed by one worker, for a lease) -> pending
    (accepted, settling) -> settled, or failed (refused, settled failed, or out of attempts:
    staff send it again from the admin). Each row is one request at the gateway with its own
    idempotency key (`key_prefix` + id, and the generation after a failed one)."""

    key_prefix = ""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        PENDING = "pending", _("Accepted, settling")
        SETTLED = "settled", _("Settled")
        FAILED = "failed", _("Failed")

    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="SAR")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # Start of the current send's lease: a row left "sending" past it lost its worker.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # The last request may have reached the gateway: the next try looks the key up first.
    outcome_unknown = models.BooleanField(_("outcome unknown"), default=False)
    # An operation the gateway settled as failed has spent its key (a resend with it would
    # get the failed one back): staff's "send again" moves to the next key.
    key_generation = models.PositiveSmallIntegerField(_("key generation"), default=0)
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def idempotency_key(self) -> str:
        suffix = f"-{self.key_generation}" if self.key_generation else ""
        return f"{self.key_prefix}{self.pk}{suffix}"


class RefundPart(GatewayOperation):
    """The part of a refund that goes back to the card of one captured payment.

    A refund (refunds.Refund) is split over the payments it reverses, newest first; each part
    is one refund request at the gateway, a row of the gateway outbox (GatewayOperation). It
    lives here, not in refunds, because it joins a refund to a packages.PaymentAttempt and
    refunds sits below packages.
    """

    key_prefix = "hajjportal-refund-"

    refund = models.ForeignKey("refunds.Refund", on_delete=models.PROTECT, related_name="parts",
                               verbose_name=_("refund"))
    payment = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT,
                                related_name="refund_parts", verbose_name=_("payment"))

    class Meta:
        verbose_name = _("refund part")
        verbose_name_plural = _("refund parts")
        ordering = ["refund", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="packages_refundpart_positive"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"],
                                name="refundpart_status_next_idx")]

    def __str__(self):
        return f"{self.refund_id}/{self.pk}: {self.amount} {self.currency}"


class GatewayEvent(models.Model):
    """A payment-gateway webhook already applied: a repeat of its event_id changes nothing."""

    event_id = models.CharField(_("event id"), max_length=100, unique=True)
    type = models.CharField(_("type"), max_length=40)
    key = models.CharField(_("idempotency key"), max_length=200, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("payment gateway event")
        verbose_name_plural = _("payment gateway events")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.event_id} {self.type}"


class MealWindow(models.Model):
    """An announced meal window of the service levels: the season's row for every package,
    or a package's own row that replaces the season's for the same meal. Arafat meals are
    those of 9 Dhu al-Hijjah, the Muzdalifah meal that of the night after; the breakfast,
    lunch and dinner rows hold on every other day."""

    class Meal(models.TextChoices):
        ARAFAT_BREAKFAST = "arafat_breakfast", _("Arafat breakfast")
        ARAFAT_LUNCH = "arafat_lunch", _("Arafat lunch")
        MUZDALIFAH = "muzdalifah", _("Muzdalifah meal")
        BREAKFAST = "breakfast", _("Breakfast")
        LUNCH = "lunch", _("Lunch")
        DINNER = "dinner", _("Dinner")

    class Opens(models.TextChoices):
        AT = "at", _("At the time given")
        AFTER_FAJR = "after_fajr", _("After the Fajr prayer")
        ON_ARRIVAL = "on_arrival", _("On arrival")

    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="meal_windows",
                               verbose_name=_("season"))
    package = models.ForeignKey(
        "Package", on_delete=models.CASCADE, null=True, blank=True,
        related_name="meal_windows", verbose_name=_("package"),
        help_text=_("Empty: the season's announced window for every package."))
    meal = models.CharField(_("meal"), max_length=20, choices=Meal.choices)
    opens = models.CharField(_("opens"), max_length=12, choices=Opens.choices, default=Opens.AT)
    opens_at = models.TimeField(_("from (Makkah time)"), null=True, blank=True)
    closes_at = models.TimeField(
        _("until (Makkah time)"), null=True, blank=True,
        help_text=_("Empty for a meal served on arrival: no clock time makes it late."))

    class Meta:
        verbose_name = _("meal window")
        verbose_name_plural = _("meal windows")
        ordering = ["season", "package", "opens_at", "meal"]
        constraints = [
            models.UniqueConstraint(fields=["season", "meal"], condition=Q(package=None),
                                    name="packages_meal_window_season_once"),
            models.UniqueConstraint(fields=["package", "meal"],
                                    condition=Q(package__isnull=False),
                                    name="packages_meal_window_package_once"),
            models.CheckConstraint(condition=~Q(opens="at") | Q(opens_at__isnull=False),
                                   name="packages_meal_window_opens_at_time"),
        ]

    def __str__(self):
        return f"{self.season_id} {self.get_meal_display()}"
