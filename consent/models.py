"""Consent to be put on someone else's booking or contract.

A person is added to another account's booking only (a) as a *dependant* the account holder
declared on their own profile with a document, confirmed by staff where the service limits
how often a person may go, or (b) by accepting an *invitation* sent to their own account
(their identity number AND its mobile must match), or (c) at once when they granted the
inviter a *standing consent*. What the invitation is for (a permit booking, a package
contract...) belongs to the app that registered the purpose (consent.hooks).
"""

import secrets

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import Gender, IdType


class Policy(models.Model):
    """The consent rules staff tune (one row, seeded by migration 0002)."""

    invitation_hours = models.PositiveIntegerField(
        _("an invitation must be answered within (hours)"), default=24,
        help_text=_("Seats held for an invited companion are released when it lapses; it also "
                    "lapses when the booking closes, whichever comes first."))
    document_max_mb = models.PositiveSmallIntegerField(_("largest dependant document (MB)"),
                                                       default=5)

    class Meta:
        verbose_name = _("consent policy")
        verbose_name_plural = _("consent policy")

    def __str__(self):
        return str(_("Consent policy"))


def dependant_document_path(instance, filename):
    # Never the uploaded name on disk: it may hold personal data or path tricks.
    return f"consent/dependants/{instance.owner_id}/{secrets.token_urlsafe(18)}"


@pghistory.track()
class Dependant(models.Model):
    """A person without an account whom the owner books (child, wife, parent), declared once
    with a document proving the relation."""

    class Relation(models.TextChoices):
        SON = "son", _("Son")
        DAUGHTER = "daughter", _("Daughter")
        WIFE = "wife", _("Wife")
        HUSBAND = "husband", _("Husband")
        FATHER = "father", _("Father")
        MOTHER = "mother", _("Mother")
        BROTHER = "brother", _("Brother")
        SISTER = "sister", _("Sister")
        OTHER = "other", _("Other relative in my care")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting staff review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        # Claimed by two accounts, or the identity of an account holder: staff decide.
        IN_REVIEW = "in_review", _("In review (conflict)")

    # What the owner reads: a conflict looks like any review, or the status would tell a
    # stranger that the number belongs to somebody.
    OWNER_STATUS = {Status.IN_REVIEW: Status.PENDING}
    BOOKABLE = (Status.PENDING, Status.CONFIRMED, Status.IN_REVIEW)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="dependants", verbose_name=_("account holder"))
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("identity number"), max_length=15)
    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    document = models.FileField(_("document proving the relation"),
                                upload_to=dependant_document_path)
    document_type = models.CharField(_("document content type"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(_("added"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_reason = models.TextField(_("review reason"), blank=True)

    class Meta:
        verbose_name = _("dependant")
        verbose_name_plural = _("dependants")
        ordering = ["owner", "full_name"]
        constraints = [models.UniqueConstraint(fields=["owner", "id_type", "id_number"],
                                               name="consent_dependant_once_per_owner")]
        indexes = [models.Index(fields=["id_type", "id_number"])]

    def __str__(self):
        return self.full_name

    @property
    def owner_status(self) -> str:
        return self.OWNER_STATUS.get(self.status, self.status)

    def get_owner_status_display(self) -> str:
        return self.Status(self.owner_status).label


@pghistory.track()
class StandingConsent(models.Model):
    """The grantor lets the account with this identity number add them at once, without an
    invitation (family). The number is kept as the grantor typed it, so granting never
    tells the grantor whether it belongs to an account."""

    grantor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="consents_granted", verbose_name=_("granted by"))
    grantee_id_type = models.CharField(_("identity document"), max_length=20,
                                       choices=IdType.choices)
    grantee_id_number = models.CharField(_("identity number"), max_length=15)
    granted_at = models.DateTimeField(_("granted"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("standing consent")
        verbose_name_plural = _("standing consents")
        ordering = ["-granted_at"]
        constraints = [models.UniqueConstraint(
            fields=["grantor", "grantee_id_type", "grantee_id_number"],
            condition=Q(revoked_at__isnull=True), name="consent_standing_once")]

    def __str__(self):
        return f"{self.grantor} -> {self.grantee_id_type}"


def invitation_token() -> str:
    return secrets.token_urlsafe(24)


@pghistory.track()
class Invitation(models.Model):
    """One person asked to join something of the inviter's (purpose + object id), with the
    seats held for them until they answer or the invitation lapses."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed")
        REFUSED = "refused", _("Not eligible")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What the inviter reads: an eligibility refusal is the companion's business, so it
    # shows as a decline.
    INVITER_STATUS = {Status.REFUSED: Status.DECLINED}

    inviter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="invitations_sent", verbose_name=_("invited by"))
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("identity number"), max_length=15)
    mobile = models.CharField(_("mobile as typed"), max_length=20)
    # Matched by identity AND mobile; never shown to the inviter.
    invitee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="invitations_received",
                                verbose_name=_("invited account"))
    purpose = models.CharField(_("purpose"), max_length=50)
    object_id = models.BigIntegerField(_("object id"))
    seats = models.PositiveSmallIntegerField(_("seats held"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    by_standing_consent = models.BooleanField(_("by standing consent"), default=False)
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    refusal_code = models.CharField(_("refusal code"), max_length=50, blank=True)
    token = models.CharField(_("link token"), max_length=40, unique=True,
                             default=invitation_token, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["purpose", "object_id"]),
                   models.Index(fields=["status", "expires_at"]),
                   models.Index(fields=["invitee", "status"])]

    def __str__(self):
        return f"{self.purpose} #{self.object_id}"

    @property
    def inviter_status(self) -> str:
        return self.INVITER_STATUS.get(self.status, self.status)

    def get_inviter_status_display(self) -> str:
        return self.Status(self.inviter_status).label
