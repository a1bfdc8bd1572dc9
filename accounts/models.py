import pghistory
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from . import choices
from .identity import normalize_identity_number, validate_identity_number


class User(AbstractUser):
    """A person who signs in: pilgrim, provider staff, care-centre agent or ministry staff.

    E-mail is the login; the identity document and phone live on the pilgrim profile.
    """

    email = models.EmailField(_("e-mail address"), unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"


def language_choices():
    # A callable, so settings are read when the field is used, not at import time.
    return list(settings.LANGUAGES)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PilgrimProfile(models.Model):
    """Who the pilgrim is, as on the official identity document.

    A new account has no profile: the pilgrim completes it right after sign-up (web: the
    /profile/ page, app: PUT /api/v1/accounts/profile/) before using any e-service.
    """

    IdType = choices.IdType
    Gender = choices.Gender

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    id_type = models.CharField(_("identity document"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("identity number"), max_length=15)
    nationality = CountryField(_("nationality"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    mobile = PhoneNumberField(_("mobile phone"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=language_choices, default="ar"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("pilgrim profile")
        verbose_name_plural = _("pilgrim profiles")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_type", "id_number"], name="accounts_profile_unique_identity",
                violation_error_message=_("Another account already uses this identity number."),
            ),
        ]
        permissions = [("view_full_identity", _("Can see full identity numbers"))]

    def __str__(self):
        return self.full_name

    def clean(self):
        self.id_number = normalize_identity_number(self.id_type, self.id_number)
        if self.id_type and self.id_number:
            try:
                validate_identity_number(self.id_type, self.id_number)
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.error_list}) from exc


class MobileChange(models.Model):
    """A new mobile number waiting for the code sent to it (accounts.services.mobile_change_*).

    One per user: asking again replaces the code. The code is kept only as a keyed hash
    (salted with the user, number and time sent), and the row is deleted once confirmed.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="mobile_change", verbose_name=_("user"))
    mobile = PhoneNumberField(_("new mobile phone"))
    code_hash = models.CharField(_("code (hashed)"), max_length=128)
    sent_at = models.DateTimeField(_("code sent"))
    expires_at = models.DateTimeField(_("code expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)

    class Meta:
        verbose_name = _("mobile number change")
        verbose_name_plural = _("mobile number changes")

    def __str__(self):
        return f"{self.user_id}: {self.mobile}"


class StaffProfile(models.Model):
    """Back-office details of a staff member; provider staff belong to one provider."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile",
        verbose_name=_("user"),
    )
    provider = models.ForeignKey(
        "packages.Provider", on_delete=models.PROTECT, null=True, blank=True,
        related_name="staff", verbose_name=_("provider company"),
        help_text=_("Only for provider staff: the company whose records they may handle."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)
