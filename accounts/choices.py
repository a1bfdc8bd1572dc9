"""Choices shared by the profile model and the identity validator (no model import needed)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdType(models.TextChoices):
    NATIONAL_ID = "national_id", _("Saudi national ID")
    IQAMA = "iqama", _("Resident identity (iqama)")
    PASSPORT = "passport", _("Passport")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
