"""Hajj registration priorities and their transfer from a holder who cannot go to a person
who wants one, matched first come, first served within a province (RULES.md sections 3, 6).

Every row that changes hands is tracked by pghistory, so the whole life of a priority (who
held it, who offered it, who matched, who completed) can be read back.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class TransferRules(models.Model):
    """The published rules as data, one row per season (staff edit them in the admin); a
    season without its own row follows the latest earlier season's."""

    season = models.OneToOneField("packages.Season", on_delete=models.CASCADE,
                                  related_name="transfer_rules", verbose_name=_("season"))
    min_recipient_age = models.PositiveSmallIntegerField(_("minimum age of the recipient"),
                                                         default=18)
    relatives_exempt_from_age = models.BooleanField(
        _("parents, spouses, children and siblings are exempt from the age limit"), default=True)
    non_relatives_current_year_only = models.BooleanField(
        _("only priorities due this year go to non-relatives"), default=True)
    completion_days = models.PositiveSmallIntegerField(
        _("days the agent has to complete a match"), default=7)
    agent_fee_cap = models.DecimalField(_("agent fee cap (SAR)"), max_digits=9,
                                        decimal_places=2, default=500)
    max_price = models.DecimalField(
        _("highest transfer price (SAR)"), max_digits=11, decimal_places=2, null=True,
        blank=True, help_text=_("Empty: no cap beyond the deposit paid."))
    # Every heir claim is received alike, so only a per-account cap keeps the form from
    # being used to try numbers at scale.
    heir_claims_per_window = models.PositiveSmallIntegerField(
        _("heir claims one account may file per window"), default=3)
    heir_claim_window_days = models.PositiveSmallIntegerField(
        _("heir claim window (days)"), default=30)

    class Meta:
        verbose_name = _("transfer rules")
        verbose_name_plural = _("transfer rules")
        ordering = ["-season_id"]

    def __str__(self):
        return _("Transfer rules of %(season)s") % {"season": self.season}


class Province(TranslatableModel):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    translations = TranslatedFields(name=models.CharField(_("name"), max_length=100))

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.safe_translation_getter("name", any_language=True) or self.code


class AccreditedAgent(models.Model):
    """A provider accredited as a pilgrimage services office, allowed to complete transfers."""

    provider = models.OneToOneField("packages.Provider", on_delete=models.PROTECT,
                                    related_name="transfer_accreditation",
                                    verbose_name=_("provider"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    accredited_until = models.DateField(_("accredited until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("accredited agent")
        verbose_name_plural = _("accredited agents")

    def __str__(self):
        return self.provider.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Registration(models.Model):
    """A place in a season's Hajj queue, bought with a deposit."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="hajj_registrations", verbose_name=_("holder"))
    due_year = models.PositiveSmallIntegerField(_("due year (Hijri)"))
    priority_number = models.PositiveIntegerField(_("priority number"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    deposit = models.DecimalField(_("deposit (SAR)"), max_digits=11, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.ACTIVE)
    registered_at = models.DateTimeField(_("registered"))

    class Meta:
        ordering = ["due_year", "priority_number"]
        verbose_name = _("Hajj registration")
        verbose_name_plural = _("Hajj registrations")
        constraints = [models.UniqueConstraint(fields=["due_year", "priority_number"],
                                               name="transfers_one_number_per_year")]

    def __str__(self):
        return f"{self.due_year}/{self.priority_number}"


class Relation(models.TextChoices):
    PARENT = "parent", _("Parent")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")


LIVE = ("open", "matched")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Offer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a match")
        MATCHED = "matched", _("Matched")
        COMPLETED = "completed", _("Transferred")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAPSED = "lapsed", _("Lapsed with the season's close")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT,
                                     related_name="offers", verbose_name=_("registration"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="transfer_offers", verbose_name=_("holder"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    price = models.DecimalField(_("price (SAR)"), max_digits=11, decimal_places=2)
    # The holder names the relative the offer is for; a relative's request matches only an
    # offer naming its applicant, so nobody holds up an offer by naming its holder.
    relative_id_number = models.CharField(
        _("identity number of the relative the priority is for"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    # The place in line: kept when a match lapses, so the offer returns to the front.
    queued_at = models.DateTimeField(_("in line since"))

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("transfer offer")
        verbose_name_plural = _("transfer offers")
        constraints = [models.UniqueConstraint(
            fields=["user"], condition=Q(status__in=LIVE), name="transfers_one_live_offer")]

    def __str__(self):
        return f"{self.registration} ({self.get_status_display()})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class TransferRequest(models.Model):
    Status = Offer.Status

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="transfer_requests", verbose_name=_("applicant"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, verbose_name=_("province"))
    relation = models.CharField(_("relation to the holder"), max_length=10,
                                choices=Relation.choices, blank=True)
    relative_id_number = models.CharField(
        _("identity number of the relative who holds the priority"), max_length=15, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.OPEN)
    queued_at = models.DateTimeField(_("in line since"))

    class Meta:
        ordering = ["queued_at", "pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [models.UniqueConstraint(
            fields=["user"], condition=Q(status__in=LIVE), name="transfers_one_live_request")]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class Match(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the agent")
        COMPLETED = "completed", _("Completed")
        LAPSED = "lapsed", _("Lapsed")

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="matches",
                              verbose_name=_("offer"))
    request = models.ForeignKey(TransferRequest, on_delete=models.PROTECT,
                                related_name="matches", verbose_name=_("request"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    price = models.DecimalField(_("price (SAR)"), max_digits=11, decimal_places=2)
    holder_agent = models.ForeignKey(AccreditedAgent, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("agent chosen by the holder"))
    recipient_agent = models.ForeignKey(AccreditedAgent, on_delete=models.PROTECT, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("agent chosen by the recipient"))
    agent_fee = models.DecimalField(_("agent fee (SAR)"), max_digits=9, decimal_places=2,
                                    null=True, blank=True)
    matched_at = models.DateTimeField(_("matched"))
    deadline = models.DateTimeField(_("complete by"))
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("completed by"))

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        # The last guard: whatever the code does, one offer (one request) has one live match.
        constraints = [
            models.UniqueConstraint(fields=["offer"], condition=~Q(status="lapsed"),
                                    name="transfers_offer_matched_once"),
            models.UniqueConstraint(fields=["request"], condition=~Q(status="lapsed"),
                                    name="transfers_request_matched_once"),
        ]

    def __str__(self):
        return f"{self.offer.registration} → {self.request.user}"

    @property
    def reference(self) -> str:
        """The number both parties quote (the public inquiry, the SMS keyword)."""
        return f"TM-{self.pk:06d}"

    @property
    def agent(self):
        if self.holder_agent_id and self.holder_agent_id == self.recipient_agent_id:
            return self.holder_agent
        return None


def probate_path(instance, filename):
    # Never the heir's file name on disk: it may hold personal data or path tricks.
    return f"transfers/probate/{instance.token}"


class HeirRefusal(models.TextChoices):
    """Why staff refuse an heir claim; the label goes to the heir by SMS in their language."""

    NO_REGISTRATION = "no_registration", _(
        "no active Hajj registration matches the due year, priority number and holder's "
        "identity number given")
    DOCUMENT = "document", _("the probate document does not show you as an heir of the holder")
    UNREADABLE = "unreadable", _("the probate document cannot be read")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class HeirClaim(models.Model):
    """What the heir typed, and the registration it matched when filed (none: staff see "no
    matching registration" and refuse); the heir sees the same either way until staff
    decide, so the form never tells whether a registration exists."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Under review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="heir_claims",
                                     verbose_name=_("registration"))
    due_year = models.PositiveSmallIntegerField(_("due year (Hijri)"))
    priority_number = models.PositiveIntegerField(_("priority number"))
    holder_id_number = models.CharField(_("identity number of the deceased holder"),
                                        max_length=15)
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="heir_claims", verbose_name=_("heir"))
    probate_document = models.FileField(_("probate document"), upload_to=probate_path)
    # The document is only served through a view that checks who asks (claimant or staff).
    token = models.CharField(max_length=40, unique=True, null=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    filed_at = models.DateTimeField(_("filed"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    refusal_reason = models.CharField(_("reason for refusal"), max_length=20,
                                      choices=HeirRefusal.choices, blank=True)

    class Meta:
        verbose_name = _("heir claim")
        verbose_name_plural = _("heir claims")

    def __str__(self):
        return f"{self.number} ← {self.claimant}"

    @property
    def number(self) -> str:
        """The priority as the heir typed it (shown to the heir whether or not it exists)."""
        return f"{self.due_year}/{self.priority_number}"
